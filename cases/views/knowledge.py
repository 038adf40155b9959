"""The knowledge base (2.1.2.1, 3.4, 4.1.2, 4.1.3, 4.7) and its public pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import selectors, services
from cases.forms import KnowledgeEmailForm
from cases.views._common import done, log_contacts, posted
from servicedesk.personal_data import shows_no_personal_data

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest, HtmxHttpRequest


@log_contacts
@shows_no_personal_data("knowledge-base articles")
@require_GET
def kb_search(request: HtmxHttpRequest) -> HttpResponse:
    """The knowledge base; an htmx request (from the contact screen) gets the results only."""
    q = request.GET.get("q", "")
    articles = selectors.articles_search(q)[:50]
    template = "cases/partials/kb_results.html" if request.htmx else "cases/kb_list.html"
    return render(request, template, {"q": q, "articles": articles})


@log_contacts
@shows_no_personal_data("a knowledge-base article; sending it e-mails the address typed")
def kb_article(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """One article, printable; POST e-mails it to a client (never a restricted one, 4.1.3)."""
    article = selectors.article_get(slug)
    form = KnowledgeEmailForm(request.POST or None)

    def act(data: dict[str, Any]) -> HttpResponse:
        contact_id = data.get("contact")
        contact = selectors.contact_get(request.user, contact_id) if contact_id else None
        services.article_email_to_client(
            actor=request.user, article=article, email=data["email"], contact=contact
        )
        message = _("The article was e-mailed to the client.")
        return done(request, message, "cases:kb_article", slug=article.slug)

    return posted(request, form, act) or render(
        request, "cases/kb_article.html", {"article": article, "form": form}
    )


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
