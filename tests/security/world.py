"""One of every record a URL can name, for the tests that walk every URL pattern (the
access matrix, CSRF, CSP, no-500 checks), and the walker itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cases import services as cases_services
from cases.models import (
    Article,
    Callback,
    Consultation,
    Dispatch,
    OrderIssue,
    Referral,
    Remedy,
    Representative,
    StandardAnswer,
    SubmissionDraft,
    Visit,
)
from cases.services.mail import Received, inbound_receive
from complaints.models import ExplanationRequest, StaffSurvey, SurveyInvitation
from complaints.register.services.registration import FeedbackInput
from complaints.selectors import may_know_of, reads_content
from complaints.voice.services.submissions import public_submission_register
from complaints.voice.services.surveys import survey_token
from servicedesk.models import (
    DataSubjectRequest,
    Notification,
    ReceptionException,
    RulesSignedSheet,
    RulesVersion,
)
from servicedesk.services import breaches, data_requests
from servicedesk.services.rules_signatures import (
    rules_signatures_record,
    rules_signed_sheet_attach,
)
from tests.cases.mail.messages import PDF
from tests.cases.mail.messages import message as mail_message
from tests.complaints.files import pdf_file


@dataclass(frozen=True)
class Pattern:
    name: str | None
    route: str
    params: tuple[str, ...]


def walk(patterns: Any = None, prefix: str = "", namespace: str | None = None) -> list[Pattern]:
    """Every URL pattern of the project except the admin's (covered generically)."""
    found: list[Pattern] = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            if ns == "admin":
                continue
            found += walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            found.append(Pattern(name, prefix + str(p.pattern), tuple(p.pattern.converters)))
    return found


@pytest.fixture
def world(personas, register, make_client, make_contact, media_root):
    """The records, and for the record-level gates who may see which."""
    reception, expert, admin = personas["reception"], personas["expert"], personas["admin"]
    client = make_client()
    contact = make_contact(client=client, channel="letter", summary="Vēstule par rēķinu")
    item = register(attachments=[pdf_file()])
    receipt = public_submission_register(
        data=FeedbackInput(
            kind="suggestion",
            channel="web_form",
            text="Ierosinājums",
            is_anonymous=False,
            client_name="Ilze",
            client_email="ilze@example.lv",
        )
    )
    invitation = SurveyInvitation.objects.create(
        source=SurveyInvitation.Source.CONTACT, contact=contact, email="anna@example.lv"
    )
    notification = Notification.objects.create(
        recipient=reception,
        channel=Notification.Channel.IN_APP,
        kind="test",
        subject="Ziņa",
        body="Ziņa",
        link="/",
        idempotency_key="world",
    )
    data_request = data_requests.data_request_register(
        actor=admin,
        received_on=timezone.localdate(),
        kind="access",
        channel="visit",
        requester_name="Anna Bērziņa",
        subject_type="cases.client",
        subject_id=client.pk,
    )
    inbound, _ = inbound_receive(
        received=Received(
            mailbox="klienti@aadso.lv/INBOX",
            raw=mail_message(attachments=(("akts.pdf", "application/pdf", PDF),)),
        )
    )
    values = {
        "client": client.pk,
        "inbound_email": inbound.pk,
        "inbound_attachment": inbound.attachments.get().pk,
        "standard_answer": StandardAnswer.objects.create(title="Izvešana", text="Labdien!").pk,
        "contact": contact.pk,
        "referral": Referral.objects.create(
            contact=contact,
            kind=Referral.Kind.SPECIALIST,
            specialist=expert.employee,
            reason="Nav mūsu kompetencē",
            created_by=reception,
        ).pk,
        "callback": Callback.objects.create(
            contact=contact,
            client=client,
            phone_number="+37126123456",
            question="Rēķins?",
            due_at=timezone.now() + timedelta(hours=2),
            owner=reception,
        ).pk,
        "order_issue": OrderIssue.objects.create(
            contact=contact,
            unit=expert.employee.unit,
            description="Konteiners netika iztukšots",
            reported_by=reception,
        ).pk,
        "consultation": Consultation.objects.create(
            contact=contact, asked_by=reception, contact_person=expert, question="Kā?"
        ).pk,
        "remedy": Remedy.objects.create(
            contact=contact,
            action="Pārrēķināt rēķinu",
            owner=reception,
            due_on=timezone.localdate(),
            opened_by=reception,
        ).pk,
        "visit": Visit.objects.create(
            contact=contact,
            client=client,
            starts_at=timezone.now(),
            purpose="Līgums",
            booked_by=reception,
        ).pk,
        "representative": Representative.objects.create(
            client=client,
            name="Jānis Bērziņš",
            relation="dēls",
            scope="all",
            valid_until=timezone.localdate(),
            document_reference="Pilnvara Nr. 1",
        ).pk,
        "submission": cases_services.submission_register(
            actor=reception, contact=contact, subject="Rēķins"
        ).pk,
        "draft": SubmissionDraft.objects.create(
            contact=contact, addressee="AADSO", text="Lūdzu", created_by=reception
        ).pk,
        "article": Article.objects.create(
            title="Kārtība", slug="kartiba", body="Teksts", visibility=Article.Visibility.PUBLIC
        ).slug,
        "feedback_item": item.pk,
        # The client's acknowledgement of the item: outgoing correspondence under its gate.
        "dispatch": Dispatch.objects.get(object_id=str(item.pk), kind="acknowledgement").pk,
        "dispatch_letter": Dispatch.objects.get(object_id=str(item.pk), kind="acknowledgement").pk,
        "explanation_request": ExplanationRequest.objects.create(
            item=item,
            employee=expert,
            asked_by=personas["head"],
            question="Paskaidrojiet",
            answer_by=timezone.localdate(),
        ).pk,
        "attachment": item.attachments.get().pk,
        "item_action": "acknowledge",
        "register": "all",
        "tracking_token": receipt.token,
        "survey_token": survey_token(invitation),
        "unknown_token": "unknown",
        "rating": 5,
        "notification": notification.pk,
        "rules_version": RulesVersion.objects.order_by("number").first().number,
        "rules_signed_sheet": rules_signed_sheet_attach(
            actor=admin,
            version=RulesVersion.objects.order_by("number").first(),
            upload=pdf_file("parakstu-lapa.pdf"),
        ).pk,
        "rules_signature": rules_signatures_record(
            actor=admin,
            sheet=RulesSignedSheet.objects.get(),
            employees=[expert.employee],
            signed_on=timezone.localdate(),
        )[0].pk,
        "data_request": data_request.pk,
        "data_action": DataSubjectRequest.objects.create(
            kind=DataSubjectRequest.Kind.EXPORT,
            subject_type="cases.client",
            subject_id=client.pk,
            subject_label="klients",
            handled_by=admin,
            data_request=data_request,
        ).pk,
        "breach": breaches.breach_register(
            actor=admin,
            discovered_at=timezone.now() - timedelta(hours=5),
            description="Vēstule nosūtīta nepareizam adresātam",
            data_categories="Vārds, adrese",
            subject_categories="Klienti",
            consequences="Maza",
            measures="Adresāts lūgts vēstuli iznīcināt",
        ).pk,
        "staff_survey": StaffSurvey.objects.create(
            title="Aptauja",
            created_by=admin,
            state=StaffSurvey.State.OPEN,
            opened_at=timezone.now(),
        ).pk,
        "survey_action": "open",
        "uidb64": urlsafe_base64_encode(force_bytes(reception.pk)),
        "reset_token": default_token_generator.make_token(reception),
        "employee": expert.employee.pk,
        "reception_exception": ReceptionException.objects.create(
            institution=expert.employee.unit.institution,
            date=timezone.localdate(),
            is_closed=True,
        ).pk,
        "pdf": "pdf",
        "csv": "csv",
    }
    gates = {
        "feedback_item": lambda user: may_know_of(user, item),
        "dispatch": lambda user: may_know_of(user, item),
        "dispatch_letter": lambda user: may_know_of(user, item) and reads_content(user, item),
        "attachment": lambda user: may_know_of(user, item) and reads_content(user, item),
        "notification": lambda user: user == reception,
        "explanation_request": lambda user: user == expert,
        # 4.10.1: only the head of the issue's unit (or who stands in today) passes it on.
        "order_issue": lambda user: user == expert.employee.unit.head.user,
    }
    return {"values": values, "gates": gates, "item": item, "client": client, "contact": contact}
