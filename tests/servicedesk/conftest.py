"""Fixtures of the data protection tests (audit, privacy, retention)."""

from tests.dataprotection import dpo, make_client, make_contact, media_root, register  # noqa: F401
