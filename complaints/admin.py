"""Admin of the complaints register: the routing table is edited here; feedback items are
shown read-only and only through the visibility gate (2.1.4.4). Items change only through
the services (the review screens)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from complaints import selectors
from complaints.models import FeedbackItem, HistoryEntry, Routing, RoutingRule
from servicedesk.admin.readonly import ReadOnlyAdminMixin
from servicedesk.personal_data import PersonalDataAdmin
from servicedesk.roles import Action, can

# The outcome is part of the decision: hidden with it (docs/complaints.md). Whom an ethics
# complaint names stays with the Ethics Commission too (7.3).
CONTENT_FIELDS = (
    "text",
    "outcome",
    "decision_text",
    "reply_text",
    "extension_reason",
    "subject_employee",
)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)
    list_display = ("item_kind", "subject_kind", "authority_kind", "clause")
    list_editable = ("authority_kind", "clause")
    list_display_links = ("item_kind",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE_ORGANISATION)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE_ORGANISATION)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE_ORGANISATION)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE_ORGANISATION)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE_ORGANISATION)


class HistoryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = HistoryEntry
    fields = ("at", "event", "actor", "from_state", "to_state", "clause")
    readonly_fields = fields
    extra = 0
    can_delete = False


class RoutingInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Routing
    fields = ("at", "authority", "clause", "reason", "actor")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(FeedbackItem)
class FeedbackItemAdmin(ReadOnlyAdminMixin, PersonalDataAdmin):
    list_display = (
        "register_number",
        "kind",
        "channel",
        "subject_kind",
        "authority",
        "state",
        "received_on",
        "reply_due",
    )
    list_filter = ("kind", "state", "channel", "subject_kind")
    search_fields = ("register_number", "client_name")
    inlines = (RoutingInline, HistoryInline)
    list_select_related = ("authority",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[FeedbackItem]:
        # The one gate: an administrator never sees an item about themselves (2.1.4.4).
        return selectors.complaints_visible_to(request.user).select_related("authority")

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404  # the same answer as for an id that does not exist at all
        return obj

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = [f.name for f in FeedbackItem._meta.fields if f.name != "id"]
        if obj is not None and not selectors.reads_content(request.user, obj):
            fields = [f for f in fields if f not in CONTENT_FIELDS]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self.get_fields(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE_ORGANISATION)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE_ORGANISATION)
