"""Fixtures of the data protection tests (audit, privacy, retention)."""

from tests.dataprotection import (  # noqa: F401
    data_request,
    dpo,
    make_client,
    make_contact,
    media_root,
    register,
)
