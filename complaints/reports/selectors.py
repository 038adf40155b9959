"""The head's dashboard (3.5): what the client voice and the contacts say, for a period.

Every figure is made from database aggregations: the rows never come into Python, only their
groups, a few hundred at most. The query count does not depend on the number of rows (a test
pins it). The feedback counts come from ``complaints.reports.feedback_counts``: on
PostgreSQL the month tallies of the months the period holds whole, on SQLite the items.

Feedback figures are computed over what ``complaints_visible_to(user)`` admits (2.1.4.4): a
complaint about the head is never counted in the head's figures, but is in the executive
director's. Contact figures (which carry no restricted content) are shown to those with
``Action.VIEW_CONTACT_STATISTICS``. Every figure links to the register list filtered to the
rows it counts (the same conditions and content rule, from ``complaints.selectors``).

Queries (fixed): the visibility gate's memberships, three for the feedback counts; with
contacts: contact groups, topic names, satisfaction by month (from ``SurveyResponse``). See
docs/dashboard.md."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.db.models import (
    Aggregate,
    Avg,
    Count,
)
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import Channel
from cases.selectors.tally import contact_counts
from complaints.models import Kind, Outcome, SubjectKind, SurveyResponse
from complaints.reports import charts
from complaints.reports.feedback_counts import FeedbackCounts, Reply, feedback_counts
from complaints.selectors import (
    NO_OUTCOME,
    REGISTERS,
    REPLY_LATE,
    REPLY_ON_TIME,
    RegisterFilters,
)
from servicedesk.days import day_start, months_between
from servicedesk.models import Topic
from servicedesk.roles import Action, can

TOP_TOPICS = 10


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``: the median, computed by the database."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


@dataclass(frozen=True)
class Row:
    """One line of a figure's table and one bar or point of its chart."""

    label: str
    value: float | None
    href: str = ""


@dataclass
class Figure:
    key: str
    title: str
    description: str
    value_header: str
    rows: list[Row]
    chart: str = "bar"  # or "line"
    decimals: int = 0
    y_max: float | None = None
    note: str = ""  # shown under the table

    @property
    def svg(self) -> SafeString:
        if self.chart == "line":
            return charts.line_chart(
                chart_id=f"chart-{self.key}",
                title=self.title,
                description=self.description,
                points=[charts.Point(r.label, r.value, r.href) for r in self.rows],
                y_max=self.y_max,
                decimals=self.decimals,
            )
        return charts.bar_chart(
            chart_id=f"chart-{self.key}",
            title=self.title,
            description=self.description,
            bars=[charts.Bar(r.label, r.value or 0, r.href) for r in self.rows],
            decimals=self.decimals,
        )

    def formatted(self, value: float | None) -> str:
        return charts.format_value(value, self.decimals)


@dataclass
class Dashboard:
    date_from: date
    date_to: date
    feedback_total: int = 0
    answered: int = 0
    answered_on_time: int = 0
    overdue_open: int = 0
    median_days: float | None = None
    contacts_total: int | None = None
    links: dict[str, str] = field(default_factory=dict)
    feedback_figures: list[Figure] = field(default_factory=list)
    contact_figures: list[Figure] = field(default_factory=list)

    @property
    def answered_late(self) -> int:
        return self.answered - self.answered_on_time

    @property
    def on_time_share(self) -> float | None:
        """Per cent of the replies given within the legal deadline."""
        if not self.answered:
            return None
        return 100 * self.answered_on_time / self.answered


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months, from the first day of the month eleven months ago."""
    today = today or timezone.localdate()
    month = today.month - 11
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1), today


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _month_label(month: date) -> str:
    return date_format(month, "m.Y.")


def register_url(register: str, filters: RegisterFilters) -> str:
    query = filters.query_string()
    url = reverse("complaints:register_list", args=[register])
    return f"{url}?{query}" if query else url


def dashboard_for(user: Any, *, date_from: date, date_to: date) -> Dashboard:
    """Every figure of the dashboard for ``user`` and the period (received / started on
    ``date_from`` … ``date_to`` inclusive)."""
    board = Dashboard(date_from=date_from, date_to=date_to)
    period = {"received_from": date_from, "received_to": date_to}
    _feedback_figures(board, feedback_counts(user, date_from, date_to), period)
    if can(user, Action.VIEW_CONTACT_STATISTICS):
        _contact_figures(board, linked=can(user, Action.LOG_CONTACTS))
    return board


def _feedback_figures(board: Dashboard, counts: FeedbackCounts, period: dict[str, Any]) -> None:
    """The feedback part of ``board``: its totals and links, then one figure per grouping."""
    tally = _tally_feedback(board, counts)
    board.median_days = counts.median_days()
    board.links = {
        "all": register_url("all", RegisterFilters(**period)),
        "on_time": register_url("all", RegisterFilters(reply=REPLY_ON_TIME, **period)),
        "late": register_url("all", RegisterFilters(reply=REPLY_LATE, **period)),
        "overdue": register_url("all", RegisterFilters(overdue=True, **period)),
    }
    board.feedback_figures.append(_kind_figure(tally.by_kind, period))
    board.feedback_figures.append(_subject_figure(tally.by_subject, period))
    board.feedback_figures.append(_outcome_figure(tally, period))
    board.feedback_figures.append(
        Figure(
            key="feedback-month",
            title=_("Feedback by month"),
            description=_("Feedback items received each month of the period."),
            value_header=_("Count"),
            chart="line",
            rows=_month_rows(
                period["received_from"],
                period["received_to"],
                tally.by_month,
                lambda first, last: register_url(
                    "all", RegisterFilters(received_from=first, received_to=last)
                ),
            ),
        )
    )
    board.feedback_figures.append(_top_topics(counts, period))


@dataclass
class _FeedbackTally:
    """The feedback groups of the period added up by what each figure shows."""

    by_kind: Counter[str] = field(default_factory=Counter)
    by_subject: Counter[str] = field(default_factory=Counter)
    by_outcome: Counter[str] = field(default_factory=Counter)
    outcome_hidden: int = 0
    by_month: Counter[date] = field(default_factory=Counter)


def _tally_feedback(board: Dashboard, counts: FeedbackCounts) -> _FeedbackTally:
    """The groups of ``counts`` added up by figure; the totals go onto ``board``. The
    outcome is content: it is counted only where the user may read it (docs/dashboard.md)."""
    tally = _FeedbackTally()
    board.overdue_open = counts.overdue
    for (kind, subject_kind, outcome, month, reply), n in counts.groups.items():
        board.feedback_total += n
        board.answered += n if reply != Reply.NONE else 0
        board.answered_on_time += n if reply == Reply.ON_TIME else 0
        tally.by_kind[kind] += n
        if kind == Kind.COMPLAINT:
            tally.by_subject[subject_kind] += n
        if outcome is not None:
            tally.by_outcome[outcome] += n
        else:
            tally.outcome_hidden += n
        tally.by_month[month] += n
    return tally


def _kind_figure(by_kind: Counter[str], period: dict[str, Any]) -> Figure:
    """Each kind links to its own register where it has one, else to the list of all."""

    def kind_href(kind: str) -> str:
        for register in REGISTERS.values():
            if register.kind == kind:
                return register_url(register.slug, RegisterFilters(**period))
        return register_url("all", RegisterFilters(kind=kind, **period))

    return Figure(
        key="kind",
        title=_("Feedback by kind"),
        description=_("Complaints, suggestions, claims and feedback received in the period."),
        value_header=_("Count"),
        rows=[Row(str(label), by_kind[value], kind_href(value)) for value, label in Kind.choices],
    )


def _subject_figure(by_subject: Counter[str], period: dict[str, Any]) -> Figure:
    return Figure(
        key="subject",
        title=_("Complaints by subject"),
        description=_("What the complaints received in the period are about."),
        value_header=_("Count"),
        rows=[
            Row(
                str(label),
                by_subject[value],
                register_url("complaints", RegisterFilters(subject_kind=value, **period)),
            )
            for value, label in SubjectKind.choices
        ],
    )


def _outcome_figure(tally: _FeedbackTally, period: dict[str, Any]) -> Figure:
    """Ethics and restricted items whose content the user may not read are in no row (a row
    is a register filter, and that filter does not find them either); the note says how
    many, so the figure is not taken for the whole."""
    outcomes = [
        (NO_OUTCOME, _("Not decided yet"), ""),
        *((v, str(lb), v) for v, lb in Outcome.choices),
    ]
    hidden = tally.outcome_hidden
    return Figure(
        key="outcome",
        title=_("Feedback by outcome"),
        description=_("The decisions on the feedback received in the period."),
        value_header=_("Count"),
        rows=[
            Row(
                label,
                tally.by_outcome[stored],
                register_url("all", RegisterFilters(outcome=value, **period)),
            )
            for value, label, stored in outcomes
        ],
        note=(
            ngettext(
                "%(count)d item whose content you may not read is not counted.",
                "%(count)d items whose content you may not read are not counted.",
                hidden,
            )
            % {"count": hidden}
            if hidden
            else ""
        ),
    )


def _count_month(by_month: Counter[date], moment: date | None, n: int) -> None:
    """Add ``n`` to the month ``moment`` falls in (nothing for a group without one)."""
    if moment is not None:
        by_month[moment.replace(day=1)] += n


def _month_rows(
    start: date,
    end: date,
    values: Mapping[date, float],
    href: Callable[[date, date], str] | None = None,
    missing: float | None = 0,
) -> list[Row]:
    """A row per month of ``start`` … ``end``; each links (through ``href``) to its own rows,
    the first and the last month cut to the period."""
    return [
        Row(
            _month_label(month),
            values.get(month, missing),
            href(max(month, start), min(_month_end(month), end)) if href else "",
        )
        for month in months_between(start, end)
    ]


def _top_topics(counts: FeedbackCounts, period: dict[str, Any]) -> Figure:
    """The services and processes complained about most often (a description the user may
    not read counts under its subject alone)."""
    top = sorted(
        ((n, subject_kind, topic) for (subject_kind, topic), n in counts.topics.items() if n > 0),
        key=lambda t: (-t[0], t[1], t[2]),
    )[:TOP_TOPICS]
    labels = dict(SubjectKind.choices)
    return Figure(
        key="topics",
        title=_("Most frequent topics of complaints"),
        description=_("The services, processes and subjects complained about most often."),
        value_header=_("Complaints"),
        rows=[
            Row(
                topic or str(labels.get(subject_kind, subject_kind)),
                n,
                register_url(
                    "complaints",
                    RegisterFilters(subject_kind=subject_kind, topic=topic, **period),
                ),
            )
            for n, subject_kind, topic in top
        ],
    )


def _contact_figures(board: Dashboard, *, linked: bool) -> None:
    """The contacts part of ``board``: the total, then one figure per grouping. Each row
    links to the contact list filtered to it where the user may see that list."""
    start, end = board.date_from, board.date_to
    tally = _tally_contacts(start, end)
    board.contacts_total = tally.total
    href = partial(_contacts_href, start, end, linked)
    board.links["contacts"] = href()
    board.contact_figures.append(
        Figure(
            key="contact-channel",
            title=_("Contacts by channel"),
            description=_("Client contacts in the period, by the channel they came through."),
            value_header=_("Contacts"),
            rows=[
                Row(str(label), tally.by_channel[value], href(channel=value))
                for value, label in Channel.choices
            ],
        )
    )
    board.contact_figures.append(_contact_topic_figure(tally.by_topic, href))
    board.contact_figures.append(
        Figure(
            key="contact-month",
            title=_("Contacts by month"),
            description=_("Client contacts in each month of the period."),
            value_header=_("Contacts"),
            chart="line",
            rows=_month_rows(
                start,
                end,
                tally.by_month,
                lambda first, last: href(date_from=first.isoformat(), date_to=last.isoformat()),
            ),
        )
    )
    board.contact_figures.append(_satisfaction_figure(start, end))


@dataclass
class _ContactTally:
    """The contacts of the period added up by what each figure shows."""

    total: int = 0
    by_channel: Counter[str] = field(default_factory=Counter)
    by_topic: Counter[int | None] = field(default_factory=Counter)
    by_month: Counter[date] = field(default_factory=Counter)


def _tally_contacts(start: date, end: date) -> _ContactTally:
    """The contacts started in ``start`` … ``end``, grouped by month, channel and topic
    (``cases.selectors.tally``: day tallies on PostgreSQL, the contacts on SQLite)."""
    tally = _ContactTally()
    for month, channel, topic_id, n in contact_counts(start, end):
        tally.total += n
        tally.by_channel[channel] += n
        tally.by_topic[topic_id] += n
        _count_month(tally.by_month, month, n)
    return tally


def _contacts_href(start: date, end: date, linked: bool, /, **params: Any) -> str:
    """The contact list of the period narrowed by ``params``; nothing where the user may not
    see that list."""
    if not linked:
        return ""
    query = {"date_from": start.isoformat(), "date_to": end.isoformat()}
    query.update({k: str(v) for k, v in params.items()})
    return f"{reverse('cases:contact_list')}?{urlencode(query)}"


def _contact_topic_figure(by_topic: Counter[int | None], href: Callable[..., str]) -> Figure:
    """The topics most contacts were about first; contacts without a topic last, unlinked."""
    topic_ids = [pk for pk in by_topic if pk is not None]
    names = (
        dict(Topic.objects.filter(pk__in=topic_ids).values_list("pk", "name")) if topic_ids else {}
    )
    rows = [
        Row(names.get(pk, "?"), n, href(topic=pk))
        for pk, n in sorted(
            ((pk, n) for pk, n in by_topic.items() if pk is not None),
            key=lambda pair: (-pair[1], names.get(pair[0], "")),
        )
    ]
    if by_topic.get(None):
        rows.append(Row(_("No topic"), by_topic[None], ""))
    return Figure(
        key="contact-topic",
        title=_("Contacts by topic"),
        description=_("Client contacts in the period, by their topic."),
        value_header=_("Contacts"),
        rows=rows,
    )


def _satisfaction_figure(start: date, end: date) -> Figure:
    """The average rating (1–5) the satisfaction survey got each month (3.5.1): e-mailed
    surveys and the kiosk together. No drill-down: survey answers have no register list."""
    groups = (
        SurveyResponse.objects.filter(
            answered_at__gte=day_start(start), answered_at__lt=day_start(end + timedelta(days=1))
        )
        .annotate(month=TruncMonth("answered_at"))
        .values("month")
        .annotate(average=Avg("rating"), n=Count("pk"))
        .order_by()
    )
    averages: dict[date, float] = {}
    for g in groups:
        month = _as_date(g["month"])
        if month is not None:
            averages[month.replace(day=1)] = float(g["average"])
    return Figure(
        key="satisfaction",
        title=_("Client satisfaction by month"),
        description=_("The average rating (1 to 5) given in the satisfaction survey each month."),
        value_header=_("Average rating"),
        chart="line",
        decimals=1,
        y_max=5,
        rows=_month_rows(start, end, averages, missing=None),
    )
