"""Written submissions under the Law on Submissions (docs/submissions-law.md): extending the
reply period, forwarding to the competent institution, telling the submitter where to apply
instead, and the reminder before the forwarding deadline.

Every notice leaves as an outgoing communication (``cases.services.dispatch``) by the
client's chosen channel: an e-mail through the outbox, a letter to print, or a paper to hand
over; the submission links the row, and the screen says which it was."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from cases import deadlines
from cases.models import Dispatch, WrittenSubmission
from cases.services._common import by, client_email_for, send_message
from cases.services.dispatch import dispatch_to_client
from servicedesk.models import CompetentInstitution

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: The responsible employee is reminded this many working days before the forwarding deadline.
FORWARD_REMIND_WORKING_DAYS = 1
#: The submitter's notices are written in the state language (State Language Law).
NOTICE_LANGUAGE = "lv"


def _day(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _locked_open(submission: WrittenSubmission) -> WrittenSubmission:
    """The caller's submission, reloaded under a row lock for the change; refused once it
    is closed."""
    submission.refresh_from_db(from_queryset=WrittenSubmission.objects.select_for_update())
    if submission.status != WrittenSubmission.Status.OPEN:
        raise ValidationError(_("This submission is already closed."))
    return submission


def _facts(submission: WrittenSubmission) -> dict[str, str]:
    return {
        "number": submission.register_number,
        "received": _day(submission.received_on),
        "subject": submission.subject,
    }


#: The texts of what leaves the desk (subject, body), filled by ``_texts`` in Latvian.
EXTENSION_TEXTS = (
    _("The reply period of your submission %(number)s is extended"),
    _(
        "Your submission %(number)s of %(received)s (%(subject)s) needs more time to "
        "review. Reason: %(reason)s Under the Law on Submissions the reply period is "
        "extended: you will receive the reply by %(due)s."
    ),
)
FORMAL_FORWARDING_TEXTS = (
    _("Forwarding of submission %(number)s by competence"),
    _(
        "Under the Law on Submissions we forward to you, as the competent institution, "
        "the submission received on %(received)s from %(client)s (our number %(number)s). "
        "Subject: %(subject)s. Content: %(summary)s The submitter has been told of the "
        "forwarding."
    ),
)
FORWARDING_NOTICE_TEXTS = (
    _("Your submission %(number)s was forwarded"),
    _(
        "Your submission %(number)s of %(received)s (%(subject)s) is not within our "
        "competence. Under the Law on Submissions it was forwarded on %(today)s to "
        "%(institution)s, which will reply to you."
    ),
)
WHERE_TO_APPLY_TEXTS = (
    _("Where to apply with your submission %(number)s"),
    _(
        "Your submission %(number)s of %(received)s (%(subject)s) is not within our "
        "competence. Please apply to: %(where)s"
    ),
)


def _texts(texts: tuple[Any, Any], submission: WrittenSubmission, **extra: Any) -> tuple[str, str]:
    """Subject and body in the state language, with the submission's facts and ``extra``
    (a date is written the Latvian way)."""
    with translation.override(NOTICE_LANGUAGE):
        facts = _facts(submission) | {
            name: _day(value) if isinstance(value, date) else str(value)
            for name, value in extra.items()
        }
        return str(texts[0]) % facts, str(texts[1]) % facts


def _to_submitter(
    actor: User, submission: WrittenSubmission, kind: str, texts: tuple[str, str]
) -> Dispatch:
    """A notice to the submitter by their chosen channel (e-mail, letter, in person)."""
    contact = submission.contact
    client = contact.client
    return dispatch_to_client(
        actor=actor,
        kind=kind,
        target=submission,
        client=client,
        name=client.name if client else "",
        email=client_email_for(contact),
        address=client.service_address if client else "",
        subject=texts[0],
        body=texts[1],
    )


def _institution_details(institution: CompetentInstitution) -> str:
    parts = [institution.name, institution.address, institution.phone, institution.email]
    return ", ".join(p for p in (*parts, institution.website) if p)


@transaction.atomic
def submission_extend(
    *, actor: User, submission: WrittenSubmission, reason: str
) -> WrittenSubmission:
    """Law on Submissions: the reply period may be extended (up to one month) when more
    information or other institutions are needed.

    1. Only an open submission, only once, and only while the reply date has not passed: the
       submitter must be told before the period ends.
    2. The reason is recorded and the new reply date computed (``cases.deadlines``).
    3. The submitter is told the reason and the new date by their chosen channel; the
       submission links the notice."""
    submission = _locked_open(submission)
    if submission.extended:
        raise ValidationError(_("The reply period has already been extended once."))
    today = timezone.localdate()
    if submission.reply_due < today:
        raise ValidationError(
            _(
                "The reply date (%(date)s) has passed: the period can no longer be extended. "
                "Reply to the submitter as soon as possible."
            )
            % {"date": _day(submission.reply_due)}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("State why more time is needed.")})
    submission.extended = True
    submission.extension_reason = reason.strip()
    submission.reply_due = deadlines.reply_deadline(submission.received_on, extended=True)
    submission.reminded_before_at = None
    submission.reminded_overdue_at = None
    texts = _texts(
        EXTENSION_TEXTS, submission, reason=submission.extension_reason, due=submission.reply_due
    )
    notice = _to_submitter(actor, submission, Dispatch.Kind.EXTENSION_NOTICE, texts)
    submission.extension_notice = notice
    submission.extension_notice_at = timezone.now()
    by(submission, actor).save(
        update_fields=[
            "extended",
            "extension_reason",
            "reply_due",
            "extension_notice",
            "extension_notice_at",
            "reminded_before_at",
            "reminded_overdue_at",
        ]
    )
    return submission


def _forward_formally(
    actor: User, submission: WrittenSubmission, institution: CompetentInstitution
) -> Dispatch:
    """The submission itself, to the institution: by e-mail, else a letter to its address."""
    if not (institution.email or institution.address.strip()):
        raise ValidationError(
            {
                "institution": _(
                    "The institution has no e-mail or postal address to forward to: add one "
                    "in the administration, or tell the submitter where to apply."
                )
            }
        )
    contact = submission.contact
    subject, body = _texts(
        FORMAL_FORWARDING_TEXTS,
        submission,
        client=contact.client.name if contact.client else _("the submitter"),
        summary=contact.summary,
    )
    return dispatch_to_client(
        actor=actor,
        kind=Dispatch.Kind.FORMAL_FORWARDING,
        target=submission,
        name=institution.name,
        email=institution.email,
        address=institution.address,
        subject=subject,
        body=body,
    )


@transaction.atomic
def submission_forward(
    *, actor: User, submission: WrittenSubmission, institution: CompetentInstitution
) -> WrittenSubmission:
    """Law on Submissions / 4.1.1: forward to the competent institution and close it here.

    1. The institution needs an e-mail or a postal address to be forwarded to.
    2. The forwarding itself goes to the institution as an outgoing communication (formal
       forwarding) with the submission's content and the submitter's details.
    3. The submitter is told, naming the institution, by their chosen channel.
    4. Forwarding after the forwarding period (5 working days) is still done, but recorded
       as late."""
    submission = _locked_open(submission)
    today = timezone.localdate()
    submission.formal_forwarding = _forward_formally(actor, submission, institution)
    notice = _texts(FORWARDING_NOTICE_TEXTS, submission, institution=institution.name, today=today)
    submission.forwarding_notice = _to_submitter(
        actor, submission, Dispatch.Kind.FORWARDING_NOTICE, notice
    )
    submission.status = WrittenSubmission.Status.FORWARDED
    submission.forwarded_to = institution
    submission.forwarded_late = today > submission.forward_due
    submission.closed_at = timezone.now()
    by(submission, actor).save(
        update_fields=[
            "status",
            "forwarded_to",
            "forwarded_late",
            "formal_forwarding",
            "forwarding_notice",
            "closed_at",
        ]
    )
    return submission


@transaction.atomic
def submission_refer_elsewhere(
    *,
    actor: User,
    submission: WrittenSubmission,
    institution: CompetentInstitution | None = None,
    where: str = "",
) -> WrittenSubmission:
    """Law on Submissions: instead of forwarding, tell the submitter where to apply (an
    institution from the list, or in words) and close the submission saying so."""
    submission = _locked_open(submission)
    where = where.strip()
    if institution is None and not where:
        raise ValidationError(
            {"where": _("Choose the institution or write where the submitter should apply.")}
        )
    details = _institution_details(institution) if institution is not None else ""
    referred_to = ". ".join(p for p in (details, where) if p)
    texts = _texts(WHERE_TO_APPLY_TEXTS, submission, where=referred_to)
    submission.referral_notice = _to_submitter(
        actor, submission, Dispatch.Kind.WHERE_TO_APPLY, texts
    )
    submission.referred_to = referred_to
    submission.status = WrittenSubmission.Status.REFERRED
    submission.closed_at = timezone.now()
    by(submission, actor).save(
        update_fields=["referral_notice", "referred_to", "status", "closed_at"]
    )
    return submission


def submissions_send_forward_reminders(*, today: date, now: datetime) -> int:
    """Law on Submissions: the responsible employee is reminded once, before the forwarding
    deadline, of an open submission (neither forwarded nor replied): if it is not ours, it
    must be forwarded within the forwarding period."""
    soon = deadlines.add_working_days(today, FORWARD_REMIND_WORKING_DAYS)
    due = WrittenSubmission.objects.filter(
        status=WrittenSubmission.Status.OPEN,
        reminded_forward_at__isnull=True,
        forward_due__gte=today,
        forward_due__lte=soon,
    )
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = WrittenSubmission.objects.filter(
                pk=pk, reminded_forward_at__isnull=True
            ).update(reminded_forward_at=now)
            if claimed != 1:
                continue
            submission = WrittenSubmission.objects.select_related("owner").get(pk=pk)
            context: dict[str, Any] = {"submission": submission}
            send_message(
                submission.owner,
                "submission_forward_due",
                submission,
                context,
                kind="cases.submission_before",
                key=f"cases.submission_forward_due:{submission.pk}",
                link=reverse("cases:submission_detail", args=[submission.pk]),
            )
            sent += 1
    return sent
