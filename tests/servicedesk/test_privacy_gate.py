"""Data subject requests go through the gate of the person handling them (2.1.4.4, 2.1.6.1).

A complaint about the handler is neither in their export nor named or counted in their
erasure report; an ethics complaint they may see but not read appears without its content.
The export always carries the same sentence saying such parts come separately, and the
reviewers who may read them are asked, in their inbox, to provide them. The erasure itself
still reaches everything. A person who wrote without a client card is found by e-mail or
phone (any spelling)."""

from __future__ import annotations

import io
import json

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from complaints.models import Channel, FeedbackItem, SubjectKind, SurveyInvitation
from complaints.voice.services.surveys import survey_comment, survey_rate
from servicedesk.models import Notification
from servicedesk.services import privacy
from tests.dataprotection import close
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

CLIENT = "cases.client"


def _text(export: privacy.Export) -> str:
    """What the data subject reads: the JSON and the PDF's text."""
    pages = PdfReader(io.BytesIO(privacy.export_pdf(export))).pages
    pdf = " ".join(" ".join(p.extract_text() for p in pages).split())
    return export.as_json().decode() + "\n" + pdf


def _asked(user, kind: str) -> list[Notification]:
    return list(
        Notification.objects.filter(
            recipient=user, channel=Notification.Channel.IN_APP, kind=f"privacy.{kind}_part"
        )
    )


@pytest.fixture
def complained(make_client, register, admin, expert, customer_service_unit, head, ethics):
    """A client who complained about the administrator (twice: one closed with a survey
    answer, one open), filed an ethics complaint, and two ordinary ones."""
    EmployeeFactory(user=admin, unit=customer_service_unit, position="Sistēmas administrators")
    client = make_client()

    def about_admin(marker: str):
        return register(
            text=f"{marker} par administratoru",
            subject_kind=SubjectKind.EMPLOYEE,
            subject_employee=admin.employee,
        )

    about_admin_closed = close(about_admin("SLEPENSADMINSX"))
    invitation = SurveyInvitation.objects.create(
        source=SurveyInvitation.Source.FEEDBACK_ITEM,
        item=about_admin_closed,
        email="anna@example.lv",
    )
    survey_comment(response=survey_rate(invitation=invitation, rating=4), comment="SLEPENSAPTAUJAX")
    return {
        "client": client,
        "about_admin_open": about_admin("SLEPENSADMINOX"),
        "about_admin_closed": about_admin_closed,
        "ethics": close(
            register(
                text="SLEPENSETIKAX ētikas pārkāpums",
                subject_kind=SubjectKind.ETHICS,
                subject_employee=expert.employee,
            )
        ),
        "ordinary_open": register(text="PARASTAX konteiners pilns"),
        "about_expert_open": register(
            text="PAREKSPERTUX",
            subject_kind=SubjectKind.EMPLOYEE,
            subject_employee=expert.employee,
        ),
    }


@pytest.mark.rule("2.1.4.4", "2.1.6.1")
def test_the_administrators_export_leaves_out_what_is_about_them_and_the_ethics_text(
    complained, admin, head, ethics
):
    export = privacy.subject_export(actor=admin, record_type=CLIENT, pk=complained["client"].pk)
    text = _text(export)
    for marker in ("SLEPENSADMINSX", "SLEPENSADMINOX", "SLEPENSAPTAUJAX", "SLEPENSETIKAX"):
        assert marker not in text
    for hidden in ("about_admin_open", "about_admin_closed"):
        assert complained[hidden].register_number not in text
    # What the administrator may read is there; the ethics item without its content.
    assert "PARASTAX" in text and complained["ordinary_open"].register_number in text
    assert complained["ethics"].register_number in text
    assert privacy.withheld_notice() in json.loads(export.as_json())["provided_separately"]
    # Counted as the administrator got it: the two items about them are not counted.
    assert export.request.report["sections"]["feedback_items"] == 3
    # The reviewers are asked for their parts; the administrator is asked for nothing.
    asked_head = {n.object_id for n in _asked(head, "export")}
    assert asked_head == {
        str(complained["about_admin_open"].pk),
        str(complained["about_admin_closed"].pk),
    }
    assert {n.object_id for n in _asked(ethics, "export")} == {str(complained["ethics"].pk)}
    assert not Notification.objects.filter(recipient=admin, kind__startswith="privacy.").exists()
    asked = _asked(head, "export")[0]
    assert asked.link in {
        complained[k].get_absolute_url() for k in ("about_admin_open", "about_admin_closed")
    }
    assert export.request.subject_label in asked.body  # "client #12", never the name
    assert "SLEPENS" not in asked.body and complained["client"].name not in asked.body


@pytest.mark.rule("2.1.4.4", "2.1.6.1")
def test_the_sentence_is_the_same_when_nothing_is_withheld(make_client, register, admin):
    client = make_client(name="Ilze Kalna", phones=(), email="ilze@example.lv")
    register(client_name="Ilze Kalna", client_email="ilze@example.lv")
    export = privacy.subject_export(actor=admin, record_type=CLIENT, pk=client.pk)
    assert json.loads(export.as_json())["provided_separately"] == privacy.withheld_notice()
    assert not Notification.objects.filter(kind__startswith="privacy.").exists()


@pytest.mark.rule("2.1.4.4", "2.1.6.1")
def test_the_data_protection_contact_gets_no_complaint_and_the_reviewers_provide_them(
    complained, dpo, head, ethics
):
    """The data protection contact reviews no complaints: every part comes from a reviewer."""
    export = privacy.subject_export(actor=dpo, record_type=CLIENT, pk=complained["client"].pk)
    text = _text(export)
    assert "PARASTAX" not in text and complained["ordinary_open"].register_number not in text
    assert export.request.report["sections"]["feedback_items"] == 0
    assert len(_asked(head, "export")) == 4  # everything routed to the head
    assert len(_asked(ethics, "export")) == 1


@pytest.mark.rule("2.1.4.4", "2.1.6.1")
def test_the_erasure_report_names_and_counts_only_what_the_handler_may_see(
    complained, admin, head, expert
):
    with translation.override("lv"):  # the report's language
        items_key = gettext("Feedback items")
    plan_identity, plan = privacy.subject_erase_plan(
        record_type=CLIENT, pk=complained["client"].pk, actor=admin
    )
    done = privacy.subject_erase(actor=admin, record_type=CLIENT, pk=complained["client"].pk)
    for report in (done.report, {"kept": [k.__dict__ for k in plan.kept], "erased": plan.erased}):
        named = json.dumps(report, ensure_ascii=False)
        for hidden in ("about_admin_open", "about_admin_closed"):
            assert complained[hidden].register_number not in named
        assert complained["ordinary_open"].register_number in named
        assert report["erased"][items_key] == 1  # the ethics item, not the admin's
    # The erasure itself is not limited by the gate: the item about the admin is anonymised.
    erased = FeedbackItem.objects.get(pk=complained["about_admin_closed"].pk)
    assert erased.client_name == erased.client_email == ""
    # The open item about the admin is kept by law; its reviewers are told, not the admin.
    asked = _asked(head, "erasure")
    assert [n.object_id for n in asked] == [str(complained["about_admin_open"].pk)]
    # Another reader of the report sees no line about a complaint naming them.
    for_expert = privacy.report_for(expert, done.report)
    assert not any(
        complained["about_expert_open"].register_number in k["what"] for k in for_expert["kept"]
    )
    for_admin = privacy.report_for(admin, done.report)
    assert any(
        complained["about_expert_open"].register_number in k["what"] for k in for_admin["kept"]
    )


@pytest.fixture
def submitter(register):
    """Someone who wrote through the public form: no client card, a phone typed their way."""
    item = register(
        channel=Channel.WEB_FORM,
        client_name="Laura Egle",
        client_email="Laura.Egle@example.lv",
        client_phone="+371 26 555 123",
        text="Laura Egle, tālr. 26555123, sūdzas par rēķinu",
    )
    return close(item)


@pytest.mark.rule("2.1.6.1")
@pytest.mark.parametrize(
    "query", ["laura.egle@example.lv", "26555123", "+371 26 555 123", "0037126555123"]
)
def test_a_submitter_without_a_client_card_is_found_by_email_or_any_phone_spelling(
    submitter, query
):
    found = privacy.subject_search(query)
    assert [(kind, pk) for kind, pk, _name in found] == [("complaints.submitter", submitter.pk)]
    assert "Laura Egle" in found[0][2]


@pytest.mark.rule("2.1.6.1")
def test_a_submitter_is_not_listed_by_name_alone_nor_twice_beside_a_client_card(
    submitter, register, make_client
):
    assert privacy.subject_search("Laura Egle") == []
    make_client(name="Pēteris Liepa", phones=("29 999 999",), email="peteris@example.lv")
    register(client_name="Pēteris Liepa", client_email="peteris@example.lv")
    assert [kind for kind, _pk, _name in privacy.subject_search("peteris@example.lv")] == [
        "cases.client"
    ]


@pytest.mark.rule("2.1.6.1")
def test_a_submitters_data_is_exported_and_erased(submitter, register, admin):
    second = register(
        client_name="L. Egle",
        client_email="",
        client_phone="26 555 123",
        text="Otrreiz raksta Laura",
    )
    _record, identity = privacy.subject_get("complaints.submitter", submitter.pk)
    assert "Klients" not in identity.label and "Egle" not in identity.label
    export = privacy.subject_export(
        actor=admin, record_type="complaints.submitter", pk=submitter.pk
    )
    text = export.as_json().decode()
    assert submitter.register_number in text and second.register_number in text
    privacy.subject_erase(actor=admin, record_type="complaints.submitter", pk=submitter.pk)
    erased = FeedbackItem.objects.get(pk=submitter.pk)
    assert erased.client_email == erased.client_phone == ""
    assert "Laura" not in erased.text and "26555123" not in erased.text
    # The second one is not closed: kept as it is (Law on Submissions).
    assert FeedbackItem.objects.get(pk=second.pk).client_phone == "26 555 123"


@pytest.mark.rule("2.1.6.1")
def test_the_request_screen_links_a_submitter_and_exports_their_items(
    submitter, dpo, head, client_for
):
    """On the screens: found by a phone written another way, linked as a submitter (never
    taken for the client card with the same number), exported once the identity is checked."""
    from servicedesk.services import data_requests

    registered = data_requests.data_request_register(
        actor=dpo,
        received_on=timezone.localdate(),
        kind="access",
        channel="email",
        requester_name="Laura Egle",
    )
    browser = client_for(dpo)
    page = browser.get(f"/privacy/requests/{registered.pk}/?q=26+555+123").content.decode()
    assert 'name="kind" value="complaints.submitter"' in page
    browser.post(
        f"/privacy/requests/{registered.pk}/subject/",
        {"client": submitter.pk, "kind": "complaints.submitter"},
    )
    registered.refresh_from_db()
    assert (registered.subject_type, registered.subject_id) == (
        "complaints.submitter",
        submitter.pk,
    )
    page = browser.get(f"/privacy/requests/{registered.pk}/").content.decode()
    assert "Laura Egle" in page and f"/privacy/clients/{submitter.pk}/" not in page
    data_requests.data_request_verify_identity(
        actor=dpo, data_request=registered, method="e_address", details="E-adrese"
    )
    export = browser.post(f"/privacy/requests/{registered.pk}/export.json")
    assert export.status_code == 200
    # The data protection contact reviews no complaints: the item is provided by its
    # reviewers, and the export says that such parts come separately.
    assert submitter.register_number not in export.content.decode()
    assert json.loads(export.content)["provided_separately"] == privacy.withheld_notice()
    assert Notification.objects.filter(
        recipient=head, kind="privacy.export_part", object_id=str(submitter.pk)
    ).exists()


@pytest.mark.rule("2.1.6.1")
def test_an_authority_outside_the_desk_is_asked_at_its_mailbox(
    make_client, register, dpo, review_authorities
):
    """The head's authority has no member in the desk here: its own mailbox is written to."""
    authority = review_authorities["head"]
    authority.email = "vaditajs@example.lv"
    authority.save(update_fields=["email"])
    client = make_client()
    item = register(text="Konteiners pilns")
    privacy.subject_export(actor=dpo, record_type=CLIENT, pk=client.pk)
    sent = Notification.objects.get(kind="privacy.export_part", email="vaditajs@example.lv")
    assert sent.object_id == str(item.pk) and item.register_number in sent.body
    assert client.name not in sent.body
