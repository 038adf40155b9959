"""The audit records in the admin: read-only for everyone (2.1.6). Nothing is added, changed
or deleted here; the access log is append-only (on PostgreSQL a trigger enforces it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from servicedesk.admin.readonly import ReadOnlyAdminMixin
from servicedesk.models import AccessLog, DataSubjectRequest, RetentionRun
from servicedesk.personal_data import PersonalDataAdmin
from servicedesk.roles import Action, can
from servicedesk.selectors.audit import AuditFilters, access_log_for

if TYPE_CHECKING:
    from servicedesk.types import User


def _staff(request: HttpRequest) -> User:
    """The admin site lets in logged-in staff only: its request's user is never anonymous."""
    return cast("User", request.user)


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, and shown to whoever may read the audit records."""

    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.VIEW_AUDIT)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.VIEW_AUDIT)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The change form shows every link of the row (who registered, handled, closed it):
        # read with the row, not a query each, which reads the same user (often the viewer,
        # already read for the request) again.
        rows = super().get_queryset(request)
        links = [f.name for f in self.model._meta.concrete_fields if f.is_relation]
        return rows.select_related(*links) if links else rows


# Reading the trail is itself logged, as the audit screen is (servicedesk.personal_data).
@admin.register(AccessLog)
class AccessLogAdmin(PersonalDataAdmin, ReadOnlyAdmin):
    list_display = ["at", "actor_username", "action", "record_type", "record_label", "ip_address"]
    list_filter = ["action", "record_type"]
    search_fields = ["actor_username", "record_label"]
    date_hierarchy = "at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccessLog]:
        # The subject rule (2.1.4.4) applies here too.
        return access_log_for(_staff(request), AuditFilters())


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(PersonalDataAdmin, ReadOnlyAdmin):
    list_display = ["at", "kind", "subject_label", "handled_by"]
    list_filter = ["kind"]


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "dry_run", "report"]
