"""The registers of data subject requests and of personal data breaches (2.1.6.1) in the
admin: read-only, for whoever handles data requests. They are kept in the desk's own screens
(``/privacy/``), where the services check each step; the admin only lists them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from servicedesk.admin.audit import ReadOnlyAdmin
from servicedesk.models import DataBreach, DataRequest
from servicedesk.personal_data import PersonalDataAdmin
from servicedesk.roles import Action, can


class DataProtectionAdmin(ReadOnlyAdmin):
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.HANDLE_DATA_REQUESTS)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.HANDLE_DATA_REQUESTS)


@admin.register(DataRequest)
class DataRequestAdmin(PersonalDataAdmin, DataProtectionAdmin):  # the requester's name: logged
    list_display = ["number", "received_on", "kind", "requester_name", "due_on", "state"]
    list_filter = ["state", "kind"]
    date_hierarchy = "received_on"


@admin.register(DataBreach)
class DataBreachAdmin(DataProtectionAdmin):
    list_display = ["number", "discovered_at", "authority_notice", "subjects_notice"]
    list_filter = ["authority_notice", "subjects_notice"]
    date_hierarchy = "discovered_at"
