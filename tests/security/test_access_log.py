"""The access log (2.1.6.1): every staff page of the URL configuration either shows personal
data and leaves an access log row when it is opened, or is declared as showing none
(``servicedesk.personal_data``). The pages are found by walking the URL resolver, not listed
here: a new page without a decision fails, and so does a marked page that logs nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve

from servicedesk.access import URLS
from servicedesk.models import AccessLog
from servicedesk.personal_data import (
    ShowsNoPersonalData,
    ShowsPersonalData,
    declaration_of,
    was_shown,
)
from tests.security.test_access_matrix import expected, url_for
from tests.security.world import walk

pytestmark = pytest.mark.django_db

#: Who tries each page first: the front desk, then the roles that review, administer and
#: handle data requests. The first one the page's declaration lets in opens it.
ORDER = ["reception", "head", "admin", "dpo", "ethics", "director", "unithead", "expert"]


def _staff_patterns():
    return [p for p in walk() if p.name in URLS and not URLS[p.name].public]


def _declaration(pattern, world):
    url = url_for(pattern, URLS[pattern.name], world)
    return url, declaration_of(resolve(url).func)


def test_every_staff_page_says_whether_it_shows_personal_data(world):
    undecided = [p.name for p in _staff_patterns() if _declaration(p, world)[1] is None]
    assert not undecided, (
        "Mark these views @shows_personal_data(<record type>) or "
        f"@shows_no_personal_data(<why>) (servicedesk/personal_data.py): {undecided}"
    )


def test_a_page_declared_without_personal_data_says_why(world):
    for pattern in _staff_patterns():
        declared = _declaration(pattern, world)[1]
        if isinstance(declared, ShowsNoPersonalData):
            assert len(declared.reason) > 10, pattern.name


def _verified(world, user) -> dict:
    """The export needs the requester's identity checked first (GDPR art. 12(6))."""
    from servicedesk.models import DataRequest
    from servicedesk.services.data_requests import data_request_verify_identity

    data_request = DataRequest.objects.get(pk=world["values"]["data_request"])
    data_request_verify_identity(actor=user, data_request=data_request, method="document")
    return {}


def _ask(name: str, world, personas, user) -> dict:
    """What to send to pages that show personal data only when asked for something (the GET
    parameters, or the POST data); every other page gets nothing (a POST-only form then comes
    back with its errors, which shows the record)."""
    client = world["client"]
    asks = {
        "cases:contact_new": lambda: {"client": client.pk},
        "complaints:new": lambda: {"client": client.pk},
        "cases:client_list": lambda: {"q": "Bērziņa"},
        "cases:client_lookup": lambda: {"q": "Bērziņa"},
        "badges_print": lambda: {"ids": str(personas["reception"].employee.pk)},
        "privacy_home": lambda: {"q": "Bērziņa"},
        "privacy_request_new": lambda: {"client": client.pk},
        "privacy_export": lambda: _verified(world, user),
    }
    return asks[name]() if name in asks else {}


#: Pages that show a record only in answer to a POST: a new client's card that repeats one on
#: file comes back with the client on file (cases.selectors.client_duplicates).
POSTED = {
    "cases:client_create": {
        "kind": "natural",
        "name": "Anna Bērziņa",
        "phones": "26 123 456",
        "preferred_channel": "phone",
        "preferred_language": "lv",
    },
    "cases:client_quick_create": {"name": "Anna Bērziņa", "phone": "26 123 456"},
}


@pytest.mark.rule("2.1.6.1")
def test_every_page_showing_personal_data_leaves_an_access_log_row(personas, dpo, world):
    users = {**personas, "dpo": dpo}
    wrong = []
    checked = 0
    for pattern in _staff_patterns():
        access = URLS[pattern.name]
        url, declared = _declaration(pattern, world)
        if not isinstance(declared, ShowsPersonalData):
            continue
        label = next((n for n in ORDER if expected(access, users[n], world) == access.ok), None)
        if label is None:
            wrong.append(f"{pattern.name}: no persona may open it")
            continue
        user = users[label]
        browser = Client(REMOTE_ADDR="10.9.8.7")
        browser.force_login(user)
        data = _ask(pattern.name, world, personas, user)
        before = set(AccessLog.objects.values_list("pk", flat=True))
        # A POST-only form (405 on GET) is posted: empty, it comes back with its errors.
        send = browser.post if access.ok == 405 or pattern.name in POSTED else browser.get
        response = send(url, POSTED.get(pattern.name, data))
        rows = AccessLog.objects.exclude(pk__in=before)
        if not was_shown(response):
            wrong.append(
                f"{pattern.name} {url} as {label}: {response.status_code}, nothing shown. A page "
                "that never shows a record is @shows_no_personal_data; one that shows it only "
                "when asked gets its question in _ask()."
            )
            continue
        checked += 1
        mine = [r for r in rows if r.actor == user and r.path.startswith(url.split("?")[0])]
        if not any(r.record_type == declared.record_type for r in mine):
            wrong.append(f"{pattern.name} {url} as {label}: no {declared.record_type} row")
            continue
        for row in mine:
            if row.ip_address != "10.9.8.7" or row.at is None:
                wrong.append(f"{pattern.name}: row without the address or time")
            if row.record_id is None and row.result_count is None:
                wrong.append(f"{pattern.name}: a list row without its count")
    assert not wrong, "\n".join(wrong)
    assert checked >= 30  # the walk found the pages (a broken walk must not pass)


def test_an_unmarked_view_is_caught(world, monkeypatch):
    """The check above cannot pass vacuously: a staff view without a marker is reported."""
    import servicedesk.views.home as home_views

    pattern = next(p for p in _staff_patterns() if p.name == "home")
    url, declared = _declaration(pattern, world)
    assert declared is not None
    monkeypatch.delattr(home_views.home, "personal_data")
    assert declaration_of(resolve(url).func) is None
