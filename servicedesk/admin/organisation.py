"""The organisation in the Django admin (rules 2.2, 2.3, 3.2, 3.3, 7.1–7.3): the institution,
units, staff, reception hours with exceptions, competent institutions, review authorities.

Administrators (the ``administrator`` group) get the model permissions from migration
``0004_administrator_permissions``; they are staff but not superusers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicedesk.admin.badges import print_name_badges, print_work_ids
from servicedesk.models import (
    CompetentInstitution,
    Employee,
    Institution,
    ReceptionException,
    ReceptionHours,
    ReviewAuthority,
    StructuralUnit,
    Topic,
)
from servicedesk.personal_data import PersonalDataAdmin

OWNER_FIELDS = ("institution", "unit", "employee")
# A work ID that runs out within this many days is flagged in the list.
WORK_ID_WARNING_DAYS = 30


def _hours_inlines(owner: str) -> list[type[InlineModelAdmin[Any, Any]]]:
    """Reception hours and exceptions (3.2) as inlines on the admin of ``owner``'s model."""
    others = [f for f in OWNER_FIELDS if f != owner]

    class HoursInline(admin.TabularInline):
        model = ReceptionHours
        fk_name = owner
        exclude = others
        extra = 0

    class ExceptionInline(admin.TabularInline):
        model = ReceptionException
        fk_name = owner
        exclude = others
        extra = 0
        ordering = ["-date"]

    return [HoursInline, ExceptionInline]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)
    list_display = ["name", "short_name", "registration_number", "phone", "email"]
    inlines = _hours_inlines("institution")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)
    list_display = ["name", "name_en", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en"]


@admin.register(StructuralUnit)
class StructuralUnitAdmin(admin.ModelAdmin):
    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)
    list_display = ["name", "head", "phone", "email", "staff_count"]
    list_select_related = ["head"]
    search_fields = ["name"]
    autocomplete_fields = ["head"]
    inlines = _hours_inlines("unit")

    def get_queryset(self, request: HttpRequest) -> QuerySet[StructuralUnit]:
        return super().get_queryset(request).annotate(staff_total=Count("employees"))

    @admin.display(description=_("employees"), ordering="staff_total")
    def staff_count(self, unit: Any) -> int:
        return int(unit.staff_total)


class WorkIdFilter(admin.SimpleListFilter):
    title = _("work ID")
    parameter_name = "work_id"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("valid", _("valid")),
            ("expiring", _("expires within 30 days")),
            ("expired", _("expired")),
            ("none", _("none")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        soon = today + dt.timedelta(days=WORK_ID_WARNING_DAYS)
        match self.value():
            case "valid":
                return queryset.exclude(work_id_number="").filter(work_id_valid_until__gte=today)
            case "expiring":
                return queryset.exclude(work_id_number="").filter(
                    work_id_valid_until__range=(today, soon)
                )
            case "expired":
                return queryset.exclude(work_id_number="").filter(work_id_valid_until__lt=today)
            case "none":
                return queryset.filter(work_id_number="")
        return queryset


@admin.register(Employee)
class EmployeeAdmin(PersonalDataAdmin):  # work-ID data: reads are logged (2.1.6.1)
    list_display = [
        "last_name",
        "first_name",
        "position",
        "unit",
        "room",
        "phone",
        "client_facing",
        "work_id_number",
        "work_id_status",
        "is_active",
    ]
    list_display_links = ["last_name", "first_name"]
    list_filter = ["unit", "client_facing", "topics", WorkIdFilter, "is_head", "is_active"]
    list_select_related = ["unit"]
    search_fields = [
        "first_name",
        "last_name",
        "position",
        "email",
        "phone",
        "room",
        "work_id_number",
        "unit__name",
    ]
    filter_horizontal = ["topics"]
    actions = [print_name_badges, print_work_ids]
    fieldsets = [
        # Changes of "user" and "is_head" are in the audit trail (the Employee's history):
        # they decide who a complaint is about (2.1.4.4, 7.2).
        (None, {"fields": ["user", ("first_name", "last_name"), "position", "unit", "is_head"]}),
        (_("Contacts"), {"fields": [("room", "phone"), "email", "language"]}),
        (_("Serving clients"), {"fields": ["client_facing", "topics", "photo"]}),
        (_("Work ID"), {"fields": [("work_id_number", "work_id_valid_until")]}),
        (None, {"fields": ["is_active"]}),
    ]
    inlines = _hours_inlines("employee")

    @admin.display(description=_("work ID status"), ordering="work_id_valid_until")
    def work_id_status(self, employee: Employee) -> str:
        if not employee.work_id_number:
            return "—"
        valid_until = employee.work_id_valid_until
        today = timezone.localdate()
        if valid_until is None:
            return str(_("no expiry date"))
        if valid_until < today:
            return str(_("expired"))
        if valid_until <= today + dt.timedelta(days=WORK_ID_WARNING_DAYS):
            return str(_("expires soon"))
        return str(_("valid"))


@admin.register(CompetentInstitution)
class CompetentInstitutionAdmin(admin.ModelAdmin):
    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)
    list_display = ["name", "phone", "email", "website"]
    list_filter = ["topics"]
    search_fields = ["name", "competence", "topics__name"]
    filter_horizontal = ["topics"]


@admin.register(ReviewAuthority)
class ReviewAuthorityAdmin(admin.ModelAdmin):
    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)
    list_display = ["name", "kind", "email", "works_in_desk", "people"]
    list_filter = ["works_in_desk"]
    filter_horizontal = ["members"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "members"]}),
        # Law on Submissions: where an authority outside the desk gets its items forwarded.
        (_("Outside the desk"), {"fields": ["works_in_desk", "email", "postal_address"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReviewAuthority]:
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description=_("people"))
    def people(self, authority: ReviewAuthority) -> str:
        return ", ".join(
            user.get_full_name() or user.get_username() for user in authority.members.all()
        )
