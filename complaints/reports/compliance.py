"""The compliance report: per employee or per structural unit, for a period, what the desk
records against the customer service rules — for the head and for an inspector.

The report is a list of sections (``SECTIONS``). A section is a function of a
:class:`Scope` that returns its columns and, per row key, its values; the report joins the
sections' rows under one header. A section is added by writing one such function and putting it
into ``SECTIONS``: nothing else changes (not the view, the template, the exports).

Rows are employees (``Employee``) or units (``StructuralUnit``); a figure of a user without an
employee record, or of an employee without a unit, is counted in a row "not in the staff
directory" / "no unit". Every section is one grouped query (``values()`` + ``Count``): the
number of queries does not depend on the number of rows (a test pins it).

Complaints (7, 8) come through the visibility gate, ``complaints_visible_to(user)``: nobody
counts a complaint about themselves, the head never one about the head. Whom a complaint names
and how it ended are its content: they are counted only where the viewer may read the content
(``readable_content``); the clause table says how many it leaves out. A role that may not open
the feedback register at all (the compliance inspector) is shown no complaint figure, and the
report says so in words rather than showing zeros. See docs/dashboard.md.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.models import Callback, Consultation, Contact, ContactOutcome, OrderIssue, Remedy
from cases.models import Channel as ContactChannel
from cases.models import Outcome as ContactOutcomeCode
from cases.services._common import CONSULTATION_REMIND_MINUTES
from cases.services.contacts import LONG_CALL
from complaints.models import FeedbackItem, Kind, Outcome, SubjectKind
from complaints.register.services.notifying import CLAUSE_8_CLAUSES, CLAUSE_8_KIND
from complaints.reports.selectors import Median
from complaints.selectors import complaints_visible_to, readable_content, readable_flag
from servicedesk.days import day_start
from servicedesk.models import Employee, Notification, StructuralUnit
from servicedesk.roles import Action, can
from servicedesk.selectors.rules import rules_register, version_in_force

BY_EMPLOYEE = "employee"
BY_UNIT = "unit"
GROUPINGS = (BY_EMPLOYEE, BY_UNIT)

Key = int | None
Value = int | float | None


@dataclass(frozen=True)
class Column:
    """One column of the report: a figure the rules ask about."""

    key: str
    header: str
    clause: str
    decimals: int = 0


@dataclass
class Section:
    """What one section adds: its columns and, per row key, its values by column key."""

    columns: list[Column]
    values: dict[Key, dict[str, Value]] = field(default_factory=dict)
    note: str = ""  # shown under the table: what the section counts, where it is not obvious

    def add(self, key: Key, column: str, value: Value) -> None:
        self.values.setdefault(key, {})[column] = value


@dataclass(frozen=True)
class Scope:
    """Who asks, for which period (Riga days, both inclusive), grouped how."""

    user: Any
    date_from: date
    date_to: date
    by: str = BY_EMPLOYEE

    @property
    def sees_complaints(self) -> bool:
        """Whether the viewer's role opens the feedback register at all: the compliance
        inspector's does not, and is shown no complaint figure (not zeros)."""
        return can(self.user, Action.VIEW_FEEDBACK)

    @property
    def start(self) -> datetime:
        return day_start(self.date_from)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return day_start(self.date_to + timedelta(days=1))

    def moments(self, name: str) -> Q:
        """``name`` (a moment) falls in the period."""
        return Q(**{f"{name}__gte": self.start, f"{name}__lt": self.end})

    def key(self, employee_path: str) -> str:
        """The row key of a record whose employee is at ``employee_path``."""
        return f"{employee_path}__unit" if self.by == BY_UNIT else employee_path


@dataclass(frozen=True)
class ReportRow:
    key: Key
    label: str
    detail: str  # the employee's unit, or nothing
    values: list[Value]


@dataclass(frozen=True)
class ClauseRow:
    """Complaints routed under one clause, by outcome (only those the viewer may read)."""

    clause: str
    values: list[int]
    hidden: int  # items whose outcome the viewer may not read
    total: int
    decided: int = 0  # 8: decided in the period (7.1, 7.2 complaints the clause applies to)
    informed: int = 0  # 8: of those, the institution's Ethics Commission was informed of


@dataclass
class ComplianceReport:
    date_from: date
    date_to: date
    by: str
    columns: list[Column]
    rows: list[ReportRow]
    totals: list[Value]
    outcome_headers: list[str] = field(default_factory=list)
    clause_rows: list[ClauseRow] = field(default_factory=list)
    outcome_hidden: int = 0
    notes: list[str] = field(default_factory=list)
    complaints_shown: bool = True


def _grouped(qs: QuerySet[Any], key: str, **aggregates: Any) -> list[dict[str, Any]]:
    return list(qs.values(row_key=F(key)).annotate(**aggregates).order_by())


# --- Sections -----------------------------------------------------------------------------


def callbacks_section(scope: Scope) -> Section:
    """4.3.1: callbacks due in the period, and those not made by their time (still open past
    it, or done after it). By the callback's owner."""
    now = timezone.now()
    late = Q(status=Callback.Status.OPEN, due_at__lt=now) | Q(
        status=Callback.Status.DONE, completed_at__gt=F("due_at")
    )
    section = Section(
        [
            Column("callbacks_due", _("Callbacks due"), "4.3.1"),
            Column("callbacks_late", _("Callbacks overdue"), "4.3.1"),
        ]
    )
    qs = Callback.objects.filter(scope.moments("due_at")).exclude(status=Callback.Status.CANCELLED)
    for g in _grouped(
        qs, scope.key("owner__employee"), n=Count("pk"), late=Count("pk", filter=late)
    ):
        section.add(g["row_key"], "callbacks_due", g["n"])
        section.add(g["row_key"], "callbacks_late", g["late"])
    return section


def consultations_section(scope: Scope) -> Section:
    """4.9: questions to contact persons asked in the period, the median time to answer, and
    those answered after the target (``CONSULTATION_REMIND_MINUTES``) or not yet past it."""
    target = timedelta(minutes=CONSULTATION_REMIND_MINUTES)
    late = Q(answered_at__gt=F("asked_at") + target) | Q(
        answered_at__isnull=True, asked_at__lt=timezone.now() - target
    )
    section = Section(
        [
            Column("consultations", _("Consultations asked"), "4.9"),
            Column("consultation_median", _("Median time to answer, minutes"), "4.9", 1),
            Column("consultations_late", _("Consultations over the answer target"), "4.9"),
        ]
    )
    waited = ExpressionWrapper(F("answered_at") - F("asked_at"), output_field=DurationField())
    qs = Consultation.objects.filter(scope.moments("asked_at")).annotate(waited=waited)
    key = scope.key("contact_person__employee")
    extra: dict[str, Any] = {}
    if connection.vendor == "postgresql":
        extra["median"] = Median(F("waited"), output_field=DurationField())
    for g in _grouped(qs, key, n=Count("pk"), late=Count("pk", filter=late), **extra):
        section.add(g["row_key"], "consultations", g["n"])
        section.add(g["row_key"], "consultations_late", g["late"])
        section.add(g["row_key"], "consultation_median", _minutes(g.get("median")))
    if connection.vendor != "postgresql":
        for row_key, median in _medians(qs.filter(answered_at__isnull=False), key).items():
            section.add(row_key, "consultation_median", median)
    return section


def _minutes(value: timedelta | None) -> float | None:
    return value.total_seconds() / 60 if value is not None else None


def _medians(qs: QuerySet[Any], key: str) -> dict[Key, float | None]:
    """Without ``percentile_cont`` (SQLite): each group's median in Python, from one query."""
    waits: dict[Key, list[float]] = defaultdict(list)
    for row_key, waited in qs.values_list(key, "waited"):
        waits[row_key].append(waited.total_seconds() / 60)
    return {row_key: statistics.median(values) for row_key, values in waits.items()}


def order_issues_section(scope: Scope) -> Section:
    """4.10.1: order issues reported in the period and still open. By the unit that fulfils
    the order (its head, by employee)."""
    section = Section([Column("order_issues_open", _("Order issues open"), "4.10.1")])
    key = "unit" if scope.by == BY_UNIT else "unit__head"
    qs = OrderIssue.objects.filter(scope.moments("created_at"), resolved_at__isnull=True)
    for g in _grouped(qs, key, n=Count("pk")):
        section.add(g["row_key"], "order_issues_open", g["n"])
    return section


def long_calls_section(scope: Scope) -> Section:
    """4.2.4: calls from clients longer than 10 minutes with no offer of a visit or a written
    submission recorded and no callback arranged (the exception of 4.3.1)."""
    section = Section([Column("long_calls", _("Calls over 10 minutes without an offer"), "4.2.4")])
    qs = Contact.objects.filter(
        scope.moments("started_at"),
        channel=ContactChannel.PHONE_IN,
        ended_at__gt=F("started_at") + LONG_CALL,
        offer_made=False,
        callbacks__isnull=True,
    )
    for g in _grouped(qs, scope.key("employee__employee"), n=Count("pk", distinct=True)):
        section.add(g["row_key"], "long_calls", g["n"])
    return section


def refusals_section(scope: Scope) -> Section:
    """4.12.2, 4.12.3: calls ended after a warning and abusive e-mails refused."""
    codes = {
        ContactOutcomeCode.ENDED_AFTER_WARNING: "ended_after_warning",
        ContactOutcomeCode.ABUSIVE_EMAIL_REFUSED: "abusive_email_refused",
    }
    section = Section(
        [
            Column("ended_after_warning", _("Calls ended after a warning"), "4.12.2"),
            Column("abusive_email_refused", _("Abusive e-mails refused"), "4.12.3"),
        ]
    )
    qs = ContactOutcome.objects.filter(scope.moments("contact__started_at"), code__in=codes)
    groups = qs.values(row_key=F(scope.key("contact__employee__employee")), kind=F("code"))
    for g in groups.annotate(n=Count("pk")).order_by():
        section.add(g["row_key"], codes[g["kind"]], g["n"])
    return section


def remedies_section(scope: Scope) -> Section:
    """2.1.1.2: remedies of our errors opened in the period, those open now and those open
    past their deadline now (whatever the period). By the remedy's responsible employee."""
    today = timezone.localdate()
    is_open = Q(status=Remedy.Status.OPEN)
    section = Section(
        [
            Column("remedies_opened", _("Remedies of errors opened"), "2.1.1.2"),
            Column("remedies_open", _("Remedies open now"), "2.1.1.2"),
            Column("remedies_overdue", _("Remedies overdue now"), "2.1.1.2"),
        ]
    )
    qs = Remedy.objects.filter(scope.moments("opened_at") | is_open)
    for g in _grouped(
        qs,
        scope.key("owner__employee"),
        opened=Count("pk", filter=scope.moments("opened_at")),
        open=Count("pk", filter=is_open),
        overdue=Count("pk", filter=is_open & Q(due_on__lt=today)),
    ):
        section.add(g["row_key"], "remedies_opened", g["opened"])
        section.add(g["row_key"], "remedies_open", g["open"])
        section.add(g["row_key"], "remedies_overdue", g["overdue"])
    return section


def complaints_section(scope: Scope) -> Section:
    """7: complaints received in the period about the employee (or the unit's employees),
    and how many were upheld in full or in part. Only the items the viewer may see and read
    (whom a complaint names is its content): never one about the viewer."""
    section = Section(
        [
            Column("complaints", _("Complaints about employees"), "7.1"),
            Column("complaints_upheld", _("Complaints upheld in full or in part"), "7.1"),
        ]
    )
    if not scope.sees_complaints:
        section.note = _(
            "Complaint figures (7, 8) are not shown to your role: it does not open the "
            "feedback register. A dash in these columns does not mean there were none."
        )
        return section
    upheld = Q(outcome__in=[Outcome.UPHELD, Outcome.PARTLY_UPHELD])
    qs = _complaints(scope).filter(readable_content(scope.user), subject_employee__isnull=False)
    for g in _grouped(
        qs, scope.key("subject_employee"), n=Count("pk"), up=Count("pk", filter=upheld)
    ):
        section.add(g["row_key"], "complaints", g["n"])
        section.add(g["row_key"], "complaints_upheld", g["up"])
    return section


def _complaints(scope: Scope) -> QuerySet[FeedbackItem]:
    return complaints_visible_to(scope.user).filter(
        kind=Kind.COMPLAINT, received_on__range=(scope.date_from, scope.date_to)
    )


def acknowledgements_section(scope: Scope) -> Section:
    """9: who is "missing" in the acknowledgement register of the version in force (today,
    whatever the period): every employee, with or without a login, and every user with a
    role who is not an employee, neither signed on paper nor confirmed in the desk. Counted
    from the register itself (``rules_register``), a fixed number of queries."""
    section = Section([Column("rules_missing", _("Rules not acknowledged"), "9")])
    version = version_in_force()
    if version is None:
        return section
    section.note = _(
        "Rules not acknowledged: the version in force today, %(version)s, as its "
        "acknowledgement register counts them: employees with or without a login who "
        "neither signed it on paper nor confirmed it in the desk."
    ) % {"version": version}
    missing: dict[Key, int] = defaultdict(int)
    for row in rules_register(version).missing:
        employee = row.employee
        if employee is None:
            missing[None] += 1
        else:
            missing[employee.unit_id if scope.by == BY_UNIT else employee.pk] += 1
    for row_key, n in missing.items():
        section.add(row_key, "rules_missing", n)
    return section


#: The report's sections, in the order of their columns. Add one by appending a function.
SECTIONS: list[Callable[[Scope], Section]] = [
    callbacks_section,
    consultations_section,
    order_issues_section,
    long_calls_section,
    refusals_section,
    remedies_section,
    complaints_section,
    acknowledgements_section,
]


# --- The report ---------------------------------------------------------------------------


def compliance_report(
    user: Any, *, date_from: date, date_to: date, by: str = BY_EMPLOYEE
) -> ComplianceReport:
    """Every section for ``user`` over ``date_from`` … ``date_to``, a row per employee (or
    unit) with any figure, sorted by name; then complaints by clause and outcome."""
    scope = Scope(user, date_from, date_to, by if by in GROUPINGS else BY_EMPLOYEE)
    sections = [section(scope) for section in SECTIONS]
    columns = [column for section in sections for column in section.columns]
    keys = {key for section in sections for key in section.values}
    labels = _labels(scope.by, keys)
    rows = []
    for key in keys:
        values: list[Value] = []
        for section in sections:
            found = section.values.get(key, {})
            values.extend(found.get(column.key) for column in section.columns)
        rows.append(ReportRow(key, *labels.get(key, (_missing_label(scope.by), "")), values))
    rows.sort(key=lambda row: (row.key is None, row.label.casefold()))
    report = ComplianceReport(
        date_from=date_from,
        date_to=date_to,
        by=scope.by,
        columns=columns,
        rows=rows,
        totals=[_total(row.values[i] for row in rows) for i in range(len(columns))],
        notes=[section.note for section in sections if section.note],
        complaints_shown=scope.sees_complaints,
    )
    if scope.sees_complaints:
        _by_clause_and_outcome(report, scope)
    return report


def _total(values: Any) -> Value:
    numbers = [v for v in values if isinstance(v, int)]
    return sum(numbers) if numbers else None


def _missing_label(by: str) -> str:
    if by == BY_UNIT:
        return pgettext("compliance report row", "No structural unit")
    return pgettext("compliance report row", "Not in the staff directory")


def _labels(by: str, keys: set[Key]) -> dict[Key, tuple[str, str]]:
    """Row key → (name, unit) in one query."""
    wanted = [key for key in keys if key is not None]
    if not wanted:
        return {}
    if by == BY_UNIT:
        return {u.pk: (u.name, "") for u in StructuralUnit.objects.filter(pk__in=wanted)}
    employees = Employee.objects.filter(pk__in=wanted).select_related("unit")
    return {e.pk: (e.full_name, e.unit.name if e.unit else "") for e in employees}


def _by_clause_and_outcome(report: ComplianceReport, scope: Scope) -> None:
    """7, 8: the complaints of the period by the clause they were routed under and by their
    outcome. The outcome of an item the viewer may not read is not counted; its clause is."""
    outcomes = [("", _("Not decided yet")), *((v, str(label)) for v, label in Outcome.choices)]
    readable = readable_content(scope.user)
    groups = (
        _complaints(scope)
        .annotate(content_readable=readable_flag(readable))
        .values("routing_clause", "outcome", "content_readable")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    hidden: dict[str, int] = defaultdict(int)
    for g in groups:
        if g["content_readable"]:
            counts[g["routing_clause"]][g["outcome"]] += g["n"]
        else:
            hidden[g["routing_clause"]] += g["n"]
    report.outcome_headers = [label for _value, label in outcomes]
    decided = _clause_8(scope)
    for clause in sorted(set(counts) | set(hidden) | set(decided)):
        values = [counts[clause][value] for value, _label in outcomes]
        report.clause_rows.append(
            ClauseRow(
                clause,
                values,
                hidden[clause],
                sum(values) + hidden[clause],
                *decided.get(clause, (0, 0)),
            )
        )
    report.outcome_hidden = sum(hidden.values())


def _informed() -> Exists:
    """8: the outbox rows the decision wrote to the institution's Ethics Commission
    (``complaints.register.services.notifying``, kind ``CLAUSE_8_KIND``) are the evidence
    that it was informed: one exists for the item, whatever language the decision was in."""
    return Exists(
        Notification.objects.filter(
            kind=CLAUSE_8_KIND,
            content_type=ContentType.objects.get_for_model(FeedbackItem),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
    )


def _clause_8(scope: Scope) -> dict[str, tuple[int, int]]:
    """8: per clause (7.1, 7.2), the complaints the viewer may see decided in the period that
    the clause applies to (not ethics ones), and how many of them the decision's history
    shows reported to the institution's Ethics Commission (its outbox rows). One grouped query.

    The items decided in the period come from the index on ``decided_at``
    (``feedback_decided``); the items derived from an ethics one are left out with a subquery
    (``derived_from_id IN (…)``, as complaints.selectors does), not a join to the item derived
    from: the query reads the period's items, whatever the size of the register."""
    informed = _informed()
    ethics = FeedbackItem.objects.filter(subject_kind=SubjectKind.ETHICS).order_by().values("pk")
    groups = (
        complaints_visible_to(scope.user)
        .filter(
            scope.moments("decided_at"),
            ~Q(subject_kind=SubjectKind.ETHICS),
            ~Q(derived_from_id__in=ethics),
            kind=Kind.COMPLAINT,
            routing_clause__in=CLAUSE_8_CLAUSES,
        )
        .values("routing_clause")
        .annotate(n=Count("pk"), told=Count("pk", filter=informed))
        .order_by()
    )
    return {g["routing_clause"]: (g["n"], g["told"]) for g in groups}


def table(report: ComplianceReport) -> list[list[Any]]:
    """The report as rows for an export: a header, a row per employee or unit, the totals,
    then the complaints by clause and outcome under their own header."""
    first = _("Structural unit") if report.by == BY_UNIT else _("Employee")
    lines: list[list[Any]] = [
        [first, _("Structural unit") if report.by == BY_EMPLOYEE else ""]
        + [f"{c.header} ({c.clause})" for c in report.columns]
    ]
    lines += [[row.label, row.detail, *_rounded(row.values)] for row in report.rows]
    lines.append([_("Total"), "", *_rounded(report.totals)])
    lines.append([])
    if not report.complaints_shown:
        lines.append([_("Complaint figures (7, 8) are not shown to your role.")])
        return lines
    lines.append(
        [
            _("Complaints by clause"),
            "",
            *report.outcome_headers,
            _("Outcome not readable"),
            _("Decided in the period (8)"),
            _("Ethics Commission informed (8)"),
        ]
    )
    lines += [
        [row.clause, "", *row.values, row.hidden, row.decided, row.informed]
        for row in report.clause_rows
    ]
    return lines


def _rounded(values: list[Value]) -> list[Value]:
    return [round(v, 1) if isinstance(v, float) else v for v in values]
