"""``python manage.py demo_contacts``: a working desk's worth of clients and contacts,
so the screens look like a desk in use. ``demo_data`` calls it last.

What it makes: about 60 clients (Latvian names, addresses in Daugavpils, Krāslava, Preiļi,
Līvāni and Aglona, contract numbers, +371 phones and a few foreign ones) and about 300 contacts
over the last four months on every channel, topic and outcome, by the demo employees; with
callbacks (done, cancelled, open and a few overdue), referrals, order issues, contact-person
questions, a conflict log, submission drafts and registered written submissions with their
deadlines; and the knowledge-base articles (public, internal, restricted).

Idempotent: the demo clients' contract numbers start with ``DL-`` (``DEMO_CONTRACT_PREFIX``);
when one exists the clients and contacts are left alone. The articles are found by their slug
and brought to the texts in ``_demo_texts`` on every run. Dates are relative to today and the
random choices use a fixed seed.

Seed data, not a business operation: the rows are written directly (``bulk_create``), without
the services' notifications — nobody should get three hundred e-mails from a demo.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases import annex1, deadlines
from cases.management.commands import _demo_texts as texts
from cases.models import (
    PHONE_CHANNELS,
    VISIT_SLOT,
    Article,
    ArticleVersion,
    Callback,
    CallerRole,
    Channel,
    Client,
    ClientChannel,
    ClientChoice,
    ClientPhone,
    ConflictAction,
    ConflictLog,
    Consultation,
    Contact,
    ContactOutcome,
    IdentityCheck,
    Language,
    OrderIssue,
    Outcome,
    Referral,
    Remedy,
    SubmissionDraft,
    SubmissionSequence,
    Visit,
    WrittenSubmission,
)
from cases.phones import is_foreign, normalize_phone, try_normalize_phone
from cases.services._common import SUBMISSION_NUMBER_PATTERN
from servicedesk.models import CompetentInstitution, Employee, Institution, StructuralUnit, Topic

DEMO_CONTRACT_PREFIX = "DL-"
SEED = 2019  # the year of the rules
NATURAL_CLIENTS = 50
MAIN_CONTACTS = 285  # plus the calls that complete callbacks: about 300 in all
DAYS_BACK = 122  # four months
OPERATIONS_UNIT = "Ekspluatācijas nodaļa"

# Username → share of the contacts logged (the demo users of ``demo_data``).
EMPLOYEE_WEIGHTS = {"reception": 44, "reception2": 36, "expert": 8, "unithead": 7, "head": 5}
CHANNEL_WEIGHTS = {
    Channel.PHONE_IN: 34,
    Channel.VISIT: 20,
    Channel.EMAIL_IN: 14,
    Channel.EMAIL_OUT: 8,
    Channel.PHONE_OUT: 6,
    Channel.LETTER: 6,
    Channel.E_ADDRESS: 6,
    Channel.WEB_FORM: 6,
}
WRITTEN = {Channel.LETTER, Channel.E_ADDRESS, Channel.WEB_FORM}
SPOKEN = {Channel.PHONE_IN, Channel.PHONE_OUT, Channel.VISIT}
# 4.2: what the clients offered a visit or a written submission chose, in turn.
OFFER_CHOICES = [
    ClientChoice.VISIT,
    ClientChoice.WRITTEN,
    ClientChoice.PHONE,
    ClientChoice.WRITTEN,
    ClientChoice.DECLINED,
]
EMAIL_LIKE = {Channel.EMAIL_IN, Channel.EMAIL_OUT, Channel.WEB_FORM}


@dataclass
class Plan:
    """A contact to be, with its outcomes and what hangs on it."""

    contact: Contact
    outcomes: list[str] = field(default_factory=lambda: [Outcome.ANSWERED])
    tag: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Command(BaseCommand):
    help = "Create the demo clients and a few hundred contacts (idempotent; after demo_data)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        self.today = timezone.localdate()
        topics = {t.name: t for t in Topic.objects.filter(is_active=True)}
        articles = self._articles(topics)
        if Client.objects.filter(contract_number__startswith=DEMO_CONTRACT_PREFIX).exists():
            self.stdout.write(
                f"Demo contacts already there; {articles} articles brought up to date."
            )
            return
        users = {
            u.username: u
            for u in get_user_model().objects.filter(username__in=EMPLOYEE_WEIGHTS, is_active=True)
        }
        if "reception" not in users or not topics:
            raise CommandError("Run `manage.py demo_data` first: it creates the demo staff.")
        self.users = users
        self.topics = topics
        self.days = self._working_days()

        clients = self._clients()
        plans = self._plans(clients)
        self._scenarios(plans, clients)
        self._callers(plans)
        self._save(plans)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo desk ready: {len(clients)} clients, {Contact.objects.count()} contacts, "
                f"{Callback.objects.filter(status=Callback.Status.OPEN).count()} open callbacks, "
                f"{WrittenSubmission.objects.count()} written submissions, {articles} articles."
            )
        )

    # --- Knowledge base ------------------------------------------------------------------------

    def _articles(self, topics: dict[str, Topic]) -> int:
        """The articles, owned by the contact person (who edits them: the knowledge-base editor
        role, given by ``demo_data``), with review dates in the coming months; the second one's
        has passed (2.1.4.2: the list says so). Version 1 is kept for each."""
        owner = get_user_model().objects.filter(username="expert").first()
        for n, (slug, fields) in enumerate(texts.ARTICLES.items()):
            title, topic, visibility, summary, body = fields
            review_by = self.today + dt.timedelta(days=-10 if n == 1 else 60 + 30 * n)
            article, _ = Article.objects.update_or_create(
                slug=slug,
                defaults={
                    "title": title,
                    "topic": topics.get(topic),
                    "visibility": visibility,
                    "summary": summary,
                    "body": body,
                    "owner": owner,
                    "review_by": review_by,
                },
            )
            if owner is not None and not article.versions.exists():
                ArticleVersion.objects.create(
                    article=article, number=1, title=title, body=body, saved_by=owner
                )
        return len(texts.ARTICLES)

    # --- Time ----------------------------------------------------------------------------------

    def _working_days(self) -> list[dt.date]:
        start = self.today - dt.timedelta(days=DAYS_BACK)
        return [
            start + dt.timedelta(days=n)
            for n in range(DAYS_BACK + 1)
            if deadlines.is_working_day(start + dt.timedelta(days=n))
        ]

    def _coming_working_days(self, n: int) -> list[dt.date]:
        days: list[dt.date] = []
        day = self.today
        while len(days) < n:
            day += dt.timedelta(days=1)
            if deadlines.is_working_day(day):
                days.append(day)
        return days

    def _at(self, day: dt.date, minutes: int) -> dt.datetime:
        naive = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=minutes)
        return timezone.make_aware(naive)

    def _moment(self) -> dt.datetime:
        """A random moment of desk hours on a working day of the last four months, in the past."""
        while True:
            moment = self._at(self.rng.choice(self.days), self.rng.randint(5, 8 * 60 + 50))
            if moment < self.now - dt.timedelta(minutes=15):
                return moment

    # --- Clients -------------------------------------------------------------------------------

    def _address(self) -> str:
        town = self.rng.choices(
            list(texts.TOWN_WEIGHTS), weights=list(texts.TOWN_WEIGHTS.values())
        )[0]
        streets, tail = texts.TOWNS[town]
        house = self.rng.randint(1, 120)
        flat = f"-{self.rng.randint(1, 60)}" if self.rng.random() < 0.5 else ""
        return f"{self.rng.choice(streets)} {house}{flat}, {tail.format(self.rng.randint(1, 22))}"

    def _phone(self, used: set[str]) -> str:
        while True:
            number = try_normalize_phone(f"2{self.rng.randint(0, 9_999_999):07d}")
            if number and number not in used:
                used.add(number)
                return number

    def _clients(self) -> list[Client]:
        rng = self.rng
        names: list[tuple[str, str]] = []  # (name, e-mail)
        seen: set[str] = set()
        while len(names) < NATURAL_CLIENTS:
            male = rng.random() < 0.45
            first = rng.choice(texts.MALE_FIRST if male else texts.FEMALE_FIRST)
            surname = rng.choice(texts.SURNAMES)[0 if male else 1]
            name = f"{first} {surname}"
            if name in seen:
                continue
            seen.add(name)
            email = ""
            if rng.random() < 0.7:
                local = _ascii(f"{first}.{surname}").lower()
                email = f"{local}{rng.randint(1, 99) if rng.random() < 0.3 else ''}@" + rng.choice(
                    texts.MAIL_DOMAINS
                )
            names.append((name, email))

        clients: list[Client] = []
        for n, (name, email) in enumerate(names + texts.LEGAL_PERSONS):
            legal = n >= NATURAL_CLIENTS
            language = Language.LATVIAN
            if not legal and rng.random() < 0.2:
                language = Language.RUSSIAN
            preferred = ClientChannel.PHONE
            if email and rng.random() < 0.4:
                preferred = ClientChannel.EMAIL
            elif rng.random() < 0.15:
                preferred = ClientChannel.VISIT
            if legal and rng.random() < 0.5:
                preferred = ClientChannel.E_ADDRESS
            clients.append(
                Client(
                    kind=Client.Kind.LEGAL if legal else Client.Kind.NATURAL,
                    name=name,
                    contract_number=f"{DEMO_CONTRACT_PREFIX}{rng.randint(2012, 2025)}-{n + 101}",
                    service_address=self._address(),
                    email=email,
                    has_e_address=legal and preferred == ClientChannel.E_ADDRESS,
                    preferred_channel=preferred,
                    preferred_language=language,
                    registration_number=f"4010{rng.randint(0, 9_999_999):07d}" if legal else "",
                )
            )
        # The clients abroad: foreign numbers, always an e-mail (4.3.1: the answer goes there).
        for client, _ in zip(clients[3:], texts.FOREIGN_PHONES, strict=False):
            if not client.email:
                client.email = _ascii(client.name.replace(" ", ".")).lower() + "@gmail.com"
            client.preferred_channel = ClientChannel.EMAIL
        Client.objects.bulk_create(clients)

        used: set[str] = set()
        phones: list[ClientPhone] = []
        for n, client in enumerate(clients):
            if 3 <= n < 3 + len(texts.FOREIGN_PHONES):
                phones.append(
                    ClientPhone(
                        client=client,
                        number=normalize_phone(texts.FOREIGN_PHONES[n - 3]),
                        label="ārzemēs",
                    )
                )
                continue
            phones.append(ClientPhone(client=client, number=self._phone(used), label="mobilais"))
            if rng.random() < 0.2:
                landline = try_normalize_phone(f"654{rng.randint(0, 99_999):05d}")
                if landline and landline not in used:
                    used.add(landline)
                    phones.append(ClientPhone(client=client, number=landline, label="mājas"))
        ClientPhone.objects.bulk_create(phones)
        first_phone: dict[int, str] = {}
        for phone in phones:
            first_phone.setdefault(phone.client_id, phone.number)
        self.first_phone = first_phone
        since = timezone.make_aware(dt.datetime.combine(self.days[0], dt.time(9)))
        for client in clients:
            client.created_at = since - dt.timedelta(days=rng.randint(30, 2500))
        Client.objects.bulk_update(clients, ["created_at"])
        return clients

    # --- Contacts ------------------------------------------------------------------------------

    def _topic(self) -> Topic:
        names = [n for n in texts.TOPIC_WEIGHTS if n in self.topics]
        if not names:
            return self.rng.choice(list(self.topics.values()))
        weights = [texts.TOPIC_WEIGHTS[n] for n in names]
        return self.topics[self.rng.choices(names, weights=weights)[0]]

    def _summary(self, topic: Topic | None, channel: str) -> str:
        options = texts.SUMMARIES.get(topic.name if topic else "", [texts.GENERIC_SUMMARY])
        text = self.rng.choice(options)
        if channel == Channel.EMAIL_OUT:
            return "Atbilde e-pastā: " + text[0].lower() + text[1:]
        if channel == Channel.PHONE_OUT:
            return "Zvanījām klientam: " + text[0].lower() + text[1:]
        return text

    def _employee(self) -> Any:
        names = [n for n in EMPLOYEE_WEIGHTS if n in self.users]
        weights = [EMPLOYEE_WEIGHTS[n] for n in names]
        return self.users[self.rng.choices(names, weights=weights)[0]]

    def _plans(self, clients: list[Client]) -> list[Plan]:
        rng = self.rng
        channels = list(CHANNEL_WEIGHTS)
        chosen = channels + rng.choices(
            channels, weights=list(CHANNEL_WEIGHTS.values()), k=MAIN_CONTACTS - len(channels)
        )
        rng.shuffle(chosen)
        local_clients = [c for c in clients if not is_foreign(self.first_phone[c.pk])]
        with_email = [c for c in local_clients if c.email]
        plans = []
        for channel in chosen:
            started = self._moment()
            client: Client | None
            if channel in (Channel.EMAIL_IN, Channel.EMAIL_OUT):
                client = rng.choice(with_email)
            elif channel in WRITTEN or rng.random() < 0.88:
                client = rng.choice(local_clients)
            else:
                client = None  # an anonymous caller or visitor
            ended = None
            if channel in PHONE_CHANNELS:
                ended = started + dt.timedelta(seconds=rng.randint(70, 9 * 60))
            elif channel == Channel.VISIT:
                ended = started + dt.timedelta(minutes=rng.randint(4, 25))
            phone = ""
            if channel in PHONE_CHANNELS:
                phone = self.first_phone[client.pk] if client else self._phone(set())
            topic = self._topic()
            plans.append(
                Plan(
                    Contact(
                        channel=channel,
                        client=client,
                        employee=self._employee(),
                        started_at=started,
                        ended_at=ended,
                        topic=topic,
                        language=Language.LATVIAN,  # 4.4; foreign-language e-mails: 4.6 below
                        summary=self._summary(topic, channel),
                        phone_number=phone,
                        email_address=client.email if client and channel in EMAIL_LIKE else "",
                    )
                )
            )
        plans.sort(key=lambda p: p.contact.started_at)
        return plans

    # --- The rules in the flow -----------------------------------------------------------------

    def _pick(self, plans: list[Plan], n: int, *channels: str, **conditions: Any) -> list[Plan]:
        """``n`` untagged plans on ``channels``; ``recent``: the latest ones; ``older_than``: a
        timedelta; ``client``: only with a client."""
        pool = [
            p
            for p in plans
            if not p.tag
            and (not channels or p.contact.channel in channels)
            and (not conditions.get("client") or p.contact.client_id)
            and (
                "older_than" not in conditions
                or p.contact.started_at < self.now - conditions["older_than"]
            )
        ]
        if conditions.get("recent"):
            return pool[-n:]
        return self.rng.sample(pool, min(n, len(pool)))

    def _scenarios(self, plans: list[Plan], clients: list[Client]) -> None:
        rng = self.rng
        phone_in, visit = Channel.PHONE_IN, Channel.VISIT
        email_in = Channel.EMAIL_IN
        day = dt.timedelta(days=1)

        # 4.3.1: open callbacks on the front desk's queues: due on the coming working days,
        # and three overdue by a day or two.
        ahead = self._coming_working_days(2)
        for plan, (due_day, minutes) in zip(
            self._pick(plans, 2, phone_in, client=True, recent=True),
            [(ahead[0], 150), (ahead[1], 360)],
            strict=False,
        ):
            plan.tag = "callback_open"
            plan.extra["due"] = self._at(due_day, minutes)
        for n, plan in enumerate(
            self._pick(plans, 3, phone_in, client=True, recent=True, older_than=day)
        ):
            plan.tag = "callback_open"
            plan.extra["due"] = self._desk_after(plan.contact.started_at, 60, 150)  # overdue
            if n == 0:
                plan.extra["owner"] = self.users.get("reception2")
        for plan in self._pick(plans, 10, phone_in, client=True, older_than=3 * day):
            plan.tag = "callback_done"
        for plan in self._pick(plans, 2, email_in, older_than=3 * day):
            plan.tag = "callback_done"
            plan.contact.wants_phone_answer = True  # 4.13
            assert plan.contact.client_id is not None
            plan.contact.phone_number = self.first_phone[plan.contact.client_id]
        for plan in self._pick(plans, 2, phone_in, client=True, older_than=3 * day):
            plan.tag = "callback_cancelled"
        for plan in [p for p in plans if p.tag.startswith("callback")]:
            plan.outcomes = [Outcome.CALLBACK]
            plan.extra["question"] = plan.contact.summary
            plan.contact.summary = "Jānoskaidro un jāatzvana. " + plan.contact.summary

        # 4.3.1 / 4.13: the foreign numbers and a client abroad get an e-mail answer instead.
        foreign = [c for c in clients if is_foreign(self.first_phone[c.pk])]
        for plan, client in zip(
            self._pick(plans, len(foreign), phone_in, client=True), foreign, strict=False
        ):
            plan.tag = "reply_by_email"
            plan.contact.client = client
            plan.contact.phone_number = self.first_phone[client.pk]
            plan.contact.email_address = client.email
            plan.contact.summary = texts.FOREIGN_CALLBACK_SUMMARY
            plan.outcomes = [Outcome.REPLY_BY_EMAIL]
        for plan in self._pick(plans, 1, phone_in, client=True):
            abroad = plan.contact.client
            assert abroad is not None
            plan.tag = "reply_by_email"
            plan.contact.client_abroad = True
            plan.contact.email_address = abroad.email or "klients.arzemes@gmail.com"
            plan.contact.summary = texts.ROAMING_SUMMARY
            plan.outcomes = [Outcome.REPLY_BY_EMAIL]

        # 4.2: long calls and document questions → the offer of a visit or a written submission.
        for n, plan in enumerate(self._pick(plans, 10, phone_in)):
            c = plan.contact
            plan.tag = "offer"
            c.ground_over_ten_minutes = n % 2 == 0
            c.ground_service_info = n % 3 == 0
            c.ground_document_content = not (c.ground_over_ten_minutes or c.ground_service_info)
            c.offer_made = True
            c.client_choice = OFFER_CHOICES[n % len(OFFER_CHOICES)]
            if c.ground_over_ten_minutes:
                c.ended_at = c.started_at + dt.timedelta(minutes=rng.randint(11, 18))
                c.summary = texts.OFFER_SUMMARY
            plan.outcomes = [Outcome.OFFER_MADE, Outcome.ADVISED_WRITTEN]
            if c.client_choice == ClientChoice.VISIT and c.client_id:
                plan.tag = "visit"
                plan.outcomes.append(Outcome.VISIT_BOOKED)
        # 4.5: a foreign language asked for on the phone.
        for plan, language in zip(
            self._pick(plans, 3, phone_in), ["krievu", "angļu", "krievu"], strict=True
        ):
            plan.tag = "foreign_language"
            plan.contact.foreign_language_requested = language
            plan.contact.summary = texts.FOREIGN_LANGUAGE_SUMMARY
            plan.outcomes = [Outcome.FOREIGN_LANGUAGE]
        # 4.6: a foreign-language e-mail is forwarded to records.
        for plan, language in zip(
            self._pick(plans, 2, email_in), [Language.RUSSIAN, Language.ENGLISH], strict=True
        ):
            plan.tag = "records"
            plan.contact.language = language
            plan.contact.summary = texts.FOREIGN_EMAIL_SUMMARY
            plan.outcomes = [Outcome.FORWARDED_TO_RECORDS]
        # 2.1.2.3 / 4.1.1: referrals.
        for n, plan in enumerate(self._pick(plans, 14, phone_in, visit, email_in)):
            plan.tag = "referral_specialist" if n < 9 else "referral_institution"
            plan.outcomes = [Outcome.REFERRED_SPECIALIST if n < 9 else Outcome.REFERRED_INSTITUTION]
        # 4.3.2 / 4.8: contact persons asked; the latest two still waiting.
        for plan in self._pick(plans, 10, phone_in, visit, email_in):
            plan.tag = "consulted"
            plan.outcomes = [Outcome.CONSULTED, Outcome.ANSWERED]
        # 4.10.1: order issues told to the operations unit's head.
        for plan in self._pick(plans, 6, phone_in, visit, email_in, client=True):
            plan.tag = "order_issue"
            plan.contact.topic = self.topics.get(texts.WASTE_COLLECTION, plan.contact.topic)
            plan.outcomes = [Outcome.ORDER_ISSUE, Outcome.ANSWERED]
        # 2.1.1.2: our error, with the apology and the right to complain.
        for plan in self._pick(plans, 3, phone_in, visit, client=True):
            plan.tag = "our_error"
            c = plan.contact
            c.our_error = c.apologised = c.told_right_to_complain = True
            c.topic = self.topics.get(texts.BILLING, c.topic)
            c.summary = texts.OUR_ERROR_SUMMARY
            plan.outcomes = [Outcome.OUR_ERROR, Outcome.ANSWERED]
        # 2.1.2.2: written submission drafted for the client at the desk.
        for plan in self._pick(plans, 3, visit, client=True):
            plan.tag = "draft"
            plan.outcomes = [Outcome.DRAFTED_SUBMISSION]
        # 2.1.2.1: a procedure sent to the client.
        for plan in self._pick(plans, 8, Channel.EMAIL_OUT, phone_in, visit):
            plan.tag = "article"
            plan.outcomes = [Outcome.ARTICLE_SENT, Outcome.ANSWERED]
        # 4.12.2 / 4.12.3 / 4.12.1: the abusive caller, e-mail and visitor.
        for plan in self._pick(plans, 1, phone_in):
            plan.tag = "warning"
            c = plan.contact
            assert c.ended_at is not None
            c.warning_given_at = c.started_at + (c.ended_at - c.started_at) / 2
            plan.contact.summary = texts.WARNING_SUMMARY
            plan.outcomes = [Outcome.ENDED_AFTER_WARNING]
        for plan in self._pick(plans, 1, email_in):
            plan.tag = "abusive_email"
            plan.contact.summary = texts.ABUSIVE_EMAIL_SUMMARY
            plan.outcomes = [Outcome.ABUSIVE_EMAIL_REFUSED]
        for plan, summary in zip(
            self._pick(plans, 2, visit, older_than=day), texts.CONFLICT_SUMMARIES, strict=True
        ):
            plan.tag = "conflict"
            plan.contact.summary = summary
            plan.outcomes = [Outcome.CONFLICT, Outcome.ANSWERED]
        # Written submissions: the recent ones under review, the older ones mostly answered.
        written = (*WRITTEN, email_in)
        recent = [
            p
            for p in self._pick(plans, 4, *written, recent=True)
            if p.contact.started_at > self.now - 20 * day
        ]
        for plan in recent + self._pick(plans, 12, *written, older_than=25 * day):
            plan.tag = "submission"
            plan.outcomes = [Outcome.SUBMISSION_REGISTERED]

    def _callers(self, plans: list[Plan]) -> None:
        """2.1.6.2: who called and how it was checked; a third party told nothing. 4.1.4: a
        document review refused, and one for a cooperation partner."""
        phone_in = Channel.PHONE_IN
        for plan in self._pick(plans, 2, phone_in, client=True):
            plan.tag = "third_party"
            plan.contact.caller_role = CallerRole.THIRD_PARTY
            plan.contact.nothing_disclosed = True
            plan.contact.summary = texts.THIRD_PARTY_SUMMARY
            plan.outcomes = [Outcome.NOTHING_DISCLOSED]
        for plan in self._pick(plans, 3, phone_in, Channel.VISIT, client=True):
            plan.tag = "document_review"
            plan.contact.document_review_requested = True
            plan.contact.summary = texts.DOCUMENT_REVIEW_SUMMARY
            plan.outcomes = [Outcome.DOCUMENT_REVIEW_REFUSED, Outcome.ANSWERED]
        partner = plan.contact.client
        assert partner is not None
        Client.objects.filter(pk=partner.pk).update(
            is_cooperation_partner=True,
            partner_agreement="SL-2025/14",
            partner_agreement_date=dt.date(2025, 3, 3),
        )
        plan.outcomes = [Outcome.DOCUMENT_REVIEW_PARTNER, Outcome.ANSWERED]
        for plan in plans:
            c = plan.contact
            if c.client_id and c.channel in SPOKEN and not c.caller_role:
                c.caller_role = CallerRole.CLIENT
                c.caller_identity = self.rng.choice(
                    [IdentityCheck.CLIENT_NUMBER_ADDRESS, IdentityCheck.PERSONAL_CODE]
                    if c.channel != Channel.VISIT
                    else [IdentityCheck.ID_DOCUMENT]
                )

    def _visits(self, plans: list[Plan]) -> None:
        """4.2: the visits the clients chose, booked the next working morning, a slot each."""
        visits = []
        for n, plan in enumerate(plans):
            c = plan.contact
            day = timezone.localtime(c.started_at).date() + dt.timedelta(days=1)
            while not deadlines.is_working_day(day):
                day += dt.timedelta(days=1)
            start = timezone.make_aware(dt.datetime.combine(day, dt.time(9))) + n * VISIT_SLOT
            visits.append(
                Visit(
                    contact=c,
                    client=c.client,
                    starts_at=start,
                    purpose=c.summary[:300],
                    booked_by=c.employee,
                )
            )
        Visit.objects.bulk_create(visits)

    # --- Saving --------------------------------------------------------------------------------

    def _save(self, plans: list[Plan]) -> None:
        contacts = Contact.objects.bulk_create([p.contact for p in plans])
        for contact in contacts:
            contact.created_at = contact.ended_at or contact.started_at
        Contact.objects.bulk_update(contacts, ["created_at"])
        by_tag: dict[str, list[Plan]] = defaultdict(list)
        for plan in plans:
            by_tag[plan.tag].append(plan)
        self._callbacks(by_tag)
        self._referrals(by_tag)
        self._consultations(by_tag["consulted"])
        self._order_issues(by_tag["order_issue"])
        self._conflicts(by_tag["conflict"])
        self._drafts(by_tag["draft"])
        self._remedies(by_tag["our_error"])
        self._submissions(by_tag["submission"])
        self._visits(by_tag["visit"])
        ContactOutcome.objects.bulk_create(
            [
                ContactOutcome(contact=p.contact, code=code)
                for p in plans
                for code in dict.fromkeys(p.outcomes)
            ]
        )

    def _later(self, start: dt.datetime, low: int, high: int) -> dt.datetime:
        """A moment ``low``–``high`` minutes after ``start``, never in the future."""
        moment = start + dt.timedelta(minutes=self.rng.randint(low, high))
        return min(moment, self.now - dt.timedelta(minutes=10))

    def _desk_after(self, start: dt.datetime, low: int, high: int) -> dt.datetime:
        """A desk-hours moment ``low``–``high`` minutes after ``start``: moved on to the next
        working morning when it falls outside them; never in the future."""
        moment = timezone.localtime(start + dt.timedelta(minutes=self.rng.randint(low, high)))
        day = moment.date()
        if not (deadlines.is_working_day(day) and dt.time(8) <= moment.time() <= dt.time(16, 50)):
            if moment.time() > dt.time(8):
                day += dt.timedelta(days=1)
            while not deadlines.is_working_day(day):
                day += dt.timedelta(days=1)
            moment = self._at(day, self.rng.randint(10, 120))
        if moment > self.now - dt.timedelta(minutes=10):
            return self._later(start, low, low)
        return moment

    def _owner(self, contact: Contact) -> Any:
        if contact.employee.username in ("reception", "reception2"):
            return contact.employee
        return self.users["reception"]

    def _callbacks(self, by_tag: dict[str, list[Plan]]) -> None:
        callbacks: list[Callback] = []
        completions: list[tuple[Callback, Contact]] = []
        question = "Noskaidrot un atzvanīt: "
        for tag in ("callback_open", "callback_done", "callback_cancelled"):
            for plan in by_tag[tag]:
                c = plan.contact
                due = plan.extra.get("due") or c.started_at + dt.timedelta(hours=24)
                callback = Callback(
                    contact=c,
                    client=c.client,
                    phone_number=c.phone_number,
                    question=question + plan.extra["question"],
                    due_at=due,
                    owner=plan.extra.get("owner")
                    or (self.users["reception"] if tag == "callback_open" else self._owner(c)),
                    status=Callback.Status.OPEN,
                )
                if tag == "callback_cancelled":
                    callback.status = Callback.Status.CANCELLED
                    callback.completed_at = self._desk_after(c.started_at, 60, 600)
                elif tag == "callback_done":
                    callback.status = Callback.Status.DONE
                    callback.completed_at = self._desk_after(c.started_at, 40, 22 * 60)
                    done_at = callback.completed_at
                    completions.append(
                        (
                            callback,
                            Contact(
                                channel=Channel.PHONE_OUT,
                                client=c.client,
                                employee=callback.owner,
                                started_at=done_at,
                                ended_at=done_at + dt.timedelta(minutes=self.rng.randint(2, 6)),
                                topic=c.topic,
                                summary="Atzvanījām un atbildējām: "
                                + texts.REPLIES[self.rng.randrange(len(texts.REPLIES))],
                                phone_number=c.phone_number,
                            ),
                        )
                    )
                callbacks.append(callback)
        made = Contact.objects.bulk_create([contact for _, contact in completions])
        for contact in made:
            contact.created_at = contact.ended_at or contact.started_at
        Contact.objects.bulk_update(made, ["created_at"])
        ContactOutcome.objects.bulk_create(
            [ContactOutcome(contact=c, code=Outcome.ANSWERED) for c in made]
        )
        for callback, contact in completions:
            callback.completion_contact = contact
        Callback.objects.bulk_create(callbacks)
        for callback in callbacks:
            callback.created_at = callback.contact.started_at
        Callback.objects.bulk_update(callbacks, ["created_at"])

    def _referrals(self, by_tag: dict[str, list[Plan]]) -> None:
        specialists: dict[int, list[Employee]] = defaultdict(list)
        for employee in Employee.objects.filter(is_active=True).prefetch_related("topics"):
            for topic in employee.topics.all():
                specialists[topic.pk].append(employee)
        everyone = sorted({e for es in specialists.values() for e in es}, key=lambda e: e.pk)
        institutions: dict[int, list[CompetentInstitution]] = defaultdict(list)
        for institution in CompetentInstitution.objects.prefetch_related("topics"):
            for topic in institution.topics.all():
                institutions[topic.pk].append(institution)
        all_institutions = list(CompetentInstitution.objects.order_by("pk"))
        rows: list[Referral] = []
        for plan in by_tag["referral_specialist"] + by_tag["referral_institution"]:
            c = plan.contact
            topic_id = c.topic_id or 0
            if plan.tag == "referral_specialist":
                candidates = [e for e in specialists[topic_id] if e.user_id != c.employee.pk]
                candidates = candidates or everyone
                if not candidates:
                    continue
                rows.append(
                    Referral(
                        contact=c,
                        kind=Referral.Kind.SPECIALIST,
                        specialist=self.rng.choice(candidates),
                        topic=c.topic,
                        reason=self.rng.choice(texts.SPECIALIST_REASONS),
                        created_by=c.employee,
                    )
                )
            else:
                options = institutions[topic_id] or all_institutions
                if not options:
                    continue
                rows.append(
                    Referral(
                        contact=c,
                        kind=Referral.Kind.INSTITUTION,
                        institution=self.rng.choice(options),
                        topic=c.topic,
                        reason=self.rng.choice(texts.INSTITUTION_REASONS),
                        created_by=c.employee,
                    )
                )
        Referral.objects.bulk_create(rows)
        for row in rows:
            row.created_at = self._later(row.contact.started_at, 2, 6)
            if row.contact.client and row.contact.client.email and self.rng.random() < 0.4:
                row.emailed_to = row.contact.client.email
                row.emailed_at = row.created_at
        Referral.objects.bulk_update(rows, ["created_at", "emailed_to", "emailed_at"])

    def _consultations(self, plans: list[Plan]) -> None:
        people = [self.users[n] for n in ("expert", "unithead") if n in self.users]
        if not people:
            return
        rows: list[Consultation] = []
        latest = {id(p) for p in plans[-2:]}
        for n, plan in enumerate(plans):
            question, answer = texts.CONSULTATIONS[n % len(texts.CONSULTATIONS)]
            person = people[0] if n % 3 or len(people) == 1 else people[1]
            if person.pk == plan.contact.employee.pk:
                person = self.users["reception"]
            row = Consultation(
                contact=plan.contact,
                asked_by=plan.contact.employee,
                contact_person=person,
                question=question,
            )
            if id(plan) not in latest:
                row.answer = answer
            rows.append(row)
        Consultation.objects.bulk_create(rows)
        for row in rows:
            row.asked_at = self._later(row.contact.started_at, 1, 4)
            if row.answer:
                row.answered_at = self._desk_after(row.asked_at, 8, 150)
        Consultation.objects.bulk_update(rows, ["asked_at", "answered_at"])

    def _order_issues(self, plans: list[Plan]) -> None:
        unit = (
            StructuralUnit.objects.filter(name=OPERATIONS_UNIT).first()
            or StructuralUnit.objects.order_by("pk").first()
        )
        if unit is None:
            return
        rows = [
            OrderIssue(
                contact=plan.contact,
                unit=unit,
                order_reference=f"Pasūtījums Nr. {plan.contact.started_at:%Y}/{4100 + n * 37}",
                description=texts.ORDER_ISSUES[n % len(texts.ORDER_ISSUES)],
                reported_by=plan.contact.employee,
            )
            for n, plan in enumerate(plans)
        ]
        OrderIssue.objects.bulk_create(rows)
        for row in rows:
            row.created_at = self._later(row.contact.started_at, 3, 10)
        OrderIssue.objects.bulk_update(rows, ["created_at"])

    def _conflicts(self, plans: list[Plan]) -> None:
        # Annex 1: the first worked through the six steps; the second turned aggressive.
        scripts = [
            (
                ["1", "2", "3", "4", "5"],
                "dissatisfied",
                ["dissatisfied.3", "dissatisfied.4", "dissatisfied.7"],
                "Klients nomierinājās; izvešana pieteikta uz rītdienu.",
            ),
            (
                ["1", "2", "6"],
                "aggressive",
                ["aggressive.1", "aggressive.2", "aggressive.5"],
                "Klients aizgāja pēc brīdinājuma; policija netika izsaukta.",
            ),
        ]
        for plan, (steps, situation, actions, note) in zip(plans, scripts, strict=False):
            c = plan.contact
            log = ConflictLog.objects.create(contact=c, opened_by=c.employee)
            at = c.started_at + dt.timedelta(minutes=2)
            rows = [
                ConflictAction(log=log, kind=ConflictAction.Kind.STEP, code=s, by=c.employee)
                for s in steps
                if s in annex1.STEP_NUMBERS
            ]
            rows.append(
                ConflictAction(
                    log=log,
                    kind=ConflictAction.Kind.SITUATION,
                    code=situation,
                    note=note,
                    by=c.employee,
                )
            )
            rows += [
                ConflictAction(log=log, kind=ConflictAction.Kind.SITUATION, code=a, by=c.employee)
                for a in actions
                if a in annex1.ACTION_TEXT
            ]
            ConflictAction.objects.bulk_create(rows)
            for n, row in enumerate(rows):
                row.at = at + dt.timedelta(minutes=n)
            ConflictAction.objects.bulk_update(rows, ["at"])
            ConflictLog.objects.filter(pk=log.pk).update(
                opened_at=c.started_at + dt.timedelta(minutes=1),
                closed_at=c.ended_at or at + dt.timedelta(minutes=len(rows) + 1),
            )

    def _remedies(self, plans: list[Plan]) -> None:
        """2.1.1.2: each error's remedy: the oldest done, the others open (one may be late)."""
        rows = []
        for n, plan in enumerate(sorted(plans, key=lambda p: p.contact.started_at)):
            c = plan.contact
            owner = self._owner(c)
            remedy = Remedy(
                contact=c,
                action="Pārrēķināt rēķinu un nosūtīt klientam labotu rēķinu.",
                owner=owner,
                opened_by=c.employee,
                due_on=timezone.localtime(c.started_at).date() + dt.timedelta(days=5),
            )
            if n == 0:
                remedy.status = Remedy.Status.DONE
                remedy.outcome = "Rēķins pārrēķināts; labotais rēķins nosūtīts klientam."
                remedy.closed_by = owner
                remedy.closed_at = self._desk_after(c.started_at, 60, 24 * 60)
            rows.append(remedy)
        Remedy.objects.bulk_create(rows)

    def _drafts(self, plans: list[Plan]) -> None:
        institution = Institution.objects.first()
        addressee = str(institution) if institution else "AADSO"
        months = ["janvāra", "februāra", "marta", "aprīļa", "maija", "jūnija", "jūlija"]
        rows = [
            SubmissionDraft(
                contact=plan.contact,
                addressee=addressee,
                text=texts.DRAFT_TEXT.format(month=self.rng.choice(months)),
                created_by=plan.contact.employee,
            )
            for plan in plans
        ]
        SubmissionDraft.objects.bulk_create(rows)
        for row in rows:
            row.created_at = self._later(row.contact.started_at, 5, 15)
        SubmissionDraft.objects.bulk_update(rows, ["created_at"])

    def _submissions(self, plans: list[Plan]) -> None:
        # Newest first, so the open-past-deadline, forwarded and extended ones are recent.
        plans = sorted(plans, key=lambda p: p.contact.started_at, reverse=True)
        institutions = list(CompetentInstitution.objects.order_by("pk"))
        rows: list[WrittenSubmission] = []
        special = ["overdue", "forwarded", "extended"]
        for plan in plans:
            c = plan.contact
            received = timezone.localdate(c.started_at)
            row = WrittenSubmission(
                register_number="",
                contact=c,
                received_on=received,
                subject=c.summary[:300],
                owner=self._owner(c),
                reply_due=deadlines.reply_deadline(received),
                forward_due=deadlines.forward_deadline(received),
            )
            if row.reply_due < self.today:
                fate = special.pop(0) if special else "replied"
                if fate == "forwarded" and institutions:
                    row.status = WrittenSubmission.Status.FORWARDED
                    row.forwarded_to = self.rng.choice(institutions)
                    row.closed_at = self._closing(received, row.forward_due)
                elif fate == "extended":
                    row.extended = True
                    row.extension_reason = "Vajadzīga informācija no pašvaldības."
                    row.reply_due = deadlines.reply_deadline(received, extended=True)
                    row.extension_notice_at = self._closing(received, row.forward_due)
                    if row.reply_due < self.today:
                        row.status = WrittenSubmission.Status.REPLIED
                        row.reply = self.rng.choice(texts.REPLIES)
                        row.closed_at = self._closing(received, row.reply_due)
                elif fate == "replied":
                    row.status = WrittenSubmission.Status.REPLIED
                    row.reply = self.rng.choice(texts.REPLIES)
                    row.closed_at = self._closing(received, row.reply_due)
                # "overdue": left open past its deadline, so the register shows one.
            rows.append(row)
        rows.reverse()  # numbered in the order received
        for year in sorted({r.received_on.year for r in rows}):
            sequence, _ = SubmissionSequence.objects.get_or_create(year=year)
            for row in rows:
                if row.received_on.year == year:
                    sequence.last += 1
                    row.register_number = SUBMISSION_NUMBER_PATTERN.format(
                        year=year, seq=sequence.last
                    )
            sequence.save(update_fields=["last"])
        WrittenSubmission.objects.bulk_create(rows)
        for row in rows:
            row.created_at = self._later(row.contact.started_at, 10, 90)
        WrittenSubmission.objects.bulk_update(rows, ["created_at"])

    def _closing(self, start: dt.date, end: dt.date) -> dt.datetime:
        """A desk-hours moment between two dates (the end included), never in the future."""
        span = max((end - start).days, 1)
        day = start + dt.timedelta(days=self.rng.randint(1, span))
        return min(self._at(day, self.rng.randint(30, 8 * 60)), self.now - dt.timedelta(hours=1))


def _ascii(text: str) -> str:
    """A Latvian name as an e-mail address's local part: "Bērziņa" → "berzina"."""
    table = str.maketrans("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ", "acegiklnsuzACEGIKLNSUZ")
    return "".join(ch for ch in text.translate(table) if ch.isalnum() or ch in ".-")
