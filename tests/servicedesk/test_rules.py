"""Rules governance (clauses 9 and 10): the 2019 rules as version 1, acknowledgement with the
password, the banner, the register, the weekly reminder, and the read-only admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from servicedesk.models import Notification, RulesAcknowledgement, RulesClause, RulesVersion
from servicedesk.roles import Role
from servicedesk.rules_parser import parse_rules
from servicedesk.selectors.rules import versions_to_acknowledge
from servicedesk.services.rules import (
    rules_acknowledge,
    rules_remind_unacknowledged,
    rules_version_create,
)
from tests.factories import PASSWORD, EmployeeFactory, UserFactory

BANNER = "rules-banner"

# Every plain clause number in the table of /work/shared/design/RULES.md (ranges such as
# "4.1.2–4.1.3" are covered by their ends, listed here one by one).
RULES_TABLE_CLAUSES = [
    "2.1.1.2", "2.1.2.1", "2.1.2.2", "2.1.2.3", "2.1.3", "2.1.4.4", "2.1.6.1", "2.1.6.2",
    "2.2", "2.3", "3.1", "3.2", "3.3", "3.4", "3.5.1", "3.5.2", "4.1.1", "4.1.2", "4.1.3",
    "4.1.4", "4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.3.1", "4.3.2", "4.4", "4.5", "4.6", "4.7",
    "4.8", "4.9", "4.10.1", "4.11", "4.12.1", "4.12.2", "4.12.3", "4.13", "7.1", "7.2", "7.3",
    "8", "9", "10",
]  # fmt: skip

NEW_TEXT = """Klientu apkalpošanas noteikumi (2. redakcija)

1. Vispārīgie jautājumi

- 1.1. Noteikumi nosaka darbinieku uzvedības principus.
2.1.3. *vienāda attieksme:*
 - 2.1.3.1. pret klientiem līdzīgā situācijā attieksme ir līdzīga;
9. Darbinieki apliecina, ka ievēros noteikumus.
10. Noteikumi stājas spēkā ar 2027.gada 01.janvāri.

1.pielikums

Tipiskā saskarsmes situācija\tKonflikta risināšana
1. Pamani konflikta draudus*\tEs esmu pamanījis neapmierinātību.
Netipiskās saskarsmes situācijas:\tDarbinieka rīcība
1. Ja kādam ir veselības traucējumi *\t1.1. Sniedz palīdzību. 1.2. Izsauc 113.
"""


def version_1() -> RulesVersion:
    return RulesVersion.objects.get(number=1)


def clause(part: str, number: str, version: RulesVersion | None = None) -> RulesClause:
    return RulesClause.objects.get(version=version or version_1(), part=part, number=number)


def acknowledge_all(*users) -> None:
    for user in users:
        rules_acknowledge(actor=user, version=version_1(), password=PASSWORD, ip_address=None)


def add_version(admin, *, effective_from: dt.date, number: int = 2) -> RulesVersion:
    return rules_version_create(
        actor=admin,
        number=number,
        title="Klientu apkalpošanas noteikumi (2. redakcija)",
        effective_from=effective_from,
        text=NEW_TEXT,
    )


# --- Version 1 from the data migration -------------------------------------------------------


@pytest.mark.rule("10")
@pytest.mark.django_db
def test_the_2019_rules_are_version_1_in_force_from_1_march_2019():
    version = version_1()
    assert version.effective_from == dt.date(2019, 3, 1)
    assert "Klientu apkalpošanas noteikumi" in version.title
    assert "stājas spēkā ar 2019.gada 01.martu" in clause("main", "10").text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("4.11", "nekavējoties elektroniski informē Iestādes vadītāju"),
        ("7.2", "par Iestādes vadītāju – pašvaldības izpilddirektors"),
        ("2.1.2.3", "nosūta klientu pie attiecīgā speciālista"),
        ("4.3.1", "klientam atzvanīs"),
        ("2.1.3", "vienāda attieksme"),
        ("2.1.1.1", "apzinīgs, korekts, pieklājīgs un pieejams"),
        ("3.5.2", "organizē darbinieku aptaujas"),
        ("5.1", "Darbinieks pilnveido sevi"),
        ("9", "ar parakstu apliecina"),
        ("5", "Noteikumu izpilde"),
    ],
)
def test_version_1_clauses_are_numbered_as_in_the_text(number, fragment):
    assert fragment in clause("main", number).text


@pytest.mark.django_db
def test_italic_headings_are_stored_without_their_markup():
    assert clause("main", "2.1.3").text == "vienāda attieksme:"


@pytest.mark.django_db
@pytest.mark.parametrize("number", RULES_TABLE_CLAUSES)
def test_every_clause_the_desk_implements_exists_in_version_1(number):
    assert clause("main", number).text


@pytest.mark.django_db
def test_annex_1_typical_steps_carry_their_expected_result():
    steps = list(version_1().clauses.filter(part="annex1_typical").values_list("number", flat=True))
    assert steps == ["1", "2", "3", "4", "5", "6"]
    first = clause("annex1_typical", "1").text.splitlines()
    assert first[0] == "Pamani konflikta rašanās draudus"
    assert "savlaicīgi pamanījis klienta neapmierinātību" in first[1]
    sixth = clause("annex1_typical", "6").text
    assert "Es vēlos jūs uzklasīt un palīdzēt" in sixth
    assert "4.2. Ja problēmu nevar atrisināt uz vietas" in clause("annex1_typical", "4").text


@pytest.mark.django_db
def test_annex_1_atypical_situations_carry_the_prescribed_actions():
    situations = list(
        version_1().clauses.filter(part="annex1_atypical").values_list("number", flat=True)
    )
    assert situations == ["1", "2", "3", "4", "5", "6"]
    health = clause("annex1_atypical", "1").text.splitlines()
    assert health[0] == "Ja kādam ir veselības traucējumi"
    assert "1.3. Izsauc neatliekamo medicīnisko palīdzību, zvanot 113." in health
    assert (
        "6.7. Izsauc policiju galējas nepieciešamības gadījumā."
        in clause("annex1_atypical", "6").text.splitlines()
    )


def test_parser_copes_with_dashes_italics_and_a_repeated_heading_number():
    clauses = parse_rules(NEW_TEXT + "\n5. Noslēguma jautājums\n5. Atkārtots\n")
    by_number = {(c.part, c.number): c.text for c in clauses}
    assert by_number[("main", "1.1")] == "Noteikumi nosaka darbinieku uzvedības principus."
    assert by_number[("main", "2.1.3")] == "vienāda attieksme:"
    assert by_number[("annex1_typical", "1")].startswith("Pamani konflikta draudus\n")
    # The annex starts a new table: its rows are not main clauses.
    assert ("main", "1.2") not in by_number
    numbers = [(c.part, c.number) for c in clauses]
    assert len(numbers) == len(set(numbers))


# --- Acknowledging and the banner ------------------------------------------------------------


@pytest.mark.rule("9")
def test_banner_shows_on_every_page_until_the_user_acknowledges(reception, client_for):
    client = client_for(reception)
    for url in ["/", "/inbox/", "/rules/1/"]:
        assert BANNER in client.get(url).content.decode(), url

    response = client.post("/rules/1/", {"password": PASSWORD, "next": "/inbox/"}, follow=True)

    assert response.redirect_chain[-1][0] == "/inbox/"
    page = response.content.decode()
    assert "Iepazīšanās ar noteikumu versiju 1 ir apliecināta" in page
    assert BANNER not in page
    assert BANNER not in client.get("/").content.decode()
    ack = RulesAcknowledgement.objects.get(user=reception, version=version_1())
    assert ack.ip_address == "127.0.0.1"


@pytest.mark.rule("9")
def test_the_acknowledge_page_shows_the_rules_in_force_with_annex(reception, client_for):
    page = client_for(reception).get("/rules/").content.decode()
    assert "nekavējoties elektroniski informē Iestādes vadītāju" in page
    assert "Izsauc neatliekamo medicīnisko palīdzību, zvanot 113." in page
    assert 'name="password"' in page


@pytest.mark.rule("9")
def test_wrong_password_acknowledges_nothing_and_keeps_the_user_on_the_page(reception, client_for):
    client = client_for(reception)
    response = client.post("/rules/1/", {"password": "nepareiza", "next": "/directory/"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Parole nav pareiza" in page
    assert 'name="password"' in page
    assert not RulesAcknowledgement.objects.filter(user=reception).exists()
    assert BANNER in client.get("/").content.decode()


def test_next_pointing_off_site_is_ignored(reception, client_for):
    response = client_for(reception).post(
        "/rules/", {"password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.rule("9")
def test_people_without_a_role_see_no_banner_and_cannot_acknowledge(outsider, client_for):
    client = client_for(outsider)
    assert BANNER not in client.get("/").content.decode()
    assert client.get("/rules/").status_code == 403


@pytest.mark.rule("9", "10")
def test_a_new_version_in_force_today_brings_the_banner_back_for_everybody(
    reception, head, admin, client_for
):
    acknowledge_all(reception, head)
    assert BANNER not in client_for(reception).get("/").content.decode()

    add_version(admin, effective_from=timezone.localdate())

    for user in (reception, head):
        page = client_for(user).get("/inbox/").content.decode()
        assert BANNER in page, user.username
    assert client_for(reception).get("/rules/").context["version"].number == 2


@pytest.mark.rule("9", "10")
def test_an_announced_version_may_be_acknowledged_in_advance_without_a_banner(
    reception, admin, client_for
):
    acknowledge_all(reception)
    add_version(admin, effective_from=timezone.localdate() + dt.timedelta(days=30))
    client = client_for(reception)
    assert BANNER not in client.get("/").content.decode()
    assert "Versija 2, spēkā no" in client.get("/rules/").content.decode()

    client.post("/rules/2/", {"password": PASSWORD})

    # When the announced date comes, the advance acknowledgement counts.
    RulesVersion.objects.filter(number=2).update(effective_from=timezone.localdate())
    assert versions_to_acknowledge(reception) == []
    assert BANNER not in client.get("/").content.decode()


@pytest.mark.rule("9")
def test_a_superseded_version_cannot_be_acknowledged(reception, admin):
    from django.core.exceptions import ValidationError

    add_version(admin, effective_from=timezone.localdate())
    with pytest.raises(ValidationError):
        rules_acknowledge(actor=reception, version=version_1(), password=PASSWORD, ip_address=None)


def test_the_banner_costs_one_query_per_page(reception, django_assert_num_queries):
    from servicedesk.roles import roles_of

    roles_of(reception)  # the navigation has already read the roles on every page
    with django_assert_num_queries(1):
        assert [v.number for v in versions_to_acknowledge(reception)] == [1]


# --- Adding a version ------------------------------------------------------------------------


@pytest.mark.rule("10")
def test_administrator_adds_a_version_and_its_clauses_are_parsed(admin, reception, client_for):
    client = client_for(admin)
    data = {
        "number": "2",
        "title": "Klientu apkalpošanas noteikumi (2. redakcija)",
        "effective_from": "2030-01-01",
        "text": NEW_TEXT,
    }
    preview = client.post("/rules/versions/new/", {**data, "preview": "1"})
    assert "Priekšskatījums: atrasti 8 punkti" in preview.content.decode()
    assert not RulesVersion.objects.filter(number=2).exists()

    response = client.post("/rules/versions/new/", {**data, "save": "1"})

    assert response.status_code == 302
    version = RulesVersion.objects.get(number=2)
    assert version.effective_from == dt.date(2030, 1, 1)
    assert version.created_by == admin
    assert clause("main", "2.1.3.1", version).text.startswith("pret klientiem")
    assert "1.2. Izsauc 113." in clause("annex1_atypical", "1", version).text
    assert client_for(reception).get("/rules/versions/new/").status_code == 403


@pytest.mark.rule("10")
def test_a_version_cannot_take_effect_before_the_one_in_force(admin, client_for):
    response = client_for(admin).post(
        "/rules/versions/new/",
        {"number": "2", "title": "X", "effective_from": "2018-01-01", "text": NEW_TEXT},
    )
    assert response.status_code == 200
    assert "nevar stāties spēkā agrāk par versiju 1" in response.content.decode()
    assert not RulesVersion.objects.filter(number=2).exists()


# --- The register ----------------------------------------------------------------------------


@pytest.mark.rule("9")
@pytest.mark.parametrize(
    ("persona", "status"),
    [("head", 200), ("admin", 200), ("reception", 403), ("outsider", 403), ("expert", 403)],
)
def test_only_head_and_administrators_open_the_register(personas, client_for, persona, status):
    assert client_for(personas[persona]).get("/rules/register/").status_code == status


@pytest.mark.rule("9")
def test_register_shows_desk_confirmations_apart_from_the_missing(personas, head, client_for):
    acknowledge_all(personas["reception"], personas["expert"])

    response = client_for(head).get("/rules/register/?version=1")

    register = response.context["register"]
    assert {row.name for row in register.confirmed} == {"Laura Kalniņa", "Pēteris Vītols"}
    missing = {row.name for row in register.missing}
    assert missing == {
        "Mārtiņš Zariņš",
        "Aivars Pudāns",
        "Inese Liepiņa",
        "Jānis Dūklavs",
        "Rita Saulīte",
        "Dace Grava",
    }
    assert "Olga Svešā" not in missing  # no role, no employee record: no duty
    page = response.content.decode()
    missing_table = page.split('id="missing"')[1].split("</table>")[0]
    assert "Mārtiņš Zariņš" in missing_table
    assert "Laura Kalniņa" not in missing_table
    assert "apstiprināts sistēmā" in page.split('id="register"')[1]
    assert "nav paraksts" in page
    assert "0 ar parakstu" in page
    assert "2 tikai ar apstiprinājumu sistēmā" in page
    assert "6 bez apliecinājuma" in page


@pytest.mark.rule("9")
def test_register_query_count_does_not_grow_with_people(
    personas, head, client_for, django_assert_num_queries
):
    client = client_for(head)
    client.get("/rules/register/")  # warm the session
    acknowledge_all(personas["reception"])
    with django_assert_num_queries(14):
        client.get("/rules/register/")
    for i in range(5):
        user = UserFactory(username=f"extra{i}", roles=[Role.FRONT_DESK])
        EmployeeFactory(user=None, first_name=f"Bez{i}", last_name="Pieejas")
        if i % 2:
            acknowledge_all(user)
    with django_assert_num_queries(14):
        client.get("/rules/register/")


# --- Weekly reminder -------------------------------------------------------------------------


@pytest.mark.rule("9")
def test_weekly_reminder_goes_only_to_those_who_have_not_acknowledged(
    personas, django_capture_on_commit_callbacks
):
    acknowledge_all(personas["reception"], personas["head"])
    monday = dt.date(2026, 11, 23)

    with django_capture_on_commit_callbacks(execute=True):
        reminded = rules_remind_unacknowledged(today=monday)

    expected = {"reception2", "unithead", "expert", "director", "ethics", "admin"}
    assert reminded == len(expected)
    rows = Notification.objects.filter(kind="rules_reminder")
    assert set(rows.values_list("recipient__username", flat=True)) == expected
    assert {n.rule_clause for n in rows} == {"9"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{u}@aadso.lv" for u in expected)
    assert "/rules/" in mail.outbox[0].body


@pytest.mark.rule("9")
def test_reminder_runs_once_a_week(personas, django_capture_on_commit_callbacks):
    acknowledge_all(personas["reception"])
    monday = dt.date(2026, 11, 23)
    with django_capture_on_commit_callbacks(execute=True):
        first = rules_remind_unacknowledged(today=monday)
    sent = len(mail.outbox)
    rows = Notification.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        again = rules_remind_unacknowledged(today=monday + dt.timedelta(days=3))

    assert first > 0
    assert again == 0
    assert len(mail.outbox) == sent
    assert Notification.objects.count() == rows

    with django_capture_on_commit_callbacks(execute=True):
        next_week = rules_remind_unacknowledged(today=monday + dt.timedelta(days=7))
    assert next_week == first


# --- Admin -----------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.rule("9")
def test_acknowledgements_cannot_be_added_or_edited_in_the_admin(superuser, reception, client_for):
    acknowledge_all(reception)
    ack = RulesAcknowledgement.objects.get(user=reception)
    client = client_for(superuser)

    assert client.get("/admin/servicedesk/rulesacknowledgement/").status_code == 200
    assert client.get("/admin/servicedesk/rulesacknowledgement/add/").status_code == 403
    response = client.post(
        "/admin/servicedesk/rulesacknowledgement/add/",
        {"version": version_1().pk, "user": superuser.pk},
    )
    assert response.status_code == 403
    change = client.post(
        f"/admin/servicedesk/rulesacknowledgement/{ack.pk}/change/",
        {"version": version_1().pk, "user": superuser.pk, "ip_address": "10.0.0.1"},
    )
    assert change.status_code == 403
    assert (
        client.post(
            f"/admin/servicedesk/rulesacknowledgement/{ack.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    ack.refresh_from_db()
    assert ack.user == reception
    assert RulesAcknowledgement.objects.count() == 1


@pytest.mark.rule("9")
def test_rules_versions_are_read_only_in_the_admin(superuser, client_for):
    client = client_for(superuser)
    page = client.get(f"/admin/servicedesk/rulesversion/{version_1().pk}/change/")
    assert page.status_code == 200
    assert "nekavējoties elektroniski informē" in page.content.decode()
    assert client.get("/admin/servicedesk/rulesversion/add/").status_code == 403


def test_administrator_may_upload_the_text_as_a_file(admin, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(admin).post(
        "/rules/versions/new/",
        {
            "number": "2",
            "title": "Klientu apkalpošanas noteikumi (2. redakcija)",
            "effective_from": "2030-01-01",
            "text_file": SimpleUploadedFile("noteikumi.txt", NEW_TEXT.encode("utf-8")),
            "save": "1",
        },
    )
    assert response.status_code == 302
    version = RulesVersion.objects.get(number=2)
    assert version.text == NEW_TEXT
    assert clause("main", "10", version).text.startswith("Noteikumi stājas spēkā")
