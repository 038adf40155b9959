"""Private file storage: files that only a permission-checked view may return (clients'
attachments, signed rules acknowledgement sheets) live under ``PRIVATE_MEDIA_ROOT``, outside the
static root and outside ``MEDIA_ROOT`` (which the development server serves at /media/).

A file here has no URL: it is read only by a view that has already checked who asks. The
system check that refuses a private folder inside a served one is
``complaints.storage.check_private_storage``."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse


class PrivateStorage(FileSystemStorage):
    """``FileSystemStorage`` rooted at ``settings.PRIVATE_MEDIA_ROOT``, read on each use (tests
    and deployments may change it), and without URLs."""

    @property
    def base_location(self) -> str:
        return str(private_root())

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; use the download view.")


def private_root() -> Path:
    default = Path(settings.BASE_DIR) / "private"
    return Path(getattr(settings, "PRIVATE_MEDIA_ROOT", default))


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage instance; a callable so that migrations name it, not a path."""
    return _storage


def private_download(file: File, *, filename: str, content_type: str) -> FileResponse:
    """A private file as a download that no cache keeps; the caller has checked who asks."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
