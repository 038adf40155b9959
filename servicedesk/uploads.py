"""What an uploaded file really is: its first bytes and, for ZIP containers, the names inside.

Shared by the complaints' attachment checks (``complaints.attachments``) and the signed rules
acknowledgement sheets (``servicedesk.services.rules_signatures``): the extension of a file says
what the sender claims, these say what it holds."""

from __future__ import annotations

import zipfile

from django.core.files.uploadedfile import UploadedFile

#: How files of these types begin.
MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "zip": (b"PK\x03\x04",),
}


def head(upload: UploadedFile, length: int = 16) -> bytes:
    """The first ``length`` bytes, the file left at its start."""
    upload.seek(0)
    data = upload.read(length)
    upload.seek(0)
    return data


def starts_as(upload: UploadedFile, kind: str) -> bool:
    """The file begins the way files of ``kind`` (a key of ``MAGIC``) begin."""
    return head(upload).startswith(MAGIC[kind])


def zip_names(upload: UploadedFile) -> set[str] | None:
    """The names inside a ZIP container, or ``None`` when it cannot be read as one."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
