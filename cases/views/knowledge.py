"""The knowledge base (2.1.2.1, 3.4, 4.1.2, 4.1.3, 4.7), its editing in the desk by the
knowledge-base editors (2.1.4.2) and its public pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import selectors, services
from cases.forms import ArticleForm, KnowledgeEmailForm
from cases.models import Article
from cases.views._common import done, posted
from servicedesk.personal_data import shows_no_personal_data
from servicedesk.roles import Action, can, permission_required_for

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, HtmxHttpRequest


view_knowledge = permission_required_for(Action.VIEW_KNOWLEDGE)
edit_knowledge = permission_required_for(Action.EDIT_KNOWLEDGE)
# Staff names (owners, editors) are work data, not clients' personal data.
ARTICLE_PAGE = "a knowledge-base article, its owner and editors (staff)"


@view_knowledge
@shows_no_personal_data("knowledge-base articles and their owners (staff)")
@require_GET
def kb_search(request: HtmxHttpRequest) -> HttpResponse:
    """The knowledge base; an htmx request (from the contact screen) gets the results only.
    An article past its review-by date says so in words (2.1.4.2)."""
    q = request.GET.get("q", "")
    articles = selectors.articles_search(q)[:50]
    template = "cases/partials/kb_results.html" if request.htmx else "cases/kb_list.html"
    may_edit = can(request.user, Action.EDIT_KNOWLEDGE)
    return render(request, template, {"q": q, "articles": articles, "may_edit": may_edit})


@view_knowledge
@shows_no_personal_data(f"{ARTICLE_PAGE}; sending it e-mails the address typed")
def kb_article(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """One article, printable, with its versions; POST e-mails it to a client (the desk only,
    never a restricted article, 4.1.3)."""
    article = selectors.article_get(slug)
    may_send = can(request.user, Action.LOG_CONTACTS)
    if request.method == "POST" and not may_send:
        raise PermissionDenied
    form = KnowledgeEmailForm(request.POST or None)

    def act(data: dict[str, Any]) -> HttpResponse:
        contact_id = data.get("contact")
        contact = selectors.contact_get(request.user, contact_id) if contact_id else None
        services.article_email_to_client(
            actor=request.user, article=article, email=data["email"], contact=contact
        )
        message = _("The article was e-mailed to the client.")
        return done(request, message, "cases:kb_article", slug=article.slug)

    context = {
        "article": article,
        "form": form,
        "may_send": may_send,
        "may_edit": can(request.user, Action.EDIT_KNOWLEDGE),
        "versions": article.versions.select_related("saved_by"),
    }
    return posted(request, form, act) or render(request, "cases/kb_article.html", context)


@edit_knowledge
@shows_no_personal_data(ARTICLE_PAGE)
def kb_article_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """2.1.4.2: a new article, with who answers for it and when it is to be reviewed."""
    form = ArticleForm(request.POST or None, initial={"owner": request.user})

    def act(data: dict[str, Any]) -> HttpResponse:
        input_ = services.ArticleInput.from_cleaned_data(data)
        article = services.article_create(actor=request.user, data=input_)
        return done(request, _("The article was saved."), "cases:kb_article", slug=article.slug)

    return posted(request, form, act) or render(
        request, "cases/kb_form.html", {"form": form, "article": None}
    )


@edit_knowledge
@shows_no_personal_data(ARTICLE_PAGE)
def kb_article_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """2.1.4.2: change an article; the save keeps a version."""
    article = selectors.article_get(slug)
    form = ArticleForm(request.POST or None, initial=_initial(article))

    def act(data: dict[str, Any]) -> HttpResponse:
        input_ = services.ArticleInput.from_cleaned_data(data)
        services.article_update(actor=request.user, article=article, data=input_)
        return done(request, _("The article was saved."), "cases:kb_article", slug=article.slug)

    return posted(request, form, act) or render(
        request, "cases/kb_form.html", {"form": form, "article": article}
    )


def _initial(article: Article) -> dict[str, Any]:
    fields = ("title", "summary", "body", "topic", "visibility", "owner", "review_by")
    return {name: getattr(article, name) for name in fields}


@login_not_required
@require_GET
def public_procedures(request: HttpRequest) -> HttpResponse:
    """3.4: how services are obtained and how submissions are reviewed, with the deadlines in
    force; public articles only (4.1.2)."""
    return render(
        request,
        "cases/public_procedures.html",
        {
            "articles": selectors.articles_search(request.GET.get("q", ""), public_only=True),
            "reply_days": settings.SUBMISSION_REPLY_WORKING_DAYS,
            "extended_months": settings.SUBMISSION_EXTENDED_MONTHS,
            "forward_days": settings.SUBMISSION_FORWARD_WORKING_DAYS,
            "q": request.GET.get("q", ""),
        },
    )


@login_not_required
@require_GET
def public_article(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "cases/public_article.html",
        {"article": selectors.article_get(slug, public_only=True)},
    )
