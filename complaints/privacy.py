"""The complaints app's personal data (2.1.6.1) and its gate in the audit trail (2.1.4.4).

* The audit trail's subject rule: entries about a feedback item (or one of its attachments)
  are shown only to those who may see the item (``complaints_visible_to``), and the values of
  its changes only to those who may read its content (ethics and restricted items).
* A data subject's feedback items: the register has no link to ``cases.Client``; an item is
  theirs when its e-mail (any case) or its phone number (any spelling) is one of theirs.
  Items matching only by name are not taken: two people share a name.
* A data subject without a client card (they wrote through the public form, or the desk
  registered their complaint without one) is found by their exact e-mail or phone number
  (``SUBMITTER``, named by one of their items).
* Survey invitations and answers: sent to one of their e-mails, after one of their contacts,
  or after one of their items.
* What a handler gets goes through their gate (2.1.4.4): an item they may not see is left out
  and not counted, an item whose content they may not read (ethics, restricted) is shown
  without it; in both cases the item's reviewers are asked for that part.
* Kept by law: an item not yet closed (the review and the reply are owed under the Law on
  Submissions). A closed item is anonymised: the client's details cleared, its texts and every
  copy of them scrubbed (history, notes, routing notes, the outbox, the admin log, survey
  answers), the attachments' files deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.http import Http404
from django.utils.translation import gettext as _

from cases.models import Client, ClientPhone, Contact
from cases.phones import digits, display_phone, try_normalize_phone
from complaints.models import (
    ExplanationRequest,
    FeedbackItem,
    HistoryEntry,
    ReviewNote,
    Routing,
    State,
    SurveyInvitation,
    SurveyOptOut,
    SurveyResponse,
)
from complaints.register.services import anonymising
from complaints.selectors import complaints_visible_to, readable_content
from servicedesk.selectors.audit import Restriction, register_restriction
from servicedesk.services.privacy import (
    Identity,
    Kept,
    Outcome,
    Section,
    Withheld,
    combine,
    derived_scrub,
    erased_ids,
    history_scrub,
    mark_erased,
    register_dependent,
    register_source,
    register_subject,
    scrubber,
    texts_scrub,
)

if TYPE_CHECKING:
    from servicedesk.types import User


ITEM = "complaints.feedbackitem"
SUBMITTER = "complaints.submitter"
CLIENT = "cases.client"
CONTACT = "cases.contact"
ITEM_TEXTS, CLIENT_FIELDS = anonymising.ITEM_TEXTS, anonymising.CLIENT_FIELDS


def _visible(user: Any) -> QuerySet[Any]:
    return complaints_visible_to(user).values("pk")


def _readable(user: Any) -> QuerySet[Any]:
    return complaints_visible_to(user).filter(readable_content(user)).values("pk")


register_restriction(ITEM, Restriction(scope_field="id", visible=_visible, readable=_readable))
register_restriction(
    "complaints.attachment",
    Restriction(scope_field="item_id", visible=_visible, readable=_readable),
)


# --- Whose items ----------------------------------------------------------------------------


def _national(e164: str) -> str:
    number = digits(e164)
    return number[3:] if number.startswith("371") else number


def _typed_digits() -> Any:
    """The item's phone as typed, without the usual separators: "+371 26-123 456" →
    "37126123456" (portable: nested REPLACE, no regular expressions in the database)."""
    expression: Any = F("client_phone")
    for char in (" ", "-", "(", ")", ".", "/", "+"):
        expression = Replace(expression, Value(char), Value(""))
    return expression


def items_by_phone(phones: Iterable[str]) -> list[int]:
    """Items whose typed phone is one of ``phones`` (E.164) in any spelling: "26123456",
    "+371 26 123 456", "0037126123456". The database narrows by the national digits; the
    match is confirmed by reading the typed number with ``phonenumbers``."""
    wanted = {p for p in phones if p}
    if not wanted:
        return []
    condition = Q(pk__in=[])
    for number in wanted:
        condition |= Q(typed_digits__endswith=_national(number))
    rows = (
        FeedbackItem.objects.exclude(client_phone="")
        .annotate(typed_digits=_typed_digits())
        .filter(condition)
        .values_list("pk", "client_phone")
    )
    return [pk for pk, typed in rows if try_normalize_phone(typed) in wanted]


def items_of(identity: Identity) -> QuerySet[FeedbackItem]:
    """The subject's feedback items: linked to their client card (or a card merged into it)
    or to one of its contacts, by e-mail, or by phone number in any spelling."""
    condition = Q(pk__in=[])
    if identity.record_type == CLIENT:
        condition |= Q(client_id__in=_cards(identity)) | Q(contact_id__in=_contacts(identity))
    for email in identity.emails:
        if email:
            condition |= Q(client_email__iexact=email)
    candidates = items_by_phone(identity.phones)
    if candidates:
        condition |= Q(pk__in=candidates)
    return FeedbackItem.objects.filter(condition)


def _cards(identity: Identity) -> list[int]:
    """A client's card and the duplicates merged into it (read with the identity)."""
    return [identity.record_id, *identity.merged_ids]


def _contacts(identity: Identity) -> QuerySet[Any]:
    """The ids of the contacts on a client's cards, as a subquery of the query that asks (the
    items and the invitations both do: not read apart, not read twice)."""
    return Contact.objects.filter(client_id__in=_cards(identity)).values("pk")


def _invitations_of(identity: Identity, item_ids: Sequence[int]) -> QuerySet[SurveyInvitation]:
    """Survey invitations sent to the subject: to one of their e-mails, after one of their
    contacts or after one of their items."""
    condition = Q(item_id__in=list(item_ids))
    if identity.record_type == CLIENT:
        condition |= Q(contact_id__in=_contacts(identity))
    for email in identity.emails:
        if email:
            condition |= Q(email__iexact=email)
    return SurveyInvitation.objects.filter(condition)


# --- The handler's gate (2.1.4.4) ------------------------------------------------------------


class Gate:
    """What ``actor`` may see and read among some items, read once.

    An item made from a survey answer (a low rating with a comment) holds what was said
    about the item the survey followed: it is seen and read only by whoever may see and read
    that one too (ARCHITECTURE.md, "visibility belongs to the data")."""

    def __init__(self, actor: User | None, ids: Iterable[int]) -> None:
        ids = list(set(ids))
        self.origins: dict[int, int] = dict(
            SurveyResponse.objects.filter(
                feedback_item_id__in=ids, invitation__item_id__isnull=False
            ).values_list("feedback_item_id", "invitation__item_id")
        )
        self.visible: set[int] = set()
        self.readable: set[int] = set()
        if actor is None or not ids:
            return
        seen = complaints_visible_to(actor).filter(pk__in={*ids, *self.origins.values()})
        visible = set(seen.values_list("pk", flat=True))
        readable = set(seen.filter(readable_content(actor)).values_list("pk", flat=True))
        self.visible = {pk for pk in visible if self.origins.get(pk, pk) in visible}
        self.readable = {pk for pk in readable if self.origins.get(pk, pk) in readable}

    def withheld(self, item: FeedbackItem) -> Withheld:
        """The part of ``item`` its readers provide: for an item made from a survey answer,
        the readers of the item the survey followed (it is theirs to tell)."""
        origin_id = self.origins.get(item.pk)
        if origin_id is not None:
            origin = FeedbackItem.objects.select_related("authority").filter(pk=origin_id).first()
            if origin is not None:
                item = origin
        return Withheld(
            target=item,
            readers=readers_of(item),
            link=item.get_absolute_url(),
            label=item.register_number,
            mailbox=item.authority.email,
        )


def readers_of(item: FeedbackItem) -> tuple[Any, ...]:
    """Who may see and read ``item`` among its review authority's members (never its
    subject: the gate excludes them)."""
    members = item.authority.members.filter(is_active=True).order_by("pk")
    return tuple(m for m in members if complaints_visible_to(m).filter(pk=item.pk).exists())


def _item_rows(
    items: list[FeedbackItem], gate: Gate, withheld: list[Withheld]
) -> list[dict[str, Any]]:
    """The export's rows of the items: register data of what the handler may see, the
    content only where they may read it; the rest goes to ``withheld``."""
    rows: list[dict[str, Any]] = []
    for item in items:
        if item.pk not in gate.visible:
            withheld.append(gate.withheld(item))  # neither shown nor counted
            continue
        row: dict[str, Any] = {
            _("Register number"): item.register_number,
            _("Kind"): item.get_kind_display(),
            _("Channel"): item.get_channel_display(),
            _("Received on"): item.received_on,
            _("State"): item.get_state_display(),
        }
        if item.pk in gate.readable:
            row |= {
                _("Client's name"): item.client_name,
                _("E-mail"): item.client_email,
                _("Phone number"): item.client_phone,
                _("Address"): item.client_address,
                _("Text"): item.text,
                _("Decision"): item.decision_text,
                _("Reply"): item.reply_text,
                _("Attachments"): ", ".join(a.original_name for a in item.attachments.all()),
            }
        else:
            withheld.append(gate.withheld(item))
        rows.append(row)
    return rows


def _answer_rows(
    answers: list[SurveyResponse],
    scopes: dict[int, list[int]],
    gate: Gate,
    withheld: list[Withheld],
) -> list[dict[str, Any]]:
    """The export's rows of the survey answers: an answer about an item the handler may not
    see is left out, its comment shown only where they may read every item it is about."""
    rows: list[dict[str, Any]] = []
    scope_items = FeedbackItem.objects.select_related("authority").in_bulk(
        [pk for s in scopes.values() for pk in s]
    )
    for answer in answers:
        hidden = [pk for pk in scopes[answer.pk] if pk not in gate.visible]
        unreadable = [pk for pk in scopes[answer.pk] if pk not in gate.readable]
        withheld += [gate.withheld(scope_items[pk]) for pk in unreadable if pk in scope_items]
        if hidden:
            continue
        row: dict[str, Any] = {
            _("Answered on"): answer.answered_at,
            _("Rating (1–5)"): answer.rating,
        }
        if not unreadable:
            row[_("Comment")] = answer.comment
        rows.append(row)
    return rows


# --- The source -----------------------------------------------------------------------------


def years() -> int:
    return int(settings.RETENTION_YEARS.get("feedback", 5))


class ComplaintsSource:
    key = "complaints"

    def export(self, identity: Identity, *, actor: User) -> list[Section]:
        """The subject's feedback items and survey answers, through the handler's gate
        (2.1.4.4): what they may not see or read is withheld, with whom to ask."""
        items = list(
            items_of(identity)
            .select_related("authority")
            .prefetch_related("attachments")
            .order_by("received_on", "pk")
        )
        answers = list(
            SurveyResponse.objects.filter(
                invitation__in=_invitations_of(identity, [i.pk for i in items])
            )
            .select_related("invitation")
            .order_by("answered_at", "pk")
        )
        scopes = {r.pk: _scopes(r) for r in answers}
        gate = Gate(actor, [i.pk for i in items] + [pk for s in scopes.values() for pk in s])
        withheld: list[Withheld] = []
        rows = _item_rows(items, gate, withheld)
        answer_rows = _answer_rows(answers, scopes, gate, withheld)
        return [
            Section(
                "feedback_items",
                _("Complaints, suggestions, claims and feedback"),
                rows,
                withheld=withheld,
            ),
            Section("survey_answers", _("Satisfaction survey answers"), answer_rows),
        ]

    def erase(self, identity: Identity, *, apply: bool, actor: User | None = None) -> Outcome:
        outcome = Outcome()
        items = list(
            items_of(identity).exclude(pk__in=erased_ids(ITEM)).select_related("authority")
        )
        invitations = list(
            _invitations_of(identity, [i.pk for i in items]).select_related("response")
        )
        responses = [i.response for i in invitations if _has_response(i)]
        scopes = {r.pk: _scopes(r) for r in responses}
        gate = Gate(actor, [i.pk for i in items] + [pk for s in scopes.values() for pk in s])
        closed = [i.pk for i in items if i.state == State.CLOSED]
        for item in items:
            if item.state == State.CLOSED:
                continue
            outcome.leave(FeedbackItem, [item.pk])
            if item.pk not in gate.visible:
                outcome.withheld.append(gate.withheld(item))
                continue
            outcome.kept.append(
                Kept(
                    what=_("Feedback item %(number)s") % {"number": item.register_number},
                    reason=_(
                        "It is not closed yet: the review and the reply are owed to the client "
                        "(Law on Submissions). Ask again once it is closed."
                    ),
                    scope=(ITEM, item.pk),
                )
            )
        # The report counts only what the handler may know of (2.1.4.4).
        outcome.erased[_("Feedback items")] = len([pk for pk in closed if pk in gate.visible])
        outcome.erased[_("Satisfaction survey answers")] = len(
            [r for r in responses if all(pk in gate.visible for pk in scopes[r.pk])]
        )
        if apply:
            scrub = scrubber(identity)
            anonymise_items(
                closed, extra_scrub=scrub, reason="request", emails=identity.emails, actor=actor
            )
            # Surveys are not kept by law: all of them go, even after an item still open.
            anonymise_surveys([i.pk for i in invitations], scrub=scrub)
            addresses = [e.strip().lower() for e in identity.emails if e]
            SurveyOptOut.objects.filter(email__in=addresses).delete()
        return outcome

    def retention(self, *, now: datetime, apply: bool) -> dict[str, int]:
        limit = now - relativedelta(years=years())
        expired = list(
            FeedbackItem.objects.filter(state=State.CLOSED, closed_at__lt=limit)
            .exclude(pk__in=erased_ids(ITEM))
            .values_list("pk", flat=True)
        )
        if apply:
            anonymise_items(expired, extra_scrub=None, reason="retention")
        return {"feedback_items": len(expired)}


def _has_response(invitation: SurveyInvitation) -> bool:
    try:
        return invitation.response is not None
    except SurveyResponse.DoesNotExist:
        return False


def _scopes(response: SurveyResponse) -> list[int]:
    """The items whose gate an answer follows: the item it was sent after, and the item it
    became (a low rating with a comment)."""
    invitation = response.invitation
    scope = [invitation.item_id] if invitation is not None and invitation.item_id else []
    return scope + ([response.feedback_item_id] if response.feedback_item_id else [])


# --- Anonymising ----------------------------------------------------------------------------


def anonymise_surveys(invitation_ids: Sequence[int], *, scrub: Callable[[str], str]) -> None:
    """Survey invitations lose their address, their answers' comments are scrubbed, and so
    are the invitation e-mails in the outbox."""
    if not invitation_ids:
        return
    invitations = SurveyInvitation.objects.filter(pk__in=list(invitation_ids))
    emails = [e for e in invitations.values_list("email", flat=True) if e]
    response_ids = list(
        SurveyResponse.objects.filter(invitation_id__in=list(invitation_ids)).values_list(
            "pk", flat=True
        )
    )
    texts_scrub(SurveyResponse, ids=response_ids, texts=("comment",), scrub=scrub)
    derived_scrub(SurveyInvitation, list(invitation_ids), scrub=scrub, emails=emails)
    derived_scrub(SurveyResponse, response_ids, scrub=scrub, emails=emails)
    invitations.exclude(email="").update(email="")


def _item_scrubber(item: FeedbackItem) -> Callable[[str], str]:
    """The item's own client details, for scrubbing its texts (retention has no request)."""
    return scrubber(
        Identity(
            record_type=ITEM,
            record_id=item.pk,
            label=item.register_number,
            display_name="",
            names=(item.client_name,) if item.client_name else (),
            phones=tuple(p for p in [try_normalize_phone(item.client_phone)] if p),
            emails=(item.client_email,) if item.client_email else (),
        )
    )


def anonymise_items(
    ids: list[int],
    *,
    extra_scrub: Any,
    reason: str,
    emails: Iterable[str] = (),
    actor: User | None = None,
) -> None:
    """Clear the client's details and scrub every copy of them (and of the requesting
    subject's identity): the item's texts, attachments and change history through
    ``feedback_anonymise`` (the one writer; it leaves a history row), then the history notes,
    reviewers' notes and routing notes, the notifications about it and the admin's log, the
    survey it was sent and the answer it came from."""
    emails = tuple(emails)
    for item in FeedbackItem.objects.filter(pk__in=ids):
        scrub = combine(_item_scrubber(item), extra_scrub)
        addresses = (item.client_email, *emails)
        item = anonymising.feedback_anonymise(actor=actor, item=item, scrub=scrub, reason=reason)
        history_scrub(
            FeedbackItem.audit_trail.model,
            ids=[item.pk],
            blank=CLIENT_FIELDS,
            set_values={f"{link}_id": None for link in anonymising.CLIENT_LINKS},
            texts=ITEM_TEXTS,
            scrub=scrub,
        )
        texts_scrub(HistoryEntry, ids=[item.pk], key="item_id", texts=("note",), scrub=scrub)
        texts_scrub(ReviewNote, ids=[item.pk], key="item_id", texts=("text",), scrub=scrub)
        texts_scrub(Routing, ids=[item.pk], key="item_id", texts=("note",), scrub=scrub)
        # 2.1.4.1: the request to the employee may name the complainant.
        texts_scrub(
            ExplanationRequest,
            ids=[item.pk],
            key="item_id",
            texts=("question", "answer", "complainant"),
            scrub=scrub,
        )
        derived_scrub(FeedbackItem, [item.pk], scrub=scrub, emails=addresses)
        anonymise_surveys(
            list(SurveyInvitation.objects.filter(item=item).values_list("pk", flat=True)),
            scrub=scrub,
        )
        # The answer this item was made from (a low rating with a comment) holds its text.
        from_answer = list(
            SurveyResponse.objects.filter(feedback_item=item).values_list("pk", flat=True)
        )
        texts_scrub(SurveyResponse, ids=from_answer, texts=("comment",), scrub=scrub)
    mark_erased(ITEM, ids, reason=reason)


def _contacts_anonymised(ids: Sequence[int], scrub: Callable[[str], str]) -> None:
    """The cases app anonymised these contacts: the survey invitations sent after them go
    too (the cases app cannot reach them, 2.1.6.1)."""
    anonymise_surveys(
        list(
            SurveyInvitation.objects.filter(contact_id__in=list(ids)).values_list("pk", flat=True)
        ),
        scrub=scrub,
    )


# --- A data subject without a client card ----------------------------------------------------


def _submitter_identity(pk: int) -> tuple[FeedbackItem, Identity]:
    """The person who wrote feedback item ``pk``, with every item sharing their e-mail or
    phone (and those items' e-mails and phones, one step further)."""
    item = FeedbackItem.objects.filter(pk=pk).first()
    phone = try_normalize_phone(item.client_phone) if item is not None else None
    if item is None or not (item.client_email or phone):
        raise Http404
    seed = Identity(
        SUBMITTER,
        pk,
        "",
        "",
        phones=(phone,) if phone else (),
        emails=(item.client_email,) if item.client_email else (),
    )
    rows = list(items_of(seed).values_list("client_name", "client_email", "client_phone"))
    names = sorted({n for n, _e, _p in rows if n})
    emails = sorted({e.lower() for _n, e, _p in rows if e})
    phones = sorted({p for p in (try_normalize_phone(t) for _n, _e, t in rows if t) if p})
    return item, Identity(
        record_type=SUBMITTER,
        record_id=pk,
        label=_("Submitter without a client card #%(id)s") % {"id": pk},
        display_name=item.client_name or item.client_email or display_phone(phone or ""),
        names=tuple(names),
        phones=tuple(phones),
        emails=tuple(emails),
    )


def _submitter_search(query: str) -> list[tuple[int, str]]:
    """A person without a client card, found by their exact e-mail address or phone number
    in any spelling (a name alone is not enough: two people share one). None when a client
    card has that e-mail or phone: the card's own request covers their items."""
    q = (query or "").strip()
    if "@" in q:
        if Client.objects.filter(is_active=True, email__iexact=q).exists():
            return []
        ids = list(FeedbackItem.objects.filter(client_email__iexact=q).values_list("pk", flat=True))
        shown = q.lower()
    else:
        number = try_normalize_phone(q)
        if (
            number is None
            or ClientPhone.objects.filter(number=number, client__is_active=True).exists()
        ):
            return []
        ids = items_by_phone([number])
        shown = display_phone(number)
    if not ids:
        return []
    latest = FeedbackItem.objects.filter(pk__in=ids).order_by("-received_on", "-pk").first()
    assert latest is not None
    name = latest.client_name or _("Submitter without a client card")
    return [(latest.pk, f"{name} ({shown})")]


register_subject(SUBMITTER, _submitter_identity, _submitter_search)
register_dependent(CONTACT, _contacts_anonymised)
register_source(ComplaintsSource())
