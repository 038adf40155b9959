"""Incoming e-mail in the admin (docs/mail.md): what was read from the mailboxes, what failed
and why, and "retry" for a failed one (``cases.services.mail.inbound_retry``). Read-only
otherwise, like every service-written record; administrators only, as for the outbox; rows
about a confidential record only to whom its gate lets know of it (``servicedesk.scopes``)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases.models import InboundAttachment, InboundEmail
from cases.services.mail import inbound_retry
from servicedesk import scopes
from servicedesk.admin.readonly import ReadOnlyAdminMixin
from servicedesk.personal_data import PersonalDataAdmin
from servicedesk.roles import Action, can


class InboundAttachmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InboundAttachment
    extra = 0
    fields = ("name", "content_type", "size", "rejected")
    readonly_fields = ("name", "content_type", "size", "rejected")


@admin.register(InboundEmail)
class InboundEmailAdmin(ReadOnlyAdminMixin, PersonalDataAdmin):
    list_display = [
        "received_at",
        "mailbox",
        "from_address",
        "subject",
        "kind",
        "status",
        "failure_reason",
        "attempts",
    ]
    list_filter = ["status", "kind", "no_auto_answer", "mailbox"]
    search_fields = ["from_address", "subject", "message_id"]
    date_hierarchy = "received_at"
    ordering = ["-received_at", "-pk"]
    actions = ["retry"]
    inlines = [InboundAttachmentInline]
    # The desk's page shows the text (mail_detail); the original lies in private storage,
    # which has no URL: it is kept as the record of what arrived, not offered as a link.
    exclude = ["text", "quoted", "original"]
    raw_id_fields = ["contact", "replies_to", "submission", "assigned_to"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[InboundEmail]:
        return super().get_queryset(request).filter(scopes.visible_q(request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE_NOTIFICATIONS)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE_NOTIFICATIONS)

    @admin.action(description=_("Retry filing"))
    def retry(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        filed = still = 0
        for email in queryset.filter(status=InboundEmail.Status.FAILED):
            result = inbound_retry(actor=cast(Any, request.user), email=email)
            if result.status == InboundEmail.Status.FILED:
                filed += 1
            else:
                still += 1
        if filed:
            text = ngettext("%(count)d e-mail filed.", "%(count)d e-mails filed.", filed)
            self.message_user(request, text % {"count": filed}, messages.SUCCESS)
        if still:
            text = ngettext(
                "%(count)d e-mail still failed; its reason is in the list.",
                "%(count)d e-mails still failed; their reasons are in the list.",
                still,
            )
            self.message_user(request, text % {"count": still}, messages.WARNING)
