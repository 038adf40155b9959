"""Private file storage: clients' attachments live under ``PRIVATE_MEDIA_ROOT``, outside the
static root and outside ``MEDIA_ROOT`` (which the development server serves at /media/).

A file here has no URL: it is read only by a view that has already passed the visibility
gate (``complaints.register.views.attachment_download``). ``check_private_storage`` (a system check)
refuses a configuration that would put the folder inside a served one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

# The storage itself lives in the desk's core, which the signed rules sheets use too.
from servicedesk.storage import PrivateStorage, private_root, private_storage

__all__ = ["PrivateStorage", "check_private_storage", "private_root", "private_storage"]


def _inside(child: Path, parent: Path) -> bool:
    child, parent = child.resolve(), parent.resolve()
    return child == parent or child.is_relative_to(parent) or parent.is_relative_to(child)


@register()
def check_private_storage(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The private folder must not overlap a folder that is served as files."""
    errors: list[CheckMessage] = []
    root = private_root()
    served = {"MEDIA_ROOT": settings.MEDIA_ROOT, "STATIC_ROOT": settings.STATIC_ROOT}
    served.update({f"STATICFILES_DIRS[{i}]": d for i, d in enumerate(settings.STATICFILES_DIRS)})
    for name, folder in served.items():
        if folder and _inside(root, Path(str(folder))):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({root}) overlaps {name} ({folder}), which is served.",
                    hint="Point PRIVATE_MEDIA_ROOT at a folder no web server serves.",
                    id="complaints.E001",
                )
            )
    return errors
