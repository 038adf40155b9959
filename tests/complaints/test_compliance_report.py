"""The compliance report for the head and an inspector: figures per employee or unit for a
period, through the visibility gate (2.1.4.4), printable and exportable, a fixed number of
queries."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from complaints.models import Outcome, State, SubjectKind
from complaints.register.services import workflow
from complaints.reports import compliance
from servicedesk.models import ReviewAuthority, RulesSignature, RulesSignedSheet
from servicedesk.selectors.rules import rules_register, version_in_force
from tests.complaints import compliance_data as data
from tests.complaints.dashboard_data import riga
from tests.factories import EmployeeFactory

URL = reverse("complaints:compliance")
SEPTEMBER = data.SEPTEMBER
QUERY = {"date_from": "2026-09-01", "date_to": "2026-09-30"}


@pytest.fixture
def planted(reception, reception2, expert, unithead, operations_unit, review_authorities):
    data.plant(reception, reception2, expert, operations_unit, review_authorities)


def _report(user, by=compliance.BY_EMPLOYEE):
    return compliance.compliance_report(user, date_from=SEPTEMBER[0], date_to=SEPTEMBER[1], by=by)


def _figures(report) -> dict[str, dict[str, object]]:
    keys = [column.key for column in report.columns]
    return {row.label: dict(zip(keys, row.values, strict=True)) for row in report.rows}


def test_figures_per_employee_on_planted_data(head, planted):
    figures = _figures(_report(head))

    assert figures["Laura Kalniņa"]["callbacks_due"] == 3
    assert figures["Laura Kalniņa"]["callbacks_late"] == 2
    assert figures["Laura Kalniņa"]["long_calls"] == 1
    assert figures["Mārtiņš Zariņš"]["ended_after_warning"] == 1
    assert figures["Mārtiņš Zariņš"]["abusive_email_refused"] == 1
    assert figures["Pēteris Vītols"]["consultations"] == 4
    assert figures["Pēteris Vītols"]["consultation_median"] == pytest.approx(30)
    assert figures["Pēteris Vītols"]["consultations_late"] == 2
    assert figures["Inese Liepiņa"]["order_issues_open"] == 1
    assert figures["Pēteris Vītols"]["complaints"] == 1  # the ethics complaint is not the head's
    assert figures["Pēteris Vītols"]["complaints_upheld"] == 1


@pytest.mark.rule("2.1.1.2")
def test_remedies_of_errors_opened_open_and_overdue_per_employee_and_unit(head, planted):
    figures = _figures(_report(head))

    laura = figures["Laura Kalniņa"]
    assert (laura["remedies_opened"], laura["remedies_open"], laura["remedies_overdue"]) == (
        2,
        2,
        1,
    )
    peteris = figures["Pēteris Vītols"]  # opened in October: open and overdue now, not opened
    assert (peteris["remedies_opened"], peteris["remedies_open"]) == (0, 1)
    assert peteris["remedies_overdue"] == 1
    service = _figures(_report(head, compliance.BY_UNIT))["Klientu apkalpošanas centrs"]
    assert (service["remedies_opened"], service["remedies_overdue"]) == (2, 1)


def _decide(item, reviewer):
    item = workflow.feedback_start_review(actor=reviewer, item=item, expected_version=item.version)
    return workflow.feedback_decide(
        actor=reviewer,
        item=item,
        expected_version=item.version,
        outcome=Outcome.UPHELD,
        decision_text="Darbiniekam izteikts aizrādījums.",
    )


@pytest.mark.rule("8")
def test_clause_8_counts_decisions_and_those_the_institutions_commission_was_told_of(
    head, reception, review_authorities
):
    authority = review_authorities[ReviewAuthority.Kind.HEAD]
    commission = review_authorities[ReviewAuthority.Kind.INSTITUTION_ETHICS_COMMISSION]
    commission.email = ""
    commission.save(update_fields=["email"])
    acknowledged = {"state": State.ACKNOWLEDGED}
    _decide(data.complaint(authority, reception, "7.1", **acknowledged), head)  # not informed:
    commission.email = "etika@aadso.example.lv"  # the commission was not set up
    commission.save(update_fields=["email"])
    _decide(data.complaint(authority, reception, "7.1", **acknowledged), head)
    with translation.override("en"):  # the history note is in the decider's language
        _decide(data.complaint(authority, reception, "7.1", **acknowledged), head)
    data.complaint(authority, reception, "7.1", **acknowledged)  # not decided
    today = timezone.localdate()

    report = compliance.compliance_report(head, date_from=today, date_to=today)

    assert [(r.clause, r.decided, r.informed) for r in report.clause_rows] == [("7.1", 3, 2)]
    september = _report(head)  # received in September, decided today: not decided then
    assert [(r.clause, r.total, r.decided) for r in september.clause_rows] == [("7.1", 4, 0)]


@pytest.mark.rule("8", "2.1.4.4")
def test_clause_8_counts_only_what_the_gate_shows(head, director, reception, review_authorities):
    about_head = data.complaint(
        review_authorities[ReviewAuthority.Kind.EXECUTIVE_DIRECTOR],
        reception,
        "7.2",
        subject_kind=SubjectKind.HEAD,
        subject_employee=head.employee,
        state=State.ACKNOWLEDGED,
    )
    commission = review_authorities[ReviewAuthority.Kind.INSTITUTION_ETHICS_COMMISSION]
    commission.email = "etika@aadso.example.lv"
    commission.save(update_fields=["email"])
    _decide(about_head, director)
    today = timezone.localdate()

    head_report = compliance.compliance_report(head, date_from=today, date_to=today)
    director_report = compliance.compliance_report(director, date_from=today, date_to=today)

    assert head_report.clause_rows == []
    assert [(r.clause, r.decided, r.informed) for r in director_report.clause_rows] == [
        ("7.2", 1, 1)
    ]


@pytest.mark.rule("9")
def test_rules_missing_counts_as_the_register_does_with_employees_without_a_login(
    head, admin, operations_unit, planted
):
    version = version_in_force()
    EmployeeFactory(user=None, first_name="Kārlis", last_name="Bez", unit=operations_unit)
    signed = EmployeeFactory(user=None, first_name="Zane", last_name="Papīrs", unit=operations_unit)
    sheet = RulesSignedSheet.objects.create(
        version=version, kind="scan", file="x.pdf", original_name="x.pdf", content_type="a", size=1
    )
    RulesSignature.objects.create(
        version=version, employee=signed, sheet=sheet, signed_on=dt.date(2026, 9, 1)
    )

    figures = _figures(_report(head))
    by_unit = _figures(_report(head, compliance.BY_UNIT))

    assert figures["Kārlis Bez"]["rules_missing"] == 1
    assert "Zane Papīrs" not in figures
    register = rules_register(version)
    total = compliance.acknowledgements_section(
        compliance.Scope(head, *SEPTEMBER, compliance.BY_UNIT)
    )
    assert sum(v["rules_missing"] for v in total.values.values()) == len(register.missing)
    operations = [row for row in register.missing if row.unit == "Ekspluatācijas nodaļa"]
    assert by_unit["Ekspluatācijas nodaļa"]["rules_missing"] == len(operations)


def test_everyone_bound_by_the_rules_who_has_not_acknowledged_is_counted(head, planted):
    report = _report(head)
    figures = _figures(report)

    assert figures["Laura Kalniņa"]["rules_missing"] == 1
    assert figures["Aivars Pudāns"]["rules_missing"] == 1
    assert [note for note in report.notes if str(version_in_force()) in note]


def test_by_unit_adds_up_the_units_employees(head, planted):
    figures = _figures(_report(head, compliance.BY_UNIT))

    service = figures["Klientu apkalpošanas centrs"]
    assert service["callbacks_due"] == 3
    assert service["ended_after_warning"] == 1
    assert service["long_calls"] == 1
    operations = figures["Ekspluatācijas nodaļa"]
    assert operations["order_issues_open"] == 1
    assert operations["consultations"] == 4


def test_complaints_by_clause_and_outcome(head, admin, planted):
    head_report, admin_report = _report(head), _report(admin)

    assert [(r.clause, r.total) for r in head_report.clause_rows] == [("7.1", 1)]
    upheld = head_report.outcome_headers.index(str(Outcome.UPHELD.label))
    assert head_report.clause_rows[0].values[upheld] == 1
    # The administrator sees the ethics entry in the register, but neither whom it names nor
    # its outcome: it counts under its clause only.
    assert [(r.clause, r.hidden, r.total) for r in admin_report.clause_rows] == [
        ("7.1", 0, 1),
        ("7.3", 1, 1),
    ]
    assert _figures(admin_report)["Pēteris Vītols"]["complaints"] == 1
    assert admin_report.outcome_hidden == 1


@pytest.mark.rule("2.1.4.4")
def test_a_complaint_about_the_viewer_is_not_counted(head, director, review_authorities):
    data.complaint(
        review_authorities[ReviewAuthority.Kind.EXECUTIVE_DIRECTOR],
        head,
        "7.2",
        subject_kind=SubjectKind.HEAD,
        subject_employee=head.employee,
        outcome=Outcome.UPHELD,
        state=State.CLOSED,
        received_on=dt.date(2026, 9, 8),
    )

    head_report, director_report = _report(head), _report(director)

    assert head_report.clause_rows == []
    assert _figures(head_report).get("Aivars Pudāns", {}).get("complaints") is None
    assert [(r.clause, r.total) for r in director_report.clause_rows] == [("7.2", 1)]
    assert _figures(director_report)["Aivars Pudāns"]["complaints"] == 1


# --- The pages ----------------------------------------------------------------------------


def test_only_the_head_administrators_and_the_inspector_open_the_report(client_for, personas):
    allowed = {"head", "admin", "inspector"}
    for name, user in personas.items():
        status = client_for(user).get(URL).status_code
        assert status == (200 if name in allowed else 403), name
        export = client_for(user).get(reverse("complaints:compliance_export", args=["csv"]))
        assert export.status_code == (200 if name in allowed else 403), name


def test_the_dashboard_links_to_the_report_for_those_who_may_open_it(client_for, head, director):
    dashboard = reverse("complaints:dashboard")

    assert URL in client_for(head).get(dashboard).content.decode()
    assert URL not in client_for(director).get(dashboard).content.decode()


def test_the_csv_export_holds_the_table_in_latvian(client_for, head, planted):
    response = client_for(head).get(reverse("complaints:compliance_export", args=["csv"]), QUERY)

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="atbilstiba-2026-09-01-2026-09-30.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = table[0]
    assert header[0] == "Darbinieks"
    with translation.override("lv"):  # the headers are the report's columns, in Latvian
        overdue = gettext("Callbacks overdue") + " (4.3.1)"
        median = gettext("Median time to answer, minutes") + " (4.9)"
    laura = next(row for row in table if row[0] == "Laura Kalniņa")
    assert laura[header.index(overdue)] == "2"
    peteris = next(row for row in table if row[0] == "Pēteris Vītols")
    assert peteris[header.index(median)] == "30,0"
    # outcomes, not readable, total, then clause 8: decided in the period, commission informed
    assert ["7.1", "", "0", "1", "0", "0", "0", "0", "0", "0"] in table


def test_the_xlsx_export_opens_with_numbers(client_for, head, planted):
    from openpyxl import load_workbook

    response = client_for(head).get(
        reverse("complaints:compliance_export", args=["xlsx"]), {**QUERY, "by": "unit"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Struktūrvienība"
    operations = next(row for row in rows if row[0] == "Ekspluatācijas nodaļa")
    assert 4 in operations


def test_an_unknown_export_format_is_not_found(client_for, head):
    response = client_for(head).get(reverse("complaints:compliance_export", args=["pdf"]))

    assert response.status_code == 404


def test_the_page_prints_with_its_own_print_rules(client_for, head, planted):
    from django.contrib.staticfiles import finders

    page = client_for(head).get(URL, QUERY).content.decode()

    assert 'id="print-slip"' in page and "js/cases-print.js" in page
    assert "css/dashboard.css" in page
    assert "d-print-none" in page  # the period form and the buttons stay off the paper
    with open(finders.find("css/dashboard.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    print_rules = css[css.index("@media print") :]
    assert "landscape" in print_rules and ".compliance-table thead" in print_rules
    assert "Laura Kalniņa" in page and "01.09.2026" in page


def test_a_wrong_period_is_refused_with_a_message(client_for, head):
    response = client_for(head).get(URL, {"date_from": "2026-10-01", "date_to": "2026-09-01"})

    assert response.status_code == 200
    assert "Perioda sākums ir vēlāks par tā beigām." in response.content.decode()


def _plant_more(reception, expert, operations_unit, count: int) -> None:
    started = riga(2026, 9, 15, 10)
    for n in range(count):
        data.callback(reception, started + dt.timedelta(hours=n))
        data.consultation(reception, expert, started, n)
        data.order_issue(reception, operations_unit, started)


@pytest.mark.parametrize("count", [2, 20])
def test_query_count_does_not_grow_with_rows(
    client_for, head, reception, expert, operations_unit, count, django_assert_max_num_queries
):
    _plant_more(reception, expert, operations_unit, count)
    client = client_for(head)
    client.get(URL, QUERY)  # sessions, rules banner: warm as a second visit would be

    # session, user, roles, nav, the gate's memberships, one query per section (two for the
    # median without PostgreSQL; five for the rules register), row names, the rules version,
    # the clause 8 decisions, inbox, banner, session save.
    with django_assert_max_num_queries(30):
        response = client.get(URL, QUERY)

    assert _figures(response.context["report"])["Laura Kalniņa"]["callbacks_due"] == count
    assert timezone.localdate() > SEPTEMBER[1]


# --- The compliance inspector -------------------------------------------------------------


def test_the_inspector_sees_the_staff_figures_and_is_told_complaints_are_not_shown(
    client_for, inspector, planted
):
    report = _report(inspector)
    figures = _figures(report)

    assert figures["Laura Kalniņa"]["callbacks_due"] == 3
    assert figures["Laura Kalniņa"]["remedies_overdue"] == 1
    assert figures["Pēteris Vītols"]["complaints"] is None  # not a zero: not counted at all
    assert report.clause_rows == [] and not report.complaints_shown
    page = client_for(inspector).get(URL, QUERY).content.decode()
    with translation.override("lv"):
        note = gettext(
            "Complaint figures (7, 8) are not shown to your role: it does not open the "
            "feedback register. The complaints of the period are neither counted here nor "
            "left out as none."
        )
    assert note in page
    assert 'id="compliance-clauses"' not in page
    export = client_for(inspector).get(reverse("complaints:compliance_export", args=["csv"]))
    with translation.override("lv"):
        said = gettext("Complaint figures (7, 8) are not shown to your role.")
    assert said in export.content.decode("utf-8-sig")


def test_the_inspector_opens_nothing_personal_besides_the_report(client_for, inspector):
    client = client_for(inspector)
    personal = [
        reverse("directory"),
        reverse("complaints:register"),
        reverse("complaints:dashboard"),
        reverse("cases:contact_list"),
        reverse("cases:client_list"),
        reverse("rules_register"),
        reverse("audit"),
    ]

    for url in personal:
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("home")).status_code == 200
    assert reverse("complaints:compliance") in client.get(reverse("home")).content.decode()


def test_the_inspector_is_not_bound_by_the_rules(inspector, head, planted):
    version = version_in_force()

    names = [row.name for row in rules_register(version).missing]

    assert "Ilze Pārbaude" not in names
    assert "Aivars Pudāns" in names
