"""Fixtures of the security tests: the data protection ones and the one-of-everything world."""

from tests.dataprotection import dpo, make_client, make_contact, media_root, register  # noqa: F401
from tests.security.world import world  # noqa: F401
