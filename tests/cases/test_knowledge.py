"""The knowledge base kept in the desk (2.1.4.2: staff give verified information only):
Latvian search that finds inflected forms on both databases, editing by the knowledge-base
editors with a version kept at each save, owners and review dates with a reminder."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases import selectors, services
from cases.models import Article, ArticleVersion
from servicedesk.models import Notification
from servicedesk.roles import Action, Role, can
from servicedesk.search import stem_words
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(operations_unit):
    user = UserFactory(
        username="editor",
        first_name="Zane",
        last_name="Ozola",
        email="editor@example.lv",
        roles=[Role.KNOWLEDGE_EDITOR],
    )
    EmployeeFactory(user=user, unit=operations_unit, position="Satura redaktore")
    return user


def _input(owner, **fields) -> services.ArticleInput:
    values = {
        "title": "Konteinera nomaiņa",
        "body": "Bojātu konteineru nomaina bez maksas.",
        "owner": owner,
        "review_by": timezone.localdate() + timedelta(days=90),
        "visibility": Article.Visibility.INTERNAL,
    }
    return services.ArticleInput(**{**values, **fields})


def _titles(query: str) -> set[str]:
    return set(selectors.articles_search(query).values_list("title", flat=True))


# --- Latvian search (4.7) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("konteiners", "konteinera"),
        ("konteiners", "konteineru"),
        ("rēķins", "Rēķini"),
        ("būvgruži", "būvgružu"),
        ("rekins", "rēķinu"),  # typed without diacritics
    ],
)
def test_a_typed_word_and_its_inflected_form_stem_alike(typed, written):
    assert stem_words(typed) in stem_words(written)


def test_stem_words_lowers_folds_and_keeps_the_words_apart():
    assert stem_words("Rēķini par būvgružu KONTEINERU!") == "rekin par buvgruz konteiner"


@pytest.mark.rule("4.7", "2.1.4.2")
@pytest.mark.parametrize(
    ("query", "title", "body"),
    [
        ("konteiners", "Nomaiņa", "Bojāta konteinera nomaiņa."),
        ("konteiners", "Izvešana", "Konteineru izved reizi nedēļā."),
        ("rēķins", "Rēķini", "Kā saņemt elektroniski."),
        ("būvgruži", "Remonts", "Būvgružu nodošana poligonā."),
        ("Rēķinu konteineri", "Rēķini par konteineru", "Teksts."),
    ],
)
def test_search_finds_latvian_inflected_forms(editor, query, title, body):
    services.article_create(actor=editor, data=_input(editor, title=title, body=body))
    services.article_create(
        actor=editor, data=_input(editor, title="Cits", body="Nekas no tā visa.")
    )
    assert _titles(query) == {title}


def test_every_typed_word_must_match_and_the_topic_still_counts(editor, topic):
    data = _input(editor, title="Grafiks", body="Konteineru izvešanas grafiks.", topic=topic)
    services.article_create(actor=editor, data=data)
    assert _titles("konteiners grafiki") == {"Grafiks"}
    assert _titles("konteiners nekas") == set()
    assert _titles("atkritumu konteiners") == {"Grafiks"}  # "Atkritumu izvešana", the topic


def test_the_search_text_follows_every_save(editor):
    article = services.article_create(actor=editor, data=_input(editor))
    assert "konteiner" in article.search_text
    services.article_update(
        actor=editor, article=article, data=_input(editor, body="Rēķini tiek sūtīti.")
    )
    article.refresh_from_db()
    assert "rekin" in article.search_text and "konteiner" in article.search_text  # the title
    assert "bojat" not in article.search_text


def test_the_data_migration_fills_the_search_text_of_existing_articles(db):
    article = Article.objects.create(title="Rēķini", slug="rekini", body="Par būvgružiem")
    Article.objects.filter(pk=article.pk).update(search_text="")
    migration = importlib.import_module("cases.migrations.0007_article_review")
    migration.fill_search_text(django_apps, None)
    article.refresh_from_db()
    assert article.search_text == stem_words("Rēķini\n\nPar būvgružiem")
    assert _titles("būvgruži") == {"Rēķini"}


# --- Editing in the desk (2.1.4.2) -------------------------------------------------------------


def test_the_editor_role_is_a_group_and_may_edit_with_administrators(editor, admin, reception):
    assert Group.objects.filter(name=Role.KNOWLEDGE_EDITOR.value).exists()
    assert can(editor, Action.EDIT_KNOWLEDGE) and can(admin, Action.EDIT_KNOWLEDGE)
    assert not can(reception, Action.EDIT_KNOWLEDGE)
    assert can(reception, Action.VIEW_KNOWLEDGE) and can(editor, Action.VIEW_KNOWLEDGE)


@pytest.mark.rule("2.1.4.2")
def test_an_editor_writes_and_changes_an_article_in_the_desk(editor, topic, client_for):
    browser = client_for(editor)
    assert browser.get("/cases/kb/new/").status_code == 200
    review_by = (timezone.localdate() + timedelta(days=30)).isoformat()
    form = {
        "title": "Rēķinu apmaksa",
        "summary": "Kā samaksāt",
        "body": "Rēķinus apmaksā līdz mēneša beigām.",
        "topic": topic.pk,
        "visibility": Article.Visibility.PUBLIC,
        "owner": editor.pk,
        "review_by": review_by,
    }
    created = browser.post("/cases/kb/new/", form)
    article = Article.objects.get(title="Rēķinu apmaksa")
    assert created.status_code == 302 and created["Location"] == f"/cases/kb/{article.slug}/"
    assert (article.owner, article.review_by.isoformat()) == (editor, review_by)

    changed = browser.post(f"/cases/kb/{article.slug}/edit/", {**form, "body": "Līdz 20."})
    assert changed.status_code == 302
    article.refresh_from_db()
    assert article.body == "Līdz 20."
    versions = list(article.versions.values_list("number", "body", "saved_by"))
    assert versions == [(2, "Līdz 20.", editor.pk), (1, form["body"], editor.pk)]
    page = browser.get(f"/cases/kb/{article.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Version 2" in page and "Version 1" in page and "Zane Ozola" in page
    assert f"/cases/kb/{article.slug}/edit/" in page


def test_a_refused_form_comes_back_with_what_was_typed(editor, client_for):
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    form = {"title": "Vecs", "body": "Teksts", "visibility": "internal", "owner": editor.pk}
    response = client_for(editor).post("/cases/kb/new/", {**form, "review_by": past})
    assert response.status_code == 200 and "Vecs" in response.content.decode()
    assert not Article.objects.exists()


def test_the_service_refuses_non_editors_and_incomplete_articles(editor, reception):
    with pytest.raises(PermissionDenied):
        services.article_create(actor=reception, data=_input(reception))
    with pytest.raises(ValidationError) as refused:
        services.article_create(
            actor=editor,
            data=_input(None, body=" ", review_by=timezone.localdate() - timedelta(days=1)),
        )
    assert {"body", "owner", "review_by"} <= set(refused.value.message_dict)
    assert not Article.objects.exists() and not ArticleVersion.objects.exists()


def test_an_overdue_date_may_stay_while_a_typo_is_fixed(editor):
    article = services.article_create(actor=editor, data=_input(editor))
    past = timezone.localdate() - timedelta(days=5)
    Article.objects.filter(pk=article.pk).update(review_by=past)
    article.refresh_from_db()
    services.article_update(
        actor=editor, article=article, data=_input(editor, title="Labots", review_by=past)
    )
    assert Article.objects.get(pk=article.pk).title == "Labots"


def test_slugs_are_unique_and_never_a_page_name(editor):
    first = services.article_create(actor=editor, data=_input(editor, title="Kārtība"))
    second = services.article_create(actor=editor, data=_input(editor, title="Kārtība"))
    new = services.article_create(actor=editor, data=_input(editor, title="New"))
    assert (first.slug, second.slug, new.slug) == ("kartiba", "kartiba-2", "new-2")


def test_who_may_open_the_editing_pages(editor, admin, reception, client_for):
    article = services.article_create(actor=editor, data=_input(editor))
    for user, status in ((reception, 403), (admin, 200), (editor, 200)):
        browser = client_for(user)
        assert browser.get("/cases/kb/new/").status_code == status
        assert browser.get(f"/cases/kb/{article.slug}/edit/").status_code == status
    # The administrator edits in the desk; the Django admin shows articles read-only.
    assert client_for(admin).get("/admin/cases/article/add/").status_code == 403
    # An editor outside the desk reads articles but does not e-mail them to clients.
    page = client_for(editor).get(f"/cases/kb/{article.slug}/").content.decode()
    assert 'name="email"' not in page
    refused = client_for(editor).post(f"/cases/kb/{article.slug}/", {"email": "k@example.lv"})
    assert refused.status_code == 403
    assert not Notification.objects.filter(kind="cases.article").exists()


def test_the_list_offers_a_new_article_to_editors_only(editor, reception, client_for):
    assert "/cases/kb/new/" in client_for(editor).get("/cases/kb/").content.decode()
    assert "/cases/kb/new/" not in client_for(reception).get("/cases/kb/").content.decode()


# --- Owner and review-by date (2.1.4.2) ---------------------------------------------------------


@pytest.fixture
def overdue(editor):
    article = services.article_create(actor=editor, data=_input(editor, title="Tarifi"))
    Article.objects.filter(pk=article.pk).update(review_by=timezone.localdate() - timedelta(days=1))
    article.refresh_from_db()
    return article


@pytest.mark.rule("2.1.4.2")
def test_the_list_and_the_page_say_in_words_that_the_review_date_passed(
    overdue, reception, client_for
):
    browser = client_for(reception)
    listing = browser.get("/cases/kb/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = browser.get(f"/cases/kb/{overdue.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    results = browser.get("/cases/kb/", {"q": "tarifi"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Review date passed" in listing and "Review date passed" in page
    assert "Pārskatīšanas termiņš pagājis" in results or "Review date passed" in results


def test_an_article_reviewed_in_time_says_nothing(editor, reception, client_for):
    services.article_create(actor=editor, data=_input(editor, title="Tarifi"))
    listing = client_for(reception).get("/cases/kb/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Review date passed" not in listing.content.decode()


@pytest.mark.rule("2.1.4.2")
def test_the_owner_is_reminded_once_per_review_date(overdue, editor):
    assert services.articles_send_review_reminders() == 1
    reminders = Notification.objects.filter(kind="cases.article_review", recipient=editor)
    assert {n.channel for n in reminders} == {"email", "in_app"}
    assert "Tarifi" in reminders.first().subject
    assert services.articles_send_review_reminders() == 0  # once

    later = timezone.localdate() + timedelta(days=10)
    services.article_update(
        actor=editor, article=overdue, data=_input(editor, title="Tarifi", review_by=later)
    )
    assert services.articles_send_review_reminders() == 0  # not due yet
    assert services.articles_send_review_reminders(today=later + timedelta(days=1)) == 1


def test_a_departed_owner_s_article_goes_to_the_editors(overdue, editor, expert):
    Article.objects.filter(pk=overdue.pk).update(owner=expert)
    expert.is_active = False
    expert.save(update_fields=["is_active"])
    assert services.articles_send_review_reminders() == 1
    assert Notification.objects.filter(kind="cases.article_review", recipient=editor).exists()


def test_the_reminder_runs_daily_from_celery_beat(overdue):
    from cases.tasks import remind_article_reviews

    entry = settings.CELERY_BEAT_SCHEDULE["article-review-reminders"]
    assert entry["task"] == "cases.tasks.remind_article_reviews"
    assert remind_article_reviews.delay().get() == 1
