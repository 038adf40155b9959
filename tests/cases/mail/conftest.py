"""The e-mail intake's fixtures: a private file store per test, a Dovecot IMAP server for the
module (``tests/cases/mail/dovecot.py``; skipped, with the reason, where Dovecot is not
installed) and a fresh folder of it per test, configured as the desk's mailbox."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cases.mail.dovecot import Dovecot, unavailable
from tests.dataprotection import data_request, dpo, media_root, register  # noqa: F401


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # the .eml files and attachments


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    # Not pytest's tmp_path: its folders are private to the user running the tests, and a
    # Dovecot run by root reads its passwd-file and mail store as the user "dovecot".
    root = Path(tempfile.mkdtemp(prefix="sd-dovecot-"))
    server = Dovecot(root)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(dovecot, settings) -> str:
    """A fresh folder, the desk's only configured mailbox; its name is returned."""
    folder = dovecot.new_folder()
    settings.INBOUND_MAIL_URLS = [dovecot.url(folder)]
    return folder
