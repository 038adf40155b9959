"""Fixtures of the data protection tests (audit, privacy, retention), and a client that reads
the desk in English."""

import pytest

from tests.dataprotection import (  # noqa: F401
    data_request,
    dpo,
    make_client,
    make_contact,
    media_root,
    register,
)


@pytest.fixture
def english_client_for(client_for):
    """``client_for(user)`` whose pages are in English (the wording the tests name)."""

    def make(user):
        browser = client_for(user)
        browser.cookies["django_language"] = "en"
        return browser

    return make
