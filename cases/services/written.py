"""Consultations (4.3.2, 4.8, 4.9), written submissions (Law on Submissions, 4.6),
submission drafts (2.1.2.2) and the knowledge base (2.1.2.1, 4.1.2, 4.1.3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import deadlines
from cases.models import (
    Article,
    Channel,
    Consultation,
    Contact,
    Dispatch,
    Outcome,
    SubmissionDraft,
    SubmissionSequence,
    WrittenSubmission,
)
from cases.services._common import (
    CONSULTATION_REMIND_MINUTES,
    RECORDS_EMAIL,
    SUBMISSION_NUMBER_PATTERN,
    SUBMISSION_REMIND_WORKING_DAYS,
    WRITTEN_CHANNELS,
    Reply,
    _add_outcomes,
    by,
    client_email_for,
    reply_once,
    send_message,
)
from cases.services.consultations import answerer, may_answer, tell_contact_person
from cases.services.dispatch import dispatch_to_client

# The Law-on-Submissions steps (extension, forwarding, where to apply) live in their module.
from cases.services.submission_law import (
    submission_extend as submission_extend,
)
from cases.services.submission_law import (
    submission_forward as submission_forward,
)
from cases.services.submission_law import (
    submission_refer_elsewhere as submission_refer_elsewhere,
)
from cases.services.submission_law import (
    submissions_send_forward_reminders,
)
from servicedesk.models import (
    Institution,
)
from servicedesk.roles import Action, can

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# --- Consultations with contact persons (4.3.2, 4.8, 4.9) ------------------------------------


@transaction.atomic
def consultation_request(
    *, actor: User, contact: Contact, contact_person: Any, question: str
) -> Consultation:
    """4.8: ask a contact person for an opinion; they (their substitute while they are away)
    are told at once in-app and by e-mail (the internal e-mail of 4.8). The contact records
    "consulted a contact person"."""
    if not question.strip():
        raise ValidationError({"question": _("Write the question.")})
    consultation = Consultation(
        contact=contact,
        asked_by=actor,
        contact_person=answerer(contact_person),  # the substitute of an absent one
        question=question.strip(),
    )
    by(consultation, actor).save()
    _add_outcomes(contact, [Outcome.CONSULTED])
    tell_contact_person(consultation, actor, handed_over=False)
    return consultation


CONSULTATION_REPLY = Reply(
    text_field="answer",
    time_field="answered_at",
    not_yours=_("Only the contact person asked can answer."),
    already=_("This question has already been answered."),
    empty=_("Write the answer."),
)


@transaction.atomic
def consultation_answer(*, actor: User, consultation: Consultation, answer: str) -> Consultation:
    """4.9: the contact person (or their substitute today, who becomes the one who answered)
    answers; the answer is recorded on the contact and the asker is told. The response time
    is the difference of the two timestamps."""
    consultation = by(Consultation.objects.select_for_update().get(pk=consultation.pk), actor)
    reply_once(
        consultation,
        CONSULTATION_REPLY,
        text=answer,
        allowed=may_answer(actor, consultation),
        contact_person=actor,
    )
    link = reverse("cases:contact_detail", args=[consultation.contact_id])
    send_message(
        consultation.asked_by,
        "consultation_answer",
        consultation,
        {"consultation": consultation},
        rule_clause="4.9",
        link=link,
        channels=("in_app",),
    )
    return consultation


def consultations_send_reminders(*, now: datetime | None = None) -> int:
    """4.9: a contact person who has not answered within ``CONSULTATION_REMIND_MINUTES`` is
    reminded once."""
    now = now or timezone.now()
    late = now - timedelta(minutes=CONSULTATION_REMIND_MINUTES)
    sent = 0
    for pk in Consultation.objects.filter(
        answered_at__isnull=True, reminded_at__isnull=True, asked_at__lte=late
    ).values_list("pk", flat=True):
        with transaction.atomic():
            if (
                Consultation.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now)
                != 1
            ):
                continue
            consultation = Consultation.objects.select_related("contact_person").get(pk=pk)
            send_message(
                answerer(consultation.contact_person),  # their substitute while away
                "consultation_request",  # the request again, as a reminder
                consultation,
                {"consultation": consultation, "reminder": True},
                kind="cases.consultation_overdue",
                rule_clause="4.9",
                link=reverse("cases:consultation_answer", args=[consultation.pk]),
            )
            sent += 1
    return sent


# --- Written submissions (Law on Submissions; 4.6) ---------------------------------------------

#: Where a written submission comes from: the written channels, and a paper handed in at a visit.
REGISTRABLE_CHANNELS = WRITTEN_CHANNELS | {Channel.VISIT}


def _next_register_number(received: date) -> str:
    """The next number of the year from a locked counter row: no gaps under concurrency
    other than rolled-back transactions."""
    SubmissionSequence.objects.get_or_create(year=received.year)
    seq = SubmissionSequence.objects.select_for_update().get(year=received.year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return SUBMISSION_NUMBER_PATTERN.format(year=received.year, seq=seq.last)


@transaction.atomic
def submission_register(
    *,
    actor: User,
    contact: Contact,
    subject: str,
    received_on: date | None = None,
    owner: Any = None,
) -> WrittenSubmission:
    """Register a written submission (letter, official e-address, e-mail, web form, or a
    paper handed in at a visit):

    1. a register number from the configurable pattern (``AADSO/2026/123``);
    2. the reply deadline in Latvian working days and the forwarding deadline, both from
       ``cases.deadlines`` (the one calculator the complaints app uses too), counted from the
       date received, which cannot be in the future."""
    if contact.channel not in REGISTRABLE_CHANNELS:
        raise ValidationError(
            _(
                "Only letters, e-mails, official e-addresses, web forms and papers handed in at "
                "a visit are registered."
            )
        )
    if hasattr(contact, "submission"):
        raise ValidationError(_("This contact is already registered."))
    received = received_on or timezone.localdate(contact.started_at)
    if received > timezone.localdate():
        raise ValidationError(
            {"received_on": _("The date received cannot be in the future: enter today or earlier.")}
        )
    submission = WrittenSubmission.objects.create(
        register_number=_next_register_number(received),
        contact=contact,
        received_on=received,
        subject=subject,
        owner=owner or actor,
        reply_due=deadlines.reply_deadline(received),
        forward_due=deadlines.forward_deadline(received),
    )
    _add_outcomes(contact, [Outcome.SUBMISSION_REGISTERED])
    return submission


@transaction.atomic
def submission_record_reply(
    *, actor: User, submission: WrittenSubmission, reply: str
) -> WrittenSubmission:
    """Record the substantive reply and send it to the submitter by their chosen channel
    (``cases.services.dispatch``: e-mailed, a letter to print, or to hand over; the
    outgoing correspondence list shows which); the submission is closed."""
    if submission.status != WrittenSubmission.Status.OPEN:
        raise ValidationError(_("This submission is already closed."))
    if not reply.strip():
        raise ValidationError({"reply": _("Write the reply or its summary.")})
    submission.status = WrittenSubmission.Status.REPLIED
    submission.reply = reply.strip()
    submission.closed_at = timezone.now()
    submission.save(update_fields=["status", "reply", "closed_at"])
    contact = submission.contact
    dispatch_to_client(
        actor=actor,
        kind=Dispatch.Kind.SUBMISSION_REPLY,
        target=submission,
        client=contact.client,
        email=client_email_for(contact),
        subject=_("Reply to your submission %(number)s") % {"number": submission.register_number},
        body=submission.reply,
    )
    return submission


@transaction.atomic
def submission_reassign(
    *, actor: User, submission: WrittenSubmission, owner: Any
) -> WrittenSubmission:
    """Pass an open submission to another responsible employee (2.1.2.2), who is told with
    its deadline; the trail keeps who passed it to whom."""
    if not (owner.is_active and can(owner, Action.LOG_CONTACTS)):
        raise ValidationError({"owner": _("Choose a colleague who works with submissions.")})
    submission = WrittenSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != WrittenSubmission.Status.OPEN:
        raise ValidationError(_("This submission is already closed."))
    if submission.owner_id == owner.pk:
        return submission
    submission.owner = owner
    by(submission, actor).save(update_fields=["owner"])
    if owner != actor:
        send_message(
            owner,
            "submission_assigned",
            submission,
            {"submission": submission, "by": actor},
            key=f"cases.submission_assigned:{submission.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
            link=reverse("cases:submission_detail", args=[submission.pk]),
            channels=("in_app",),
        )
    return submission


def submissions_send_reminders(*, today: date | None = None) -> int:
    """Remind the responsible employee before the reply deadline and when it has passed, and
    once before the forwarding deadline (``submissions_send_forward_reminders``)."""
    today = today or timezone.localdate()
    now = timezone.now()
    soon = deadlines.add_working_days(today, SUBMISSION_REMIND_WORKING_DAYS)
    open_ = WrittenSubmission.objects.filter(status=WrittenSubmission.Status.OPEN)
    sent = submissions_send_forward_reminders(today=today, now=now)
    for stage, field, qs in (
        ("before", "reminded_before_at", open_.filter(reply_due__gte=today, reply_due__lte=soon)),
        ("overdue", "reminded_overdue_at", open_.filter(reply_due__lt=today)),
    ):
        for pk in qs.filter(**{f"{field}__isnull": True}).values_list("pk", flat=True):
            with transaction.atomic():
                if (
                    WrittenSubmission.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
                        **{field: now}
                    )
                    != 1
                ):
                    continue
                submission = WrittenSubmission.objects.select_related("owner").get(pk=pk)
                send_message(
                    submission.owner,
                    f"submission_{stage}",
                    submission,
                    {"submission": submission},
                    link=reverse("cases:submission_detail", args=[submission.pk]),
                    key=f"cases.submission_{stage}:{submission.pk}:{submission.reply_due}",
                )
                sent += 1
    return sent


@transaction.atomic
def contact_forward_to_records(*, actor: User, contact: Contact) -> Contact:
    """4.6: an e-mail in a foreign language goes to records (the document circulation rules);
    the forwarding is logged on the contact."""
    address = RECORDS_EMAIL or (Institution.objects.values_list("email", flat=True).first() or "")
    if not address:
        raise ValidationError(_("4.6: no records e-mail address is configured."))
    context = {"contact": contact, "employee": actor}
    link = reverse("cases:contact_detail", args=[contact.pk])
    send_message(address, "forward_to_records", contact, context, rule_clause="4.6", link=link)
    _add_outcomes(contact, [Outcome.FORWARDED_TO_RECORDS])
    return contact


# --- Submission drafts (2.1.2.2) and the knowledge base (2.1.2.1, 4.1.2, 4.1.3) -----------------


@transaction.atomic
def submission_draft_create(
    *, actor: User, contact: Contact, addressee: str, text: str
) -> SubmissionDraft:
    """2.1.2.2: a complex or long oral request → suggest a written submission and help write
    it. The draft is printable for the client to sign."""
    if not text.strip():
        raise ValidationError({"text": _("Write the text of the submission.")})
    draft = SubmissionDraft.objects.create(
        contact=contact, addressee=addressee, text=text.strip(), created_by=actor
    )
    _add_outcomes(contact, [Outcome.ADVISED_WRITTEN, Outcome.DRAFTED_SUBMISSION])
    return draft


@transaction.atomic
def article_email_to_client(
    *, actor: User, article: Article, email: str, contact: Contact | None = None
) -> Article:
    """2.1.2.1: send a service procedure to the client. 4.1.3: never a restricted article;
    4.1.2: public and internal (front-desk) information only."""
    if article.visibility == Article.Visibility.RESTRICTED:
        raise ValidationError(_("4.1.3: restricted information is never sent to a client."))
    if not email:
        raise ValidationError({"email": _("Enter the client's e-mail address.")})
    # One send per article, contact and second: a double-submitted form sends once.
    sent_at = f"{timezone.now():%Y%m%d%H%M%S}"
    key = f"cases.article:{article.pk}:{contact.pk if contact else 0}:{sent_at}"
    send_message(email, "article", article, {"article": article}, rule_clause="2.1.2.1", key=key)
    if contact is not None:
        _add_outcomes(contact, [Outcome.ARTICLE_SENT])
    return article
