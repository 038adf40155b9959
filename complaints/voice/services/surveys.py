"""Satisfaction surveys, the kiosk, the trust line and the staff survey (3.5.1, 3.5.2). The
only writers of the survey models.

- After a closed feedback item (``survey_offer_for_item``, called by ``feedback_close``) or a
  contact (``survey_offer_for_contact``, called by the ``survey_offer_contact`` view) the
  client may get one e-mail with a one-click 1–5 rating: never twice for the same item or
  contact, never to an address that opted out (``complaints.voice.services.invitations``,
  re-exported here).
- The kiosk at the reception desk records anonymous ratings.
- A rating of 1–2 with a comment becomes a feedback item (4.11 fires), linked to the answer.
- Trust-line reports are registered as anonymous feedback items with the channel "trust line".
- Staff answer the staff survey anonymously: a participation marker with no link to the
  answers prevents answering twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.models import (
    Channel,
    FeedbackItem,
    HistoryEntry,
    Kind,
    StaffSurvey,
    StaffSurveyAnswer,
    StaffSurveyParticipation,
    StaffSurveyQuestion,
    StaffSurveyResponse,
    SurveyInvitation,
    SurveyOptOut,
    SurveyResponse,
)
from complaints.register.services import registration

# The invitations live one floor down (``feedback_close`` offers them, and this module calls
# ``feedback_register``); their names stay importable from here, where the views look.
from complaints.voice.services.invitations import (  # noqa: F401
    RATINGS,
    SURVEY_LINK_MAX_AGE,
    SURVEY_SALT,
    invitation_for_token,
    is_opted_out,
    survey_offer_for_contact,
    survey_offer_for_item,
    survey_token,
)
from servicedesk.roles import Action, can

#: Ratings at or below this, with a comment, become a feedback item.
if TYPE_CHECKING:
    from servicedesk.types import User


LOW_RATING = 2


class AlreadyAnswered(Exception):
    """The staff member has already answered this staff survey."""


# --- E-mailed satisfaction survey -------------------------------------------------------------


@transaction.atomic
def survey_opt_out(*, email: str) -> SurveyOptOut:
    """The address gets no more surveys (the link in every survey e-mail)."""
    opt_out, _created = SurveyOptOut.objects.get_or_create(email=email.strip().lower())
    return opt_out


def _check_rating(rating: int) -> None:
    if rating not in RATINGS:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})


@transaction.atomic
def survey_rate(*, invitation: SurveyInvitation, rating: int) -> SurveyResponse:
    """The one click in the e-mail: record (or change) the rating; the last confirmed one
    counts, as the page tells the client. When a comment has already made the answer a
    feedback item, the change is written in that item's history for its reviewer; a comment
    left with a good rating that is then lowered becomes a feedback item now (4.11)."""
    _check_rating(rating)
    response = SurveyResponse.objects.select_for_update().filter(invitation=invitation).first()
    if response is None:
        return SurveyResponse.objects.create(
            via=SurveyResponse.Via.EMAIL, invitation=invitation, rating=rating
        )
    if response.rating == rating:
        return response
    previous, response.rating, response.answered_at = response.rating, rating, timezone.now()
    fields = ["rating", "answered_at"]
    if response.feedback_item is not None:
        HistoryEntry.objects.create(
            item=response.feedback_item,
            event=HistoryEntry.Event.RATING_CHANGED,
            note=_("The client changed the rating from %(old)s to %(new)s.")
            % {"old": previous, "new": rating},
            clause="3.5.1",
        )
    elif response.comment and rating <= LOW_RATING:
        response.feedback_item = _feedback_from_response(response)
        fields.append("feedback_item")
    response.save(update_fields=fields)
    return response


@transaction.atomic
def kiosk_rate(*, rating: int) -> SurveyResponse:
    """A tap on the kiosk at the reception desk: an anonymous rating (3.5.1)."""
    _check_rating(rating)
    return SurveyResponse.objects.create(via=SurveyResponse.Via.KIOSK, rating=rating)


@transaction.atomic
def survey_comment(*, response: SurveyResponse, comment: str) -> SurveyResponse:
    """Add the optional comment. A rating of 1–2 with a comment becomes a feedback item
    (kind feedback, channel "satisfaction survey"), so the reviewer hears of it at once
    (4.11); the item is linked to the answer. An answer after a closed item is reviewed where
    that item is and is as confidential as it (2.1.4.4, 7.2, 7.3: ``_feedback_from_response``).
    E-mailed answers carry the client's address (they get the acknowledgement); kiosk
    answers are anonymous."""
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Write your comment.")})
    if response.comment:
        comment = f"{response.comment}\n\n{comment}"
    response.comment = comment
    fields = ["comment"]
    if response.rating <= LOW_RATING and response.feedback_item_id is None:
        response.feedback_item = _feedback_from_response(response)
        fields.append("feedback_item")
    response.save(update_fields=fields)
    return response


def _feedback_from_response(response: SurveyResponse) -> FeedbackItem:
    """The feedback item a low survey answer becomes. An answer after a closed item quotes
    it (its number, the client's words about it), so it carries that item's scope
    (``derived_from``): reviewed by the authority that has the item now, never by a person
    it is about (a survey after a complaint about the head goes to the executive director,
    not to the head), its content closed to administrators if the item is an ethics one
    (7.3), restricted if it is (4.1.3). An answer after a contact or at the kiosk is routed
    by the routing table like any feedback."""
    invitation = response.invitation
    source = None
    if invitation is not None and invitation.item_id is not None:
        source = invitation.item
    with translation.override("lv"):  # the register is kept in Latvian
        if invitation is None:
            origin = _("Kiosk at the reception desk")
        elif source is not None:
            origin = _("Survey after the closed item %(number)s") % {
                "number": source.register_number
            }
        else:
            origin = _("Survey after a contact (no. %(id)s)") % {"id": invitation.contact_id}
        text = _("Satisfaction survey: rating %(rating)s of 5. %(origin)s.\n\n%(comment)s") % {
            "rating": response.rating,
            "origin": origin,
            "comment": response.comment,
        }
    data = registration.FeedbackInput(
        kind=Kind.FEEDBACK,
        channel=Channel.SURVEY,
        text=text,
        is_anonymous=invitation is None,
        client_email=invitation.email if invitation is not None else "",
        derived_from=source,
    )
    return registration.feedback_register(actor=None, data=data)


# --- Trust line (3.5.1) -----------------------------------------------------------------------


@transaction.atomic
def trust_line_report_register(*, actor: User, data: registration.FeedbackInput) -> FeedbackItem:
    """An anonymous report taken on the trust line (uzticības tālrunis): registered as a
    feedback item with the channel "trust line", routed and notified like any other (4.11).
    No caller details are kept, whatever ``data`` holds."""
    return registration.feedback_register(
        actor=actor, data=replace(data, channel=Channel.TRUST_LINE, is_anonymous=True)
    )


# --- Staff survey (3.5.2) ---------------------------------------------------------------------


def _require(actor: User, action: Action) -> None:
    if not can(actor, action):
        raise PermissionDenied


@transaction.atomic
def staff_survey_save(
    *,
    actor: User,
    survey: StaffSurvey | None = None,
    title: str,
    intro: str = "",
    questions: Sequence[tuple[str, str]],
) -> StaffSurvey:
    """Compose (or rework, while a draft) a questionnaire: questions of kind "scale" (1–5)
    or "text", in the given order."""
    _require(actor, Action.MANAGE_STAFF_SURVEYS)
    questions = [(t.strip(), k) for t, k in questions if t.strip()]
    if not title.strip():
        raise ValidationError({"title": _("Give the survey a title.")})
    if not questions:
        raise ValidationError(_("Add at least one question."))
    if any(k not in StaffSurveyQuestion.Kind.values for _t, k in questions):
        raise ValidationError(_("Choose the kind of each question."))
    if survey is None:
        survey = StaffSurvey.objects.create(
            title=title.strip(), intro=intro.strip(), created_by=actor
        )
    else:
        survey = StaffSurvey.objects.select_for_update().get(pk=survey.pk)
        if survey.state != StaffSurvey.State.DRAFT:
            raise ValidationError(_("Only a draft can be changed."))
        survey.title, survey.intro = title.strip(), intro.strip()
        survey.save(update_fields=["title", "intro"])
        survey.questions.all().delete()
    StaffSurveyQuestion.objects.bulk_create(
        StaffSurveyQuestion(survey=survey, position=n, text=text, kind=kind)
        for n, (text, kind) in enumerate(questions, start=1)
    )
    return survey


@transaction.atomic
def staff_survey_open(*, actor: User, survey: StaffSurvey) -> StaffSurvey:
    """Open a draft for answers; its questions no longer change."""
    return _staff_survey_move(
        actor, survey, StaffSurvey.State.OPEN, _("Only a draft can be opened.")
    )


@transaction.atomic
def staff_survey_close(*, actor: User, survey: StaffSurvey) -> StaffSurvey:
    return _staff_survey_move(
        actor, survey, StaffSurvey.State.CLOSED, _("Only an open survey can be closed.")
    )


#: A staff survey's moves: the state it leaves for each state, and the time stamped.
_MOVES: dict[str, tuple[str, str]] = {
    StaffSurvey.State.OPEN: (StaffSurvey.State.DRAFT, "opened_at"),
    StaffSurvey.State.CLOSED: (StaffSurvey.State.OPEN, "closed_at"),
}


def _staff_survey_move(actor: User, survey: StaffSurvey, target: str, refusal: str) -> StaffSurvey:
    """Move a survey to ``target`` and stamp when, in one conditional update: two managers
    clicking at once change it once, the other gets ``refusal``."""
    _require(actor, Action.MANAGE_STAFF_SURVEYS)
    source, stamp = _MOVES[target]
    updated = StaffSurvey.objects.filter(pk=survey.pk, state=source).update(
        **{"state": target, stamp: timezone.now()}
    )
    if updated != 1:
        raise ValidationError(refusal)
    survey.refresh_from_db()
    return survey


@transaction.atomic
def staff_survey_answer(
    *, actor: User, survey: StaffSurvey, answers: Mapping[int, int | str | None]
) -> None:
    """Record a staff member's answers anonymously (3.5.2).

    1. The participation marker (survey, user) is written first; its unique constraint
       refuses a second answer (``AlreadyAnswered``).
    2. The answers are written under a random key with no user and no time, so nothing
       links them to the marker or to the person. Nothing is returned for the same reason.
    """
    _require(actor, Action.ANSWER_STAFF_SURVEYS)
    survey = StaffSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != StaffSurvey.State.OPEN:
        raise ValidationError(_("This survey is not open for answers."))
    try:
        with transaction.atomic():
            StaffSurveyParticipation.objects.create(survey=survey, user=actor)
    except IntegrityError as exc:
        raise AlreadyAnswered from exc
    response = StaffSurveyResponse.objects.create(survey=survey)
    rows = []
    for question in survey.questions.all():
        value = answers.get(question.pk)
        if value in (None, ""):
            continue
        if question.kind == StaffSurveyQuestion.Kind.SCALE:
            scale = int(value)
            if scale not in RATINGS:
                raise ValidationError(_("Choose a rating from 1 to 5."))
            rows.append(StaffSurveyAnswer(response=response, question=question, scale=scale))
        else:
            rows.append(
                StaffSurveyAnswer(response=response, question=question, text=str(value).strip())
            )
    StaffSurveyAnswer.objects.bulk_create(rows)
