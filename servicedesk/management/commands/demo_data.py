"""``python manage.py demo_data``: the AADSO demo organisation and its logins.

Only for a development database. It refuses in production mode (the settings' ``DEBUG`` is
false) whatever the options, and refuses a database that holds anything but the demo (users,
staff or an institution the demo did not create) unless ``--force``: it sets the demo logins'
passwords, ``admin``'s too, to a password printed in the README.

Idempotent: every row is found by its natural key and brought to the values below, so running
it again (``make run`` does, each time) changes nothing and creates no duplicates. Demo users'
passwords are reset to ``demo-parole`` on each run, so the logins table stays true. The dated
exceptions that keep the demo lively (a training day, an open Saturday) are found by their
reason and moved to the coming weeks.

Seed data, not a business operation: the rows are written directly, as the admin would.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from servicedesk.hours import Period, holiday_name
from servicedesk.models import (
    CompetentInstitution,
    Employee,
    Institution,
    ReceptionException,
    ReceptionHours,
    ReviewAuthority,
    StructuralUnit,
    Topic,
)
from servicedesk.roles import Role

DEMO_PASSWORD = "demo-parole"

CUSTOMER_SERVICE = "Klientu apkalpošanas centrs"
OPERATIONS = "Ekspluatācijas nodaļa"
FINANCE = "Finanšu nodaļa"
LEGAL = "Juridiskā nodaļa"
MANAGEMENT = "Administrācija"

INSTITUTION = {
    "registration_number": "41503033197",
    "name": "SIA “Atkritumu apsaimniekošanas Dienvidlatgales starppašvaldību organizācija”",
    "short_name": "AADSO",
    "address": "Rīgas iela 2A, Daugavpils, LV-5401",
    "official_e_address": "_DEFAULT@41503033197",
    "phone": "+371 65400000",
    "email": "info@aadso.lv",
    "website": "https://www.aadso.lv",
    # The data protection officer (GDPR art. 37(7)), shown in the public privacy notice.
    "dpo_name": "Elīna Krūmiņa",
    "dpo_email": "datu.aizsardziba@aadso.lv",
    "dpo_phone": "+371 65400041",
}

UNITS = {
    MANAGEMENT: ("+371 65400000", "valde@aadso.lv"),
    CUSTOMER_SERVICE: ("+371 65400010", "klienti@aadso.lv"),
    OPERATIONS: ("+371 65400020", "ekspluatacija@aadso.lv"),
    FINANCE: ("+371 65400030", "finanses@aadso.lv"),
    LEGAL: ("+371 65400040", "jurists@aadso.lv"),
}

WASTE_COLLECTION = "Atkritumu izvešana"
BILLING = "Rēķini un maksājumi"
CONTAINERS = "Konteineri"
CONTRACTS = "Līgumi"
SORTED = "Šķirotie atkritumi"
BULKY = "Lielgabarīta atkritumi"
LANDFILL = "Poligons “Cinīši”"
CONSTRUCTION = "Būvniecības atkritumi"
POLLUTION = "Vides piesārņojums un nelegālas izgāztuves"

TOPICS = {
    WASTE_COLLECTION: "Waste collection",
    BILLING: "Invoices and payments",
    CONTAINERS: "Containers",
    CONTRACTS: "Contracts",
    SORTED: "Sorted waste",
    BULKY: "Bulky waste",
    LANDFILL: "“Cinīši” landfill",
    CONSTRUCTION: "Construction waste",
    POLLUTION: "Pollution and illegal dumps",
}


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    position: str
    unit: str | None
    room: str = ""
    phone: str = ""
    email: str = ""
    client_facing: bool = False
    topics: tuple[str, ...] = ()
    work_id: str = ""
    # "valid" (end of next year), "expired" (end of last year) or "" for no work ID
    work_id_state: str = ""
    # The head of institution (7.2): the record's durable mark, whatever user is linked.
    is_head: bool = False


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    what_to_try: str
    # The employee record; None for people outside AADSO (the municipality's director and
    # Ethics Commission member), who are not in its staff directory.
    person: Person | None = None
    authority: ReviewAuthority.Kind | None = None
    is_staff: bool = False
    # Roles held besides ``role`` (the contact person also edits the knowledge base).
    also: tuple[Role, ...] = ()


DEMO_USERS = [
    DemoUser(
        "reception",
        "Laura",
        "Kalniņa",
        Role.FRONT_DESK,
        "register a visit or call, refer a client",
        Person(
            "Laura",
            "Kalniņa",
            "Klientu apkalpošanas speciāliste",
            CUSTOMER_SERVICE,
            "101",
            "+371 65400011",
            "reception@aadso.lv",
            True,
            (WASTE_COLLECTION, BILLING, CONTAINERS, CONTRACTS),
        ),
    ),
    DemoUser(
        "reception2",
        "Mārtiņš",
        "Zariņš",
        Role.FRONT_DESK,
        "a second front desk: hand-overs, callbacks",
        Person(
            "Mārtiņš",
            "Zariņš",
            "Klientu apkalpošanas speciālists",
            CUSTOMER_SERVICE,
            "101",
            "+371 65400012",
            "reception2@aadso.lv",
            True,
            (WASTE_COLLECTION, BILLING, BULKY, SORTED),
        ),
    ),
    DemoUser(
        "head",
        "Aivars",
        "Pudāns",
        Role.HEAD,
        "review complaints, the dashboard, rules acknowledgements",
        Person(
            "Aivars",
            "Pudāns",
            "Valdes loceklis",
            MANAGEMENT,
            "201",
            "+371 65400001",
            "head@aadso.lv",
            is_head=True,
        ),
        authority=ReviewAuthority.Kind.HEAD,
    ),
    DemoUser(
        "unithead",
        "Inese",
        "Liepiņa",
        Role.UNIT_HEAD,
        "the unit's contacts and complaints",
        Person(
            "Inese",
            "Liepiņa",
            "Ekspluatācijas nodaļas vadītāja",
            OPERATIONS,
            "301",
            "+371 65400021",
            "unithead@aadso.lv",
            False,
            (WASTE_COLLECTION, LANDFILL),
        ),
    ),
    DemoUser(
        "expert",
        "Pēteris",
        "Vītols",
        Role.CONTACT_PERSON,
        "answer consultations from the front desk; edit the knowledge base",
        Person(
            "Pēteris",
            "Vītols",
            "Vecākais atkritumu apsaimniekošanas speciālists",
            OPERATIONS,
            "305",
            "+371 65400022",
            "expert@aadso.lv",
            False,
            (SORTED, BULKY, LANDFILL, CONTAINERS, CONSTRUCTION),
        ),
        also=(Role.KNOWLEDGE_EDITOR,),
    ),
    DemoUser(
        "director",
        "Jānis",
        "Dūklavs",
        Role.EXECUTIVE_DIRECTOR,
        "complaints about the head of institution",
        authority=ReviewAuthority.Kind.EXECUTIVE_DIRECTOR,
    ),
    DemoUser(
        "ethics",
        "Rita",
        "Saulīte",
        Role.ETHICS_MEMBER,
        "ethics complaints (7.3)",
        authority=ReviewAuthority.Kind.ETHICS_COMMISSION,
    ),
    DemoUser(
        "admin",
        "Dace",
        "Grava",
        Role.ADMINISTRATOR,
        "the organisation in Administration, badges, rules versions",
        Person(
            "Dace",
            "Grava",
            "Informācijas sistēmu administratore",
            MANAGEMENT,
            "206",
            "+371 65400005",
            "admin@aadso.lv",
        ),
        is_staff=True,
    ),
    DemoUser(
        "inspector",
        "Ilze",
        "Bērziņa",
        Role.COMPLIANCE_INSPECTOR,
        "the compliance report only, as an outside inspector (no complaint figures)",
    ),
]

OTHER_STAFF = [
    Person(
        "Kristīne",
        "Ozoliņa",
        "Klientu apkalpošanas centra vadītāja",
        CUSTOMER_SERVICE,
        "102",
        "+371 65400013",
        "kristine.ozolina@aadso.lv",
        True,
        (CONTRACTS, BILLING),
    ),
    Person(
        "Olga",
        "Petrova",
        "Klientu apkalpošanas speciāliste",
        CUSTOMER_SERVICE,
        "101",
        "+371 65400014",
        "olga.petrova@aadso.lv",
        True,
        (WASTE_COLLECTION, CONTAINERS),
    ),
    Person(
        "Sandra",
        "Jansone",
        "Grāmatvede (norēķini ar klientiem)",
        FINANCE,
        "204",
        "+371 65400031",
        "sandra.jansone@aadso.lv",
        True,
        (BILLING,),
    ),
    Person(
        "Ilze",
        "Sproģe",
        "Finanšu nodaļas vadītāja",
        FINANCE,
        "203",
        "+371 65400030",
        "ilze.sproge@aadso.lv",
        False,
        (BILLING,),
    ),
    Person(
        "Elīna",
        "Krūmiņa",
        "Juriste",
        LEGAL,
        "210",
        "+371 65400041",
        "elina.krumina@aadso.lv",
        False,
        (CONTRACTS,),
    ),
    Person(
        "Andris",
        "Bērziņš",
        "Teritorijas apsekošanas speciālists",
        OPERATIONS,
        "307",
        "+371 65400025",
        "andris.berzins@aadso.lv",
        False,
        (WASTE_COLLECTION, CONTAINERS),
        "AADSO-DA-017",
        "valid",
    ),
    Person(
        "Sergejs",
        "Ivanovs",
        "Teritorijas apsekošanas speciālists",
        OPERATIONS,
        "307",
        "+371 65400026",
        "sergejs.ivanovs@aadso.lv",
        False,
        (CONTAINERS, POLLUTION),
        "AADSO-DA-018",
        "valid",
    ),
    Person(
        "Valdis",
        "Krasovskis",
        "Teritorijas apsekošanas speciālists",
        OPERATIONS,
        "307",
        "+371 65400027",
        "valdis.krasovskis@aadso.lv",
        False,
        (WASTE_COLLECTION,),
        "AADSO-DA-009",
        "expired",
    ),
]

UNIT_HEADS = {
    CUSTOMER_SERVICE: ("Kristīne", "Ozoliņa"),
    OPERATIONS: ("Inese", "Liepiņa"),
    FINANCE: ("Ilze", "Sproģe"),
    LEGAL: ("Elīna", "Krūmiņa"),
    MANAGEMENT: ("Aivars", "Pudāns"),
}

H = dt.time
LUNCH_SPLIT = [Period(H(8), H(12)), Period(H(12, 30), H(17))]
# Weekday (0 = Monday) → periods.
INSTITUTION_HOURS = {
    0: LUNCH_SPLIT,
    1: LUNCH_SPLIT,
    2: LUNCH_SPLIT,
    3: LUNCH_SPLIT,
    4: [Period(H(8), H(12)), Period(H(12, 30), H(15, 30))],
}
# The front desk staggers lunch and stays late on Mondays.
CUSTOMER_SERVICE_HOURS = {
    0: [Period(H(8), H(18))],
    1: [Period(H(8), H(17))],
    2: [Period(H(8), H(17))],
    3: [Period(H(8), H(17))],
    4: [Period(H(8), H(15, 30))],
}
# A specialist's own consultation times.
EXPERT_HOURS = {1: [Period(H(9), H(12))], 3: [Period(H(13), H(16))]}

PRE_HOLIDAY = "Pirmssvētku diena: darba laiks par stundu īsāks"
TRAINING = "Darbinieku apmācības: klientu pieņemšanas nav"
OPEN_SATURDAY = "Atvērto durvju diena"

COMPETENT_INSTITUTIONS = [
    {
        "name": "Valsts vides dienests",
        "competence": "Vides aizsardzības prasību uzraudzība: nelegālas atkritumu izgāztuves, "
        "atkritumu dedzināšana, atkritumu apsaimniekošanas atļaujas.",
        "address": "Rūpniecības iela 23, Rīga, LV-1045",
        "phone": "+371 67084200",
        "email": "pasts@vvd.gov.lv",
        "website": "https://www.vvd.gov.lv",
        "topics": (POLLUTION, CONSTRUCTION),
    },
    {
        "name": "Sabiedrisko pakalpojumu regulēšanas komisija",
        "competence": "Sadzīves atkritumu apglabāšanas tarifi poligonos.",
        "address": "Ūnijas iela 45, Rīga, LV-1039",
        "phone": "+371 67097200",
        "email": "sprk@sprk.gov.lv",
        "website": "https://www.sprk.gov.lv",
        "topics": (LANDFILL, BILLING),
    },
    {
        "name": "Daugavpils valstspilsētas pašvaldība",
        "competence": "Pašvaldības saistošie noteikumi par sadzīves atkritumu apsaimniekošanu, "
        "atkritumu apsaimniekošanas maksa, teritoriju sakopšana.",
        "address": "Krišjāņa Valdemāra iela 1, Daugavpils, LV-5401",
        "phone": "+371 65404344",
        "email": "dome@daugavpils.lv",
        "website": "https://www.daugavpils.lv",
        "topics": (WASTE_COLLECTION, BILLING),
    },
    {
        "name": "Patērētāju tiesību aizsardzības centrs",
        "competence": "Patērētāju tiesības: līgumu noteikumi, pakalpojumu kvalitāte, "
        "negodīga komercprakse.",
        "address": "Brīvības iela 55, Rīga, LV-1010",
        "phone": "+371 65452554",
        "email": "pasts@ptac.gov.lv",
        "website": "https://www.ptac.gov.lv",
        "topics": (CONTRACTS,),
    },
]

REVIEW_AUTHORITIES = {
    ReviewAuthority.Kind.HEAD: ("SIA “AADSO” valdes loceklis", "valde@aadso.lv"),
    ReviewAuthority.Kind.EXECUTIVE_DIRECTOR: (
        "Daugavpils valstspilsētas pašvaldības izpilddirektors",
        "izpilddirektors@daugavpils.lv",
    ),
    ReviewAuthority.Kind.ETHICS_COMMISSION: (
        "Daugavpils valstspilsētas pašvaldības Ētikas komisija",
        "etikas.komisija@daugavpils.lv",
    ),
    # 8: the institution's own commission, told of every decided 7.1/7.2 complaint; its
    # members are filled in by an administrator (it reviews nothing, so no demo login).
    ReviewAuthority.Kind.INSTITUTION_ETHICS_COMMISSION: (
        "SIA “AADSO” Ētikas komisija",
        "etikas.komisija@aadso.lv",
    ),
}


def started_in_development() -> bool:
    """Whether this process runs in development mode. Read from the settings module itself:
    the test runner turns ``settings.DEBUG`` off for every test, whatever the mode (and an
    overridden settings object forgets its module's name, hence the environment)."""
    name = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE")
    if not name:
        return bool(settings.DEBUG)
    return bool(getattr(import_module(name), "DEBUG", settings.DEBUG))


def foreign_data() -> list[str]:
    """What in the database the demo did not create: users, employees, institutions. A
    real desk always has its own people; clients and feedback items belong to the cases and
    complaints apps, which this app may not look into, and a desk holding them has people."""
    found = []
    users = get_user_model().objects.exclude(username__in=[d.username for d in DEMO_USERS])
    if users.exists():
        names = ", ".join(users.order_by("username").values_list("username", flat=True)[:5])
        found.append(f"users other than the demo ones: {names}")
    demo_people = Q(pk__in=[])
    for person in [d.person for d in DEMO_USERS if d.person] + OTHER_STAFF:
        demo_people |= Q(first_name=person.first_name, last_name=person.last_name)
    staff = Employee.objects.exclude(demo_people).count()
    if staff:
        found.append(f"{staff} employees other than the demo staff")
    institutions = Institution.objects.exclude(
        registration_number=INSTITUTION["registration_number"]
    ).count()
    if institutions:
        found.append(f"{institutions} institutions other than the demo one")
    return found


class Command(BaseCommand):
    help = "Create or update the AADSO demo organisation and its demo logins (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo into a database that holds other users or staff as well "
            "(never in production mode).",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not started_in_development():
            raise CommandError(
                "demo_data refuses to run in production mode (DJANGO_DEBUG is not true): it "
                f"would set the demo logins, admin included, to the published password "
                f"{DEMO_PASSWORD!r}. Use it only on a development database (make run)."
            )
        foreign = foreign_data()
        if foreign and not options["force"]:
            raise CommandError(
                "demo_data refuses this database: it holds data the demo did not create ("
                + "; ".join(foreign)
                + "). It would reset the demo logins, admin included, to the published "
                "password. Use an empty development database, or --force if this one is "
                "only for trying out the desk."
            )
        today = timezone.localdate()
        institution, _ = Institution.objects.update_or_create(
            registration_number=INSTITUTION["registration_number"], defaults=INSTITUTION
        )
        topics = {
            name: Topic.objects.update_or_create(name=name, defaults={"name_en": en})[0]
            for name, en in TOPICS.items()
        }
        units = {
            name: StructuralUnit.objects.update_or_create(
                institution=institution, name=name, defaults={"phone": phone, "email": email}
            )[0]
            for name, (phone, email) in UNITS.items()
        }

        employees: dict[tuple[str, str], Employee] = {}
        for demo in DEMO_USERS:
            user = self._user(demo)
            if demo.person is not None:
                employee = self._employee(demo.person, units, topics, today, user=user)
                employees[(demo.first_name, demo.last_name)] = employee
            if demo.authority is not None:
                name, email = REVIEW_AUTHORITIES[demo.authority]
                authority, _ = ReviewAuthority.objects.update_or_create(
                    kind=demo.authority, defaults={"name": name, "email": email}
                )
                authority.members.add(user)
        name, email = REVIEW_AUTHORITIES[ReviewAuthority.Kind.INSTITUTION_ETHICS_COMMISSION]
        ReviewAuthority.objects.update_or_create(
            kind=ReviewAuthority.Kind.INSTITUTION_ETHICS_COMMISSION,
            defaults={"name": name, "email": email},
        )
        for person in OTHER_STAFF:
            employees[(person.first_name, person.last_name)] = self._employee(
                person, units, topics, today
            )
        for unit_name, head_name in UNIT_HEADS.items():
            unit = units[unit_name]
            unit.head = employees[head_name]
            unit.save(update_fields=["head"])

        for item in COMPETENT_INSTITUTIONS:
            data = dict(item)
            topic_names = data.pop("topics")
            competent, _ = CompetentInstitution.objects.update_or_create(
                name=data.pop("name"), defaults=data
            )
            competent.topics.set([topics[t] for t in topic_names])

        self._weekly({"institution": institution}, INSTITUTION_HOURS)
        self._weekly({"unit": units[CUSTOMER_SERVICE]}, CUSTOMER_SERVICE_HOURS)
        self._weekly({"employee": employees[("Pēteris", "Vītols")]}, EXPERT_HOURS)
        self._pre_holiday_days(institution, today)
        self._moving_exceptions(institution, units[CUSTOMER_SERVICE], today)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation ready: {institution}, {len(units)} units, "
                f"{Employee.objects.count()} employees, {len(DEMO_USERS)} demo users."
            )
        )
        call_command("demo_contacts", stdout=self.stdout)  # the cases app's demo desk

    def _user(self, demo: DemoUser) -> Any:
        user, _ = get_user_model().objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@aadso.lv",
                "is_staff": demo.is_staff,
                "is_superuser": False,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(*(Group.objects.get(name=role.value) for role in (demo.role, *demo.also)))
        return user

    def _employee(
        self,
        person: Person,
        units: dict[str, StructuralUnit],
        topics: dict[str, Topic],
        today: dt.date,
        user: Any = None,
    ) -> Employee:
        valid_until = {
            "valid": dt.date(today.year + 1, 12, 31),
            "expired": dt.date(today.year - 1, 12, 31),
        }.get(person.work_id_state)
        values = {
            "user": user,
            "position": person.position,
            "unit": units[person.unit] if person.unit else None,
            "room": person.room,
            "phone": person.phone,
            "email": person.email,
            "client_facing": person.client_facing,
            "work_id_number": person.work_id,
            "work_id_valid_until": valid_until,
            "is_head": person.is_head,
            "is_active": True,
        }
        employee, _ = Employee.objects.update_or_create(
            first_name=person.first_name, last_name=person.last_name, defaults=values
        )
        employee.topics.set([topics[t] for t in person.topics])
        return employee

    def _weekly(self, owner: dict[str, Any], pattern: dict[int, list[Period]]) -> None:
        """Bring the owner's weekly pattern to exactly ``pattern``."""
        wanted = {(day, p.opens, p.closes) for day, periods in pattern.items() for p in periods}
        for hours in ReceptionHours.objects.filter(**owner):
            key = (hours.weekday, hours.opens, hours.closes)
            if key in wanted:
                wanted.discard(key)
            else:
                hours.delete()
        for weekday, opens, closes in sorted(wanted):
            ReceptionHours.objects.create(**owner, weekday=weekday, opens=opens, closes=closes)

    def _pre_holiday_days(self, institution: Institution, today: dt.date) -> None:
        """The day before a public holiday is an hour shorter by itself now (servicedesk.hours,
        step 5); earlier demo data entered it as exceptions, which are removed."""
        ReceptionException.objects.filter(institution=institution, reason=PRE_HOLIDAY).delete()

    def _moving_exceptions(
        self, institution: Institution, customer_service: StructuralUnit, today: dt.date
    ) -> None:
        """Two exceptions in the coming weeks so the demo's hours pages show them: the whole
        institution closed for a training day, the front desk open on a Saturday."""
        training = self._next(today + dt.timedelta(days=3), weekday=2)
        ReceptionException.objects.update_or_create(
            institution=institution,
            reason=TRAINING,
            defaults={"date": training, "is_closed": True, "opens": None, "closes": None},
        )
        saturday = self._next(today + dt.timedelta(days=5), weekday=5)
        ReceptionException.objects.update_or_create(
            unit=customer_service,
            reason=OPEN_SATURDAY,
            defaults={
                "date": saturday,
                "is_closed": False,
                "opens": dt.time(10),
                "closes": dt.time(14),
            },
        )

    @staticmethod
    def _next(start: dt.date, *, weekday: int) -> dt.date:
        """The first ``weekday`` on or after ``start`` that is neither a holiday nor the day
        before one."""
        day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
        while holiday_name(day, "lv") or holiday_name(day + dt.timedelta(days=1), "lv"):
            day += dt.timedelta(days=7)
        return day
