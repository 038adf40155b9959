"""The front desk's panel on the start page (servicedesk.start_page): the person's own callbacks
(4.3.1, 4.13), the questions put to them as a contact person (4.9) and the written submissions
they answer for, with what is already late."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Callback, Consultation, WrittenSubmission
from servicedesk.roles import Action, can
from servicedesk.start_page import Line, Panel


def front_desk_panel(user: Any) -> Panel | None:
    if not can(user, Action.LOG_CONTACTS):
        return None
    now = timezone.now()
    today = timezone.localdate()
    callbacks = Callback.objects.filter(owner=user, status=Callback.Status.OPEN).aggregate(
        due_today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=_midnight_after(today))),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
    )
    questions = Consultation.objects.filter(contact_person=user, answered_at__isnull=True).count()
    submissions = WrittenSubmission.objects.filter(
        owner=user, status=WrittenSubmission.Status.OPEN
    ).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(reply_due__lt=today)),
    )
    callback_queue = reverse("cases:callback_queue")
    submission_list = reverse("cases:submission_list") + "?status=open"
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
        ],
    )


def _midnight_after(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
