"""The one read-only admin: for a model whose only writers are its services (STYLE.md), the
admin may show rows but never add, change or delete them, since an admin form would skip what
the service does (the version check, the history row, the notifications, the audit trail).

Used by every app's admin (``from servicedesk.admin.readonly import ReadOnlyAdminMixin``),
on model admins and on inlines alike (hence the optional ``obj`` on every method)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """Put it first among the bases: ``class XAdmin(ReadOnlyAdminMixin, admin.ModelAdmin)``."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
