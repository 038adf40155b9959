"""Attachment checks: allowed type by extension, size, and content sniffed by magic bytes.

Used by the forms (a clear message next to the field) and again by the registering service,
which any caller (the public form, the cases app) may use without our forms."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from complaints.conf import attachment_extensions, attachment_max_bytes
from servicedesk.uploads import starts_as
from servicedesk.uploads import zip_names as _zip_names

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    extension: str
    content_type: str
    size: int


def _zip_member(upload: UploadedFile, name: str) -> bytes:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.read(name)[:200]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return b""
    finally:
        upload.seek(0)


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    if extension in {"pdf", "jpg", "jpeg", "png"}:
        return starts_as(upload, extension)
    if extension in {"docx", "odt"}:
        if not starts_as(upload, "zip"):
            return False
        names = _zip_names(upload)
        if names is None:
            return False
        if extension == "docx":
            return "[Content_Types].xml" in names and "word/document.xml" in names
        return (
            "mimetype" in names
            and _zip_member(upload, "mimetype").strip() == CONTENT_TYPES["odt"].encode()
        )
    if extension == "txt":
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return False


def check_attachment(upload: UploadedFile) -> CheckedFile:
    """Accept the file or raise ``ValidationError`` saying what is wrong with it."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = attachment_extensions()
    if extension not in allowed:
        raise ValidationError(
            _("“%(name)s”: files of this type are not accepted. Allowed: %(allowed)s.")
            % {"name": name, "allowed": ", ".join(sorted(allowed))},
            code="extension",
        )
    size = upload.size or 0
    limit = attachment_max_bytes()
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest accepted file is %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="size",
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if not _content_matches(upload, extension):
        raise ValidationError(
            _("“%(name)s” is not really a .%(extension)s file (its content does not match).")
            % {"name": name, "extension": extension},
            code="content",
        )
    return CheckedFile(
        upload=upload,
        name=name[:200],
        extension=extension,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        size=size,
    )
