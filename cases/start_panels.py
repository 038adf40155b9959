"""The front desk's panel on the start page (servicedesk.start_page): the person's own callbacks
(4.3.1, 4.13), the questions put to them as a contact person (4.9), the written submissions
and the remedies of errors (2.1.1.2) they answer for, with what is already late."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Callback, WrittenSubmission
from cases.selectors import team
from cases.selectors.dispatch import dispatch_counts
from cases.selectors.remedies import remedy_counts
from servicedesk.roles import Action, can
from servicedesk.start_page import Line, Panel, provide


def front_desk_panel(user: Any) -> Panel | None:
    if not can(user, Action.LOG_CONTACTS):
        return None
    now = timezone.now()
    today = timezone.localdate()
    callbacks = Callback.objects.filter(owner=user, status=Callback.Status.OPEN).aggregate(
        due_today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=_midnight_after(today))),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
    )
    # Mine and those of whoever I stand in for today (cases.selectors.team).
    questions = team.my_consultations(user).filter(answered_at__isnull=True).count()
    submissions = team.submissions_of(WrittenSubmission.Status.OPEN, mine_of=user).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(reply_due__lt=today)),
    )
    remedies = remedy_counts(user)
    remedy_list = reverse("cases:remedy_list")
    callback_queue = reverse("cases:callback_queue")
    submission_list = reverse("cases:submission_list") + "?status=open&mine=1"
    return Panel(
        title=_("My work"),
        order=10,
        lines=[
            Line(_("Callbacks past their time"), callbacks["overdue"], callback_queue, alert=True),
            Line(_("Callbacks due later today"), callbacks["due_today"], callback_queue),
            Line(
                _("Questions waiting for my answer"), questions, reverse("cases:consultation_list")
            ),
            Line(
                _("Written submissions past the reply date"),
                submissions["overdue"],
                submission_list,
                alert=True,
            ),
            Line(_("Written submissions I answer for"), submissions["open"], submission_list),
            # 2.1.1.2: removing the consequences of our errors.
            Line(
                _("Remedies of our errors past their deadline"),
                remedies["overdue"],
                remedy_list,
                alert=True,
            ),
            Line(_("Remedies of our errors I answer for"), remedies["open"], remedy_list),
        ],
    )


def _midnight_after(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def outgoing_panel(user: Any) -> Panel | None:
    """Letters to print and post, replies to hand over or to send through the e-address
    portal, e-mails that failed: the outgoing correspondence that stays on the list until a
    person does it (docs/correspondence.md). Counted through the gate: a dispatch of a
    feedback item the user may not know of is not counted."""
    if not can(user, Action.LOG_CONTACTS):
        return None
    counts = dispatch_counts(user)
    listing = reverse("cases:dispatch_list")

    def line(label: str, state: str, *, alert: bool = False) -> Line:
        return Line(label, counts[state], f"{listing}?state={state}", alert=alert)

    return Panel(
        title=_("Letters to print / hand over"),
        order=15,
        lines=[
            line(_("E-mails to clients that failed"), "failed", alert=True),
            line(_("Letters to print"), "to_print"),
            line(_("Letters to post"), "printed"),
            line(_("Replies to hand over in person"), "to_hand"),
            line(_("To send through the e-address portal"), "to_send"),
        ],
    )


# Registered here, next to the front desk's panel (cases.apps registers that one): importing
# this module from cases.apps.CasesConfig.ready is what puts both on the start page.
provide("cases.outgoing", outgoing_panel)
