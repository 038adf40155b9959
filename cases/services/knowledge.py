"""The knowledge base's writer (2.1.2.1, 2.1.4.2, 4.1.2, 4.1.3): articles are created and
changed here, each save keeps a version (who, when, what), and owners are reminded when an
article's review-by date has passed, so staff give verified information only (2.1.4.2).

The stemmed search text is derived in ``Article.save`` from the title, summary and text, so
every save through these functions writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cases.models import Article, ArticleVersion
from cases.services._common import send_message
from servicedesk.models import Topic
from servicedesk.roles import Action, Role, can

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: Path segments under ``kb/`` that are pages, not articles.
RESERVED_SLUGS = frozenset({"new"})


@dataclass(frozen=True)
class ArticleInput:
    """What an editor types; the form's cleaned data becomes this in the view."""

    title: str
    body: str
    owner: Any
    review_by: date | None
    summary: str = ""
    topic: Topic | None = None
    visibility: str = Article.Visibility.INTERNAL

    @classmethod
    def from_cleaned_data(cls, data: dict[str, Any]) -> ArticleInput:
        return cls(
            title=data["title"],
            body=data["body"],
            owner=data.get("owner"),
            review_by=data.get("review_by"),
            summary=data.get("summary") or "",
            topic=data.get("topic"),
            visibility=data.get("visibility") or Article.Visibility.INTERNAL,
        )


def _check(actor: User, data: ArticleInput, previous_review: date | None = None) -> None:
    """2.1.4.2: only editors write; every article has its text, an owner and a review date
    that is not already past (unless it is the date it had)."""
    if not can(actor, Action.EDIT_KNOWLEDGE):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if not data.title.strip():
        errors["title"] = _("Write the title.")
    if not data.body.strip():
        errors["body"] = _("Write the text of the article.")
    if data.owner is None or not data.owner.is_active:
        errors["owner"] = _("Choose who answers for the article.")
    if data.review_by is None:
        errors["review_by"] = _("Say by when the article must be reviewed.")
    elif data.review_by != previous_review and data.review_by < timezone.localdate():
        errors["review_by"] = _("The review date cannot be in the past.")
    if data.visibility not in Article.Visibility.values:
        errors["visibility"] = _("Choose the visibility.")
    if errors:
        raise ValidationError(errors)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:190] or "raksts"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply(article: Article, data: ArticleInput) -> None:
    article.title = data.title.strip()
    article.summary = data.summary.strip()
    article.body = data.body.strip()
    article.topic = data.topic
    article.visibility = data.visibility
    article.owner = data.owner
    article.review_by = data.review_by


def _keep_version(article: Article, actor: User) -> ArticleVersion:
    last = article.versions.aggregate(last=Max("number"))["last"] or 0
    return ArticleVersion.objects.create(
        article=article, number=last + 1, title=article.title, body=article.body, saved_by=actor
    )


@transaction.atomic
def article_create(*, actor: User, data: ArticleInput) -> Article:
    """2.1.4.2: a new article, with its owner and review date; version 1 is kept."""
    _check(actor, data)
    article = Article(slug=_unique_slug(data.title))
    _apply(article, data)
    article.save()
    _keep_version(article, actor)
    return article


@transaction.atomic
def article_update(*, actor: User, article: Article, data: ArticleInput) -> Article:
    """2.1.4.2: the article changed (its address stays); the new text is kept as a version.
    A new review date means a new reminder when that one passes."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    _check(actor, data, previous_review=article.review_by)
    _apply(article, data)
    article.save()
    _keep_version(article, actor)
    return article


def _reviewers(article: Article) -> list[Any]:
    """The owner; when the owner has left (inactive or none), the knowledge-base editors."""
    if article.owner is not None and article.owner.is_active:
        return [article.owner]
    editors = get_user_model().objects.filter(
        groups__name=Role.KNOWLEDGE_EDITOR.value, is_active=True
    )
    return list(editors.distinct())


def articles_send_review_reminders(*, today: date | None = None) -> int:
    """2.1.4.2: remind the owner of each article whose review-by date has passed, once per
    date (``review_reminded_for``)."""
    today = today or timezone.localdate()
    due = Article.objects.filter(review_by__lt=today).filter(
        Q(review_reminded_for__isnull=True) | ~Q(review_reminded_for=F("review_by"))
    )
    sent = 0
    for pk, review_by in due.values_list("pk", "review_by"):
        with transaction.atomic():
            claimed = (
                Article.objects.filter(pk=pk, review_by=review_by)
                .exclude(review_reminded_for=review_by)
                .update(review_reminded_for=review_by)
            )
            if claimed != 1:
                continue
            article = Article.objects.select_related("owner").get(pk=pk)
            for person in _reviewers(article):
                send_message(
                    person,
                    "article_review",
                    article,
                    {"article": article},
                    rule_clause="2.1.4.2",
                    link=reverse("cases:kb_article", args=[article.slug]),
                    key=f"cases.article_review:{article.pk}:{review_by}",
                )
            sent += 1
    return sent
