"""Signatures under the rules (clause 9: employees "ar parakstu apliecina" that they will follow
them): the only writer of the signed acknowledgement sheets and of the signatures read from them.

The printed sheet of a version (``servicedesk.views.rules_signatures.rules_sheet_print``) lists
every employee, with or without a login. Once signed, its scan, or a signed e-document
(.edoc, .asice, .asics: ZIP containers with the signatures under META-INF/), is attached to the
version, and the administrator marks who signed it on which date."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from servicedesk.models import Employee, RulesSignature, RulesSignedSheet, RulesVersion
from servicedesk.roles import Action, can
from servicedesk.uploads import starts_as, zip_names

if TYPE_CHECKING:
    from servicedesk.types import User

logger = logging.getLogger(__name__)

SCAN = RulesSignedSheet.Kind.SCAN
E_DOCUMENT = RulesSignedSheet.Kind.E_DOCUMENT
#: Extension → (content type, kind). .edoc is the Latvian eParaksts container (ASiC-E).
SHEET_TYPES = {
    "pdf": ("application/pdf", SCAN),
    "jpg": ("image/jpeg", SCAN),
    "jpeg": ("image/jpeg", SCAN),
    "png": ("image/png", SCAN),
    "edoc": ("application/vnd.etsi.asic-e+zip", E_DOCUMENT),
    "asice": ("application/vnd.etsi.asic-e+zip", E_DOCUMENT),
    "asics": ("application/vnd.etsi.asic-s+zip", E_DOCUMENT),
}
DEFAULT_SHEET_MAX_BYTES = 20 * 1024 * 1024


def sheet_max_bytes() -> int:
    """The largest sheet accepted (``RULES_SHEET_MAX_BYTES``; 20 MB: a few scanned pages)."""
    return int(getattr(settings, "RULES_SHEET_MAX_BYTES", DEFAULT_SHEET_MAX_BYTES))


@dataclass(frozen=True)
class CheckedSheet:
    name: str
    content_type: str
    kind: str
    size: int


def _is_signed_container(upload: UploadedFile) -> bool:
    """A ZIP container (it starts as one and opens as one) holding a signature under
    META-INF/, as ASiC containers do (signatures*.xml, signature.p7s, timestamp.tst)."""
    if not starts_as(upload, "zip"):
        return False
    names = zip_names(upload)
    return names is not None and any(
        name.startswith("META-INF/")
        and ("signature" in name.lower() or "timestamp" in name.lower())
        for name in names
    )


def check_signed_sheet(upload: UploadedFile) -> CheckedSheet:
    """Accept a scan (PDF, JPEG, PNG) or a signed e-document, or raise ``ValidationError``
    saying what is wrong: the type by its extension, the size, then the content itself."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    size, limit = upload.size or 0, sheet_max_bytes()
    if extension not in SHEET_TYPES:
        allowed = ", ".join(sorted(SHEET_TYPES))
        message = _("“%(name)s”: files of this type are not accepted. Allowed: %(allowed)s.")
        raise ValidationError(message % {"name": name, "allowed": allowed}, code="extension")
    if size > limit:
        message = _("“%(name)s” is %(size)s; the largest accepted file is %(limit)s.")
        sizes = {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        raise ValidationError(message % {"name": name, **sizes}, code="size")
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    content_type, kind = SHEET_TYPES[extension]
    if kind == E_DOCUMENT and not _is_signed_container(upload):
        message = _(
            "“%(name)s” is not a signed e-document: it is not a ZIP container with a "
            "signature inside."
        )
        raise ValidationError(message % {"name": name}, code="content")
    if kind == SCAN and not starts_as(upload, extension):
        message = _("“%(name)s” is not really a .%(extension)s file (its content does not match).")
        raise ValidationError(message % {"name": name, "extension": extension}, code="content")
    return CheckedSheet(name=name[:200], content_type=content_type, kind=kind, size=size)


@transaction.atomic
def rules_signed_sheet_attach(
    *, actor: User, version: RulesVersion, upload: UploadedFile
) -> RulesSignedSheet:
    """Attach the signed acknowledgement sheet of ``version`` (clause 9).

    1. Only those who manage the rules (administrators) may attach one.
    2. The file is checked (type, size, content) before anything is stored.
    3. It is stored in the private storage under a random name; only the download view,
       behind the register's permission, returns it."""
    if not can(actor, Action.MANAGE_RULES):
        raise PermissionDenied
    checked = check_signed_sheet(upload)
    sheet = RulesSignedSheet(
        version=version,
        kind=checked.kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    sheet.file.save(checked.name, upload, save=False)
    sheet.save()
    logger.info("Signed sheet %s of rules version %s attached by %s", sheet.pk, version, actor.pk)
    return sheet


@transaction.atomic
def rules_signatures_record(
    *,
    actor: User,
    sheet: RulesSignedSheet,
    employees: Sequence[Employee],
    signed_on: dt.date,
) -> list[RulesSignature]:
    """Record that ``employees`` signed ``sheet``'s version on ``signed_on`` (clause 9).

    1. Only those who manage the rules may record signatures.
    2. At least one employee; the date may not be in the future.
    3. An employee signs a version once: one who already signed it (on this or another sheet)
       is refused by name, and nothing is recorded."""
    if not can(actor, Action.MANAGE_RULES):
        raise PermissionDenied
    if not employees:
        raise ValidationError({"employees": _("Choose who signed the sheet.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date of signing cannot be in the future.")})
    version = sheet.version
    already = list(
        RulesSignature.objects.select_for_update()
        .filter(version=version, employee__in=employees)
        .select_related("employee")
    )
    if already:
        names = ", ".join(sorted(s.employee.full_name for s in already))
        raise ValidationError(
            {
                "employees": _("Already signed this version: %(names)s.") % {"names": names},
            }
        )
    try:
        with transaction.atomic():
            signatures = RulesSignature.objects.bulk_create(
                RulesSignature(
                    version=version, employee=e, sheet=sheet, signed_on=signed_on, recorded_by=actor
                )
                for e in employees
            )
    except IntegrityError:  # another administrator recorded one of them at the same time
        raise ValidationError(
            {"employees": _("Someone has just recorded some of these signatures. Check again.")}
        ) from None
    logger.info("%s signatures of rules version %s recorded", len(signatures), version.number)
    return signatures


@transaction.atomic
def rules_signature_withdraw(*, actor: User, signature: RulesSignature) -> None:
    """Withdraw a signature recorded by mistake (the wrong person ticked, the wrong sheet): the
    employee is missing again until recorded from the right sheet. The sheet itself stays."""
    if not can(actor, Action.MANAGE_RULES):
        raise PermissionDenied
    logger.info(
        "Signature of employee %s under rules version %s withdrawn by %s",
        signature.employee_id,
        signature.version_id,
        actor.pk,
    )
    signature.delete()
