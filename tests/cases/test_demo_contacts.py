"""``manage.py demo_contacts``: a few hundred realistic contacts over the last
months, on every channel, so the demo desk looks in use; idempotent; run by ``demo_data``."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.utils import timezone

from cases.models import (
    Article,
    Callback,
    Channel,
    Client,
    ClientPhone,
    ConflictLog,
    Consultation,
    Contact,
    ContactOutcome,
    Outcome,
    Referral,
    WrittenSubmission,
)
from cases.phones import is_foreign, phone_callback_allowed

pytestmark = pytest.mark.django_db

MODELS = [
    Client,
    ClientPhone,
    Contact,
    ContactOutcome,
    Callback,
    Referral,
    Consultation,
    ConflictLog,
    WrittenSubmission,
    Article,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def demo() -> None:
    """The demo organisation; ``demo_data`` ends by running ``demo_contacts``."""
    call_command("demo_data", stdout=StringIO())


def desk(username: str = "reception") -> HttpClient:
    client = HttpClient()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_demo_data_runs_demo_contacts_and_a_second_run_adds_nothing(demo):
    first = counts()
    out = StringIO()
    call_command("demo_contacts", stdout=out)
    call_command("demo_data", stdout=StringIO())

    assert counts() == first
    assert "already" in out.getvalue()
    assert 250 <= first["Contact"] <= 400
    assert 50 <= first["Client"] <= 80


def test_contacts_come_on_every_channel_with_every_outcome_over_four_months(demo):
    now = timezone.now()
    channels = set(Contact.objects.values_list("channel", flat=True))
    outcomes = set(ContactOutcome.objects.values_list("code", flat=True))
    first = Contact.objects.order_by("started_at").first()
    employees = set(Contact.objects.values_list("employee__username", flat=True))

    assert channels == set(Channel.values)
    assert outcomes == set(Outcome.values)
    assert first is not None and now - timedelta(days=125) < first.started_at < now - timedelta(
        days=60
    )
    assert not Contact.objects.filter(started_at__gt=now).exists()
    assert {"reception", "reception2", "expert"} <= employees
    assert Contact.objects.filter(client__isnull=True).exists()  # anonymous callers too
    assert Contact.objects.values("topic").distinct().count() >= 8


def test_demo_contacts_follow_the_rules_they_show(demo):
    now = timezone.now()
    open_callbacks = Callback.objects.filter(status=Callback.Status.OPEN)
    overdue = open_callbacks.filter(due_at__lt=now)

    # 4.3.1: callbacks only to Latvian numbers; the foreign ones were answered by e-mail.
    assert all(
        phone_callback_allowed(cb.phone_number, client_abroad=False)
        for cb in Callback.objects.all()
    )
    foreign_calls = Contact.objects.filter(phone_number__startswith="+", channel=Channel.PHONE_IN)
    foreign_calls = [c for c in foreign_calls if is_foreign(c.phone_number)]
    assert foreign_calls
    assert all(Outcome.REPLY_BY_EMAIL in c.outcome_codes and c.email_address for c in foreign_calls)
    assert overdue.exists() and open_callbacks.filter(due_at__gt=now).exists()
    assert not Callback.objects.filter(
        status=Callback.Status.DONE, completion_contact=None
    ).exists()
    # 2.1.1.2, 4.12.2, 4.2: the guarded outcomes carry what their rule asks for.
    assert not Contact.objects.filter(our_error=True, apologised=False).exists()
    warned = Contact.objects.filter(outcomes__code=Outcome.ENDED_AFTER_WARNING)
    assert warned.exists() and not warned.filter(warning_given_at__isnull=True).exists()
    assert not Contact.objects.filter(ground_over_ten_minutes=True, offer_made=False).exists()
    # Written submissions: some still under review, with their register numbers and deadlines.
    under_review = WrittenSubmission.objects.filter(status=WrittenSubmission.Status.OPEN)
    assert under_review.filter(reply_due__gte=timezone.localdate()).exists()
    assert all(s.register_number.startswith("AADSO/") for s in WrittenSubmission.objects.all())
    assert set(Article.objects.values_list("visibility", flat=True)) == set(
        Article.Visibility.values
    )
    assert Article.objects.filter(
        title="Iesniegumu izskatīšanas kārtība", visibility="public"
    ).exists()


def test_the_desk_screens_show_the_demo_contacts(demo):
    reception = desk()
    overdue = (
        Callback.objects.filter(owner__username="reception", status=Callback.Status.OPEN)
        .order_by("due_at")
        .first()
    )

    contact_list = reception.get("/cases/").content.decode()
    second_page = reception.get("/cases/?page=2")
    queue = reception.get("/cases/callbacks/").content.decode()
    procedures = HttpClient().get("/cases/procedures/").content.decode()

    assert contact_list.count('href="/cases/clients/') >= 40  # 50 rows a page, most with a client
    assert second_page.status_code == 200
    assert overdue is not None and overdue.client is not None
    assert overdue.client.name in queue
    assert "Lielgabarīta atkritumu nodošana" in procedures  # a public article
    assert "Parādu piedziņa" not in procedures  # restricted (4.1.3)


def test_demo_contacts_without_the_demo_organisation_asks_for_it():
    with pytest.raises(CommandError, match="demo_data"):
        call_command("demo_contacts", stdout=StringIO())


def test_the_demo_articles_have_an_owner_who_edits_them_and_review_dates(demo):
    from servicedesk.roles import Action, can

    expert = get_user_model().objects.get(username="expert")
    articles = Article.objects.all()
    assert articles and all(a.owner == expert and a.review_by for a in articles)
    assert all(a.search_text and a.versions.count() == 1 for a in articles)
    assert sum(a.review_overdue for a in articles) == 1  # the list shows one overdue review
    assert can(expert, Action.EDIT_KNOWLEDGE)
    listing = desk("expert").get("/cases/kb/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/cases/kb/new/" in listing and "Review date passed" in listing
    call_command("demo_data", stdout=StringIO())  # again: still one version each
    assert all(a.versions.count() == 1 for a in Article.objects.all())
