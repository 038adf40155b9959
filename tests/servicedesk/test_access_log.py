"""What the access log keeps of lists, searches and exports (2.1.6.1): one row each, the kind
of record, how many were returned, which were shown, the filters — never the typed search
text — and how the audit screen finds and hides them (2.1.4.4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.models import SubjectKind
from servicedesk.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.mark.rule("2.1.6.1")
def test_a_client_search_is_one_row_naming_what_it_found_but_not_what_was_typed(
    reception, make_client, client_for
):
    found = make_client()
    other = make_client(name="Anna Bērziņa-Ozola", phones=("26 999 000",), email="")
    make_client(name="Jānis Ozols", phones=(), email="")

    response = client_for(reception).get(
        reverse("cases:client_list"), {"q": "Bērziņa"}, REMOTE_ADDR="10.1.2.3"
    )

    assert response.status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.actor, entry.action, entry.record_type) == (reception, "list", "cases.client")
    assert entry.record_id is None
    assert entry.result_count == 2
    assert set(entry.record_ids.split()) == {str(found.pk), str(other.pk)}
    assert entry.ip_address == "10.1.2.3"
    assert entry.path == "/cases/clients/?q=*"
    # The log is append-only: a name typed into the search would outlive an erasure.
    assert "Bērziņa" not in entry.path and "B%C4%93rzi" not in entry.path


@pytest.mark.rule("2.1.6.1")
def test_opening_an_empty_search_page_leaves_no_row(reception, make_client, client_for):
    make_client()
    assert client_for(reception).get(reverse("cases:client_list")).status_code == 200
    assert not AccessLog.objects.exists()


@pytest.mark.rule("2.1.6.1")
def test_a_list_page_is_one_row_with_its_filters_and_the_rows_shown(
    reception, make_client, make_contact, client_for
):
    client = make_client()
    contacts = [make_contact(client=client, channel="visit") for _ in range(3)]
    make_contact(client=client, channel="letter")

    client_for(reception).get(reverse("cases:contact_list"), {"channel": "visit"})

    entry = AccessLog.objects.get()
    assert entry.record_type == "cases.contact"
    assert entry.result_count == 3
    assert sorted(int(pk) for pk in entry.record_ids.split()) == sorted(c.pk for c in contacts)
    assert entry.path == "/cases/?channel=visit"


@pytest.mark.rule("2.1.6.1")
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_is_one_row_with_the_count_and_the_filter_whatever_its_size(
    register, head, client_for, fmt
):
    for _ in range(5):
        register()

    response = client_for(head).get(
        reverse("complaints:register_export", args=["complaints", fmt]), {"state": "acknowledged"}
    )

    assert response.status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.action, entry.record_type, entry.result_count) == (
        "bulk",
        "complaints.feedbackitem",
        5,
    )
    assert entry.record_ids == ""  # an export keeps the count and the filter, not 5 numbers
    assert entry.path == f"/complaints/registers/complaints/export.{fmt}?state=acknowledged"


@pytest.mark.rule("2.1.6.1")
def test_the_old_register_csv_is_logged_as_an_export(register, head, client_for):
    register()
    register()
    assert client_for(head).get(reverse("complaints:export")).status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.action, entry.result_count) == ("bulk", 2)


@pytest.mark.rule("2.1.6.1")
def test_a_successful_change_that_redirects_leaves_no_row_but_a_form_shown_again_does(
    reception, make_client, client_for
):
    client = make_client()
    browser = client_for(reception)
    edit = reverse("cases:client_edit", args=[client.pk])
    assert browser.get(edit).status_code == 200
    assert AccessLog.objects.filter(record_id=client.pk, path=edit).count() == 1

    valid = {
        "kind": "natural",
        "name": "Anna Bērziņa",
        "phones": "26 123 456",
        "email": "anna@example.lv",
        "preferred_channel": "phone",
        "preferred_language": "lv",
    }
    assert browser.post(edit, valid).status_code == 302
    assert AccessLog.objects.filter(path=edit).count() == 1  # the redirect showed nothing

    assert browser.post(edit, {**valid, "email": "not an address"}).status_code == 200
    assert AccessLog.objects.filter(path=edit).count() == 2  # the form came back, filled


@pytest.mark.rule("2.1.6.1")
def test_contact_pages_record_the_contact_and_its_client(
    reception, make_client, make_contact, client_for
):
    client = make_client()
    contact = make_contact(client=client)
    client_for(reception).get(reverse("cases:contact_detail", args=[contact.pk]))
    assert {(e.record_type, e.record_id) for e in AccessLog.objects.all()} == {
        ("cases.contact", contact.pk),
        ("cases.client", client.pk),
    }


@pytest.mark.rule("2.1.6.1")
def test_the_audit_search_by_record_finds_the_lists_that_showed_it(
    reception, reception2, make_client, admin, client_for
):
    client = make_client()
    client_for(reception).get(reverse("cases:client_detail", args=[client.pk]))
    client_for(reception2).get(reverse("cases:client_list"), {"q": "Bērziņa"})

    page = client_for(admin).get(
        reverse("audit"), {"record_type": "cases.client", "record_id": client.pk}
    )

    reads = list(page.context["reads"])
    assert {(e.actor, e.action) for e in reads} == {(reception, "view"), (reception2, "list")}
    assert "/cases/clients/?q=*" in page.content.decode()


@pytest.mark.rule("2.1.6.1", "2.1.4.4")
def test_a_list_row_never_tells_the_subject_of_a_complaint_that_it_exists(
    register, reception, head, dpo, admin, client_for
):
    item = register(
        subject_kind=SubjectKind.EMPLOYEE, subject_employee=dpo.employee, subject_description=""
    )
    client_for(head).get(reverse("complaints:register"))
    listed = AccessLog.objects.get(action="list")
    assert str(item.pk) in listed.record_ids.split()

    by_record = {"record_type": "complaints.feedbackitem", "record_id": item.pk}
    # The data protection contact is the item's subject: searching its number finds nothing.
    assert list(client_for(dpo).get(reverse("audit"), by_record).context["reads"]) == []
    # Another administrator finds the list that showed it.
    assert list(client_for(admin).get(reverse("audit"), by_record).context["reads"]) == [listed]
    # The list row itself (a kind and a count) stays in the subject's unfiltered trail.
    assert listed in client_for(dpo).get(reverse("audit")).context["reads"]


@pytest.mark.rule("2.1.6.1")
def test_the_admin_pages_of_client_records_are_logged(admin, make_client, client_for):
    from django.contrib.auth.models import Permission

    admin.user_permissions.add(Permission.objects.get(codename="view_client"))
    client = make_client()
    browser = client_for(admin)
    changelist = browser.get(reverse("admin:cases_client_changelist"))
    assert changelist.status_code == 200
    listed = AccessLog.objects.get(action="list")
    assert (listed.record_type, listed.result_count, listed.record_ids.split()) == (
        "cases.client",
        1,
        [str(client.pk)],
    )
    assert browser.get(reverse("admin:cases_client_change", args=[client.pk])).status_code == 200
    assert AccessLog.objects.filter(
        action="view", record_type="cases.client", record_id=client.pk, actor=admin
    ).exists()


@pytest.mark.rule("2.1.6.1")
def test_the_admin_of_every_kind_of_personal_record_logs_its_reads(db):
    """A model some page declares as personal data is logged in the admin too."""
    from django.contrib import admin as django_admin
    from django.urls import get_resolver

    from servicedesk.personal_data import PersonalDataAdmin
    from servicedesk.selectors.audit import personal_record_types

    assert get_resolver().url_patterns  # imports every view: every marker declares its kind
    personal = personal_record_types()
    assert {"cases.client", "cases.contact", "complaints.feedbackitem"} <= personal
    unlogged = [
        model._meta.label_lower
        for model, model_admin in django_admin.site._registry.items()
        if model._meta.label_lower in personal and not isinstance(model_admin, PersonalDataAdmin)
    ]
    assert not unlogged, f"Base these admins on PersonalDataAdmin: {unlogged}"
