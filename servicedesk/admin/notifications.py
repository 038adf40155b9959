"""The outbox in the admin: what was sent, what is waiting, what failed and why.

Read-only for everyone: a notification is a record of what the desk told someone, so its
subject and body are never edited here. The one thing an administrator can do is "send
again" (``notification_resend``), e.g. after the mail server is fixed.

Confidentiality follows the data (``servicedesk.scopes``, 2.1.4.4): the list, the change
page, search, filters and actions see only rows whose scope the administrator may know of,
and a row whose content the administrator may not read (an ethics item, a restricted one)
shows a fixed placeholder instead of its subject and body, and is not found by searching
them. Secret links are sealed in stored bodies (``servicedesk.sealed_links``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from servicedesk import notification_kinds, scopes, sealed_links
from servicedesk.admin.readonly import ReadOnlyAdminMixin
from servicedesk.models import Notification
from servicedesk.personal_data import PersonalDataAdmin
from servicedesk.roles import Action, can
from servicedesk.selectors.notifications import notifications_for_admin
from servicedesk.services.notifications import NotificationNotResendable, notification_resend

if TYPE_CHECKING:
    from servicedesk.types import User


def _staff(request: HttpRequest) -> User:
    """The admin site lets in logged-in staff only: its request's user is never anonymous."""
    return cast("User", request.user)


# Every field is shown and none can be edited.
FIELDS = (
    "recipient",
    "email",
    "channel",
    "kind_label",
    "rule_clause",
    "language",
    "subject",
    "body",
    "link",
    "content_type",
    "object_id",
    "scope_type",
    "scope_id",
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

#: What a notification says; never a URL filter, and searched only where it may be read.
CONTENT_FIELDS = frozenset({"subject", "body"})


def hidden_content() -> str:
    """Stands for the subject and body of a row the administrator may not read; always in
    Latvian, like the records themselves."""
    with translation.override("lv"):
        return gettext("Content hidden: you may not read the item this notification is about.")


class KindFilter(admin.SimpleListFilter):
    """The kinds of the rows the administrator may see, by their labels, not their codes."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        rows = model_admin.get_queryset(request)
        return notification_kinds.choices(
            list(rows.order_by().values_list("kind", flat=True).distinct())
        )

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Notification]
    ) -> QuerySet[Notification]:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Notification)
# Bodies may name clients: reads are logged (PersonalDataAdmin).
class NotificationAdmin(ReadOnlyAdminMixin, PersonalDataAdmin):
    list_display = [
        "created_at",
        "addressee",
        "channel",
        "kind_label",
        "rule_clause",
        "status",
        "attempts",
        "next_attempt_at",
        "short_error",
        "sent_at",
    ]
    list_filter = ["status", "channel", KindFilter, "rule_clause", "language"]
    # The subject is searched separately, only in rows whose content may be read
    # (get_search_results); the body is never searched.
    search_fields = [
        "email",
        "recipient__username",
        "recipient__first_name",
        "recipient__last_name",
        "idempotency_key",
    ]
    date_hierarchy = "created_at"
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    actions = ["send_again"]
    fields = FIELDS
    readonly_fields = FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return notifications_for_admin(_staff(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404  # the same answer as for an id that does not exist at all
        # Shown, never saved (nothing here can be changed): the page, its title and its
        # history show the placeholder instead of what the administrator may not read.
        if scopes.content_readable(request.user, obj):
            obj.body = sealed_links.redact(obj.body)
        else:
            obj.subject = obj.body = hidden_content()
        return obj

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Notification], search_term: str
    ) -> tuple[QuerySet[Notification], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return results, may_have_duplicates
        matching = queryset.filter(subject__icontains=term)
        readable = scopes.readable_q(request.user, candidates=matching)
        return results | matching.filter(readable), may_have_duplicates

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # A URL filter on the text (?body__icontains=…) would tell, row by row, whether a
        # text the administrator may not read contains a word.
        if lookup.split("__")[0] in CONTENT_FIELDS:
            return False
        return bool(super().lookup_allowed(lookup, value, request))

    # Who may look: administrators only (servicedesk.roles); nobody may add, edit or delete
    # (ReadOnlyAdminMixin).
    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE_NOTIFICATIONS)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE_NOTIFICATIONS)

    @admin.display(description=_("recipient"), ordering="recipient__last_name")
    def addressee(self, obj: Notification) -> str:
        if obj.recipient is not None:
            name = obj.recipient.get_full_name() or obj.recipient.get_username()
            return f"{name} <{obj.email}>" if obj.email else name
        return obj.email

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj: Notification) -> str:
        return notification_kinds.label_for(obj.kind)

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return obj.last_error if len(obj.last_error) <= 120 else obj.last_error[:119] + "…"

    @admin.action(description=_("Send again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        queued = skipped = 0
        for notification in queryset:
            try:
                notification_resend(actor=_staff(request), notification=notification)
            except NotificationNotResendable:
                skipped += 1
            else:
                queued += 1
        for count, text, level in (
            (
                queued,
                ngettext(
                    "%(count)d notification queued to be sent again.",
                    "%(count)d notifications queued to be sent again.",
                    queued,
                ),
                messages.SUCCESS,
            ),
            (
                skipped,
                ngettext(
                    "%(count)d notification was not failed or waiting, so it was left as is.",
                    "%(count)d notifications were not failed or waiting, so they were left as is.",
                    skipped,
                ),
                messages.WARNING,
            ),
        ):
            if count:
                self.message_user(request, text % {"count": count}, level)
