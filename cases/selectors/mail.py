"""Reads of incoming e-mail (docs/mail.md): the staff queue (new, mine, my team's) and one
e-mail with its attachments and thread. Written by ``cases.services.mail``.

An e-mail that answers the desk's message about a confidential record carries that record's
scope: the queue and the detail read through ``servicedesk.scopes``, like the inbox does."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.models import Article, Contact, InboundAttachment, InboundEmail, StandardAnswer
from cases.selectors.team import front_desk_users
from servicedesk import scopes
from servicedesk.models import Notification
from servicedesk.roles import Action, can

#: The queue's views: the key in the URL → what it lists.
QUEUES = ("new", "mine", "team", "automatic")


def _visible(user: Any) -> QuerySet[InboundEmail]:
    if not can(user, Action.LOG_CONTACTS):
        raise Http404
    return InboundEmail.objects.filter(scopes.visible_q(user))


def inbound_queue(user: Any, queue: str = "new") -> QuerySet[InboundEmail]:
    """Filed e-mails for the queue: ``new`` (nobody has taken them), ``mine``, ``team`` (taken
    by anyone of the front desk), ``automatic`` (automatic replies and bounces, which need no
    one to take them)."""
    filed = _visible(user).filter(status=InboundEmail.Status.FILED)
    people = Q(kind=InboundEmail.Kind.MESSAGE)
    if queue == "mine":
        filed = filed.filter(assigned_to=user)
    elif queue == "team":
        filed = filed.filter(people, assigned_to__in=front_desk_users())
    elif queue == "automatic":
        filed = filed.exclude(people)
    else:
        filed = filed.filter(people, assigned_to=None)
    return filed.select_related("contact__client", "assigned_to").order_by("-received_at", "-pk")


def inbound_get(user: Any, pk: int) -> InboundEmail:
    """One filed e-mail with its attachments and the thread's links, for a user who may log
    contacts and may know of it; 404 otherwise, as for a missing one."""
    qs = (
        _visible(user)
        .filter(status=InboundEmail.Status.FILED)
        .select_related("contact__client", "replies_to", "submission", "assigned_to")
        .prefetch_related(
            Prefetch("attachments", queryset=InboundAttachment.objects.order_by("pk"))
        )
    )
    return get_object_or_404(qs, pk=pk)


def inbound_thread(user: Any, email: InboundEmail) -> list[InboundEmail]:
    """The e-mails of the same thread the user may see, oldest first: those that answer the
    same contact, the contact this one answers, and those answering this one."""
    contacts = [c for c in (email.replies_to_id, email.contact_id) if c]
    if not contacts:
        return []
    related = Q(contact_id__in=contacts) | Q(replies_to_id__in=contacts)
    return list(
        _visible(user)
        .filter(related, status=InboundEmail.Status.FILED)
        .exclude(pk=email.pk)
        .order_by("received_at", "pk")
    )


def attachment_get(user: Any, email_pk: int, pk: int) -> InboundAttachment:
    """An accepted file of an e-mail the user may see."""
    email = inbound_get(user, email_pk)
    return get_object_or_404(email.attachments.exclude(file=""), pk=pk)


def inbound_failed() -> QuerySet[InboundEmail]:
    """The e-mails kept as failed, for an administrator (servicedesk admin)."""
    return InboundEmail.objects.filter(status=InboundEmail.Status.FAILED).order_by("-received_at")


def reply_outbox(email: InboundEmail) -> Notification | None:
    """The outbox row of the desk's answer to ``email`` (its state: queued, sent, failed), or
    None before it is answered. The caller has read ``email`` through ``inbound_get``."""
    if email.answer_id is None:
        return None
    return (
        Notification.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact),
            object_id=str(email.answer_id),
            channel=Notification.Channel.EMAIL,
        )
        .order_by("pk")
        .first()
    )


def reply_procedures() -> QuerySet[Article]:
    """The knowledge-base procedures a reply to a client may include: public ones only
    (4.1.2, 4.1.3)."""
    return Article.objects.filter(visibility=Article.Visibility.PUBLIC).order_by("title")


def standard_answers() -> QuerySet[StandardAnswer]:
    """Every standard answer, by title."""
    return StandardAnswer.objects.select_related("updated_by").order_by("title")


def standard_answer_get(pk: int | str) -> StandardAnswer:
    """One standard answer; 404 when there is none."""
    return get_object_or_404(StandardAnswer, pk=pk)
