"""The outbox in the admin: what was sent, what is waiting, what failed and why.

Read-only for everyone: a notification is a record of what the desk told someone, so its
subject and body are never edited here. The one thing an administrator can do is "send
again" (``notification_resend``), e.g. after the mail server is fixed."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from servicedesk.models import Notification
from servicedesk.roles import Action, can
from servicedesk.selectors.notifications import notifications_for_admin
from servicedesk.services.notifications import NotificationNotResendable, notification_resend

# Every field is shown and none can be edited.
FIELDS = (
    "recipient",
    "email",
    "channel",
    "kind",
    "rule_clause",
    "language",
    "subject",
    "body",
    "link",
    "content_type",
    "object_id",
    "status",
    "attempts",
    "next_attempt_at",
    "claimed_at",
    "last_error",
    "idempotency_key",
    "created_at",
    "sent_at",
    "read_at",
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "addressee",
        "channel",
        "kind",
        "rule_clause",
        "status",
        "attempts",
        "next_attempt_at",
        "short_error",
        "sent_at",
    ]
    list_filter = ["status", "channel", "kind", "rule_clause", "language"]
    search_fields = [
        "email",
        "recipient__username",
        "recipient__first_name",
        "recipient__last_name",
        "subject",
        "idempotency_key",
    ]
    date_hierarchy = "created_at"
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    actions = ["send_again"]
    fields = FIELDS
    readonly_fields = FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return notifications_for_admin()

    # Who may look: administrators only (servicedesk.roles); nobody may add, edit or delete.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE_NOTIFICATIONS)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE_NOTIFICATIONS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("recipient"), ordering="recipient__last_name")
    def addressee(self, obj: Notification) -> str:
        if obj.recipient is not None:
            name = obj.recipient.get_full_name() or obj.recipient.get_username()
            return f"{name} <{obj.email}>" if obj.email else name
        return obj.email

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return obj.last_error if len(obj.last_error) <= 120 else obj.last_error[:119] + "…"

    @admin.action(description=_("Send again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        queued = skipped = 0
        for notification in queryset:
            try:
                notification_resend(actor=request.user, notification=notification)
            except NotificationNotResendable:
                skipped += 1
            else:
                queued += 1
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification queued to be sent again.",
                    "%(count)d notifications queued to be sent again.",
                    queued,
                )
                % {"count": queued},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification was not failed or waiting, so it was left as is.",
                    "%(count)d notifications were not failed or waiting, so they were left as is.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
