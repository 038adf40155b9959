"""Incoming e-mail (docs/mail.md): the staff queue — new, mine, my team's, automatic — one
e-mail with its sanitised text (never its HTML), attachments and thread, and taking one; an
e-mail in a foreign language offers the 4.6 path (``cases.services.mail_foreign``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.forms import MailCallbackForm, MailReplyForm
from cases.forms.mail_foreign import MailForeignReplyForm, MailWrittenForm
from cases.selectors import mail as inbox
from cases.services.mail import inbound_take
from cases.services.mail_foreign import foreign_reply_check, inbound_register_written
from cases.services.mail_reply import inbound_reply, inbound_wants_call, reply_draft
from cases.services.standard_answers import standard_answer_fill
from cases.views._common import CHANGES_AND_REDIRECTS, done, log_contacts, posted, said, showing
from servicedesk.personal_data import returned, shown, shows_no_personal_data, shows_personal_data
from servicedesk.roles import Action, can

if TYPE_CHECKING:
    from servicedesk.types import AuthenticatedHttpRequest

INBOUND_EMAIL = "cases.inboundemail"


@log_contacts
@shows_personal_data(INBOUND_EMAIL, key=None)
@require_GET
def mail_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    queue = request.GET.get("queue", "new")
    if queue not in inbox.QUEUES:
        queue = "new"
    emails = list(inbox.inbound_queue(request.user, queue)[:200])
    returned(request, emails)
    return render(request, "cases/mail_queue.html", {"emails": emails, "queue": queue})


@log_contacts
@shows_personal_data(INBOUND_EMAIL)
@require_GET
def mail_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    email = showing(request, inbox.inbound_get(request.user, pk))
    return render(
        request,
        "cases/mail_detail.html",
        {
            "email": email,
            "thread": inbox.inbound_thread(request.user, email),
            "outbox": inbox.reply_outbox(email),
            "call_form": MailCallbackForm(),
            "written_form": MailWrittenForm(initial={"subject": email.subject[:300]}),
            "document_rules": settings.DOCUMENT_RULES_REFERENCE,
        },
    )


@log_contacts
@shows_personal_data(INBOUND_EMAIL)
def mail_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Answer an e-mail: write (or bring the text back to change it), see exactly what the
    client will receive ("preview"), then send it: queued in the outbox, never sent here."""
    email = showing(request, inbox.inbound_get(request.user, pk))
    picked = request.GET.get("answer", "")
    initial = {}
    if picked.isdigit():  # a standard answer, its placeholders filled
        answer = inbox.standard_answer_get(picked)
        initial["text"] = standard_answer_fill(answer=answer, email=email, actor=request.user)
    form_class = MailForeignReplyForm if email.in_foreign_language else MailReplyForm
    form = form_class(request.POST or None, initial=initial)
    preview = None

    def act(data: dict[str, Any]) -> HttpResponse | None:
        nonlocal preview
        foreign_reply_check(email=email, confirmed=bool(data.get("confirm_foreign")))  # 4.6
        options = {key: data[key] for key in ("text", "confirm_automatic", "procedure")}
        if "send" in request.POST:
            inbound_reply(actor=request.user, email=email, **options)
            return done(request, _("The reply is queued for sending."), "cases:mail_detail", pk=pk)
        preview = reply_draft(actor=request.user, email=email, **options)
        return None

    return posted(request, form, act) or render(
        request,
        "cases/mail_reply.html",
        {
            "email": email,
            "form": form,
            "preview": preview,
            "answers": inbox.standard_answers(),
            "picked": picked,
            "document_rules": settings.DOCUMENT_RULES_REFERENCE,
        },
    )


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def mail_take(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    email = inbox.inbound_get(request.user, pk)
    said(
        request,
        _("The e-mail is yours now."),
        lambda: inbound_take(actor=request.user, email=email),
    )
    return redirect("cases:mail_detail", pk=pk)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def mail_wants_call(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.13: the client wants the answer by phone: a callback under the 4.3.1 rule, or the
    refusal (a foreign number or roaming: answer by e-mail)."""
    email = inbox.inbound_get(request.user, pk)
    form = MailCallbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("cases:mail_detail", pk=pk)
    said(
        request,
        _("A callback is in your queue."),
        lambda: inbound_wants_call(actor=request.user, email=email, **form.cleaned_data),
    )
    return redirect("cases:mail_detail", pk=pk)


@log_contacts
@shows_no_personal_data(CHANGES_AND_REDIRECTS)
@require_POST
def mail_register_written(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """4.6: register an e-mail in a foreign language as a written submission under the
    institution's document-management rules."""
    email = inbox.inbound_get(request.user, pk)
    form = MailWrittenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("cases:mail_detail", pk=pk)
    said(
        request,
        _("The e-mail is registered as a written submission."),
        lambda: inbound_register_written(
            actor=request.user, email=email, subject=form.cleaned_data["subject"]
        ),
    )
    return redirect("cases:mail_detail", pk=pk)


@shows_personal_data(INBOUND_EMAIL, key="pk")
@require_GET
def mail_attachment(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """An accepted file of an e-mail, as a download (never a direct media URL). The role is
    checked here, not by ``log_contacts`` (which wraps views that answer an HttpResponse)."""
    if not can(request.user, Action.LOG_CONTACTS):
        raise PermissionDenied
    attachment = inbox.attachment_get(request.user, pk, attachment_pk)
    if not attachment.file:
        raise Http404
    shown(request, attachment.email)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
