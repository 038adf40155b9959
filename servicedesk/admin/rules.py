"""Rules governance in the admin (clauses 9 and 10): read-only.

A version is added on the desk's own page (``rules_version_add``), which parses the text into
clauses through ``rules_version_create``; an acknowledgement is made only by its user
re-entering their password (``rules_acknowledge``). So nobody can add, edit or delete either
here: a faked or removed acknowledgement would make the register untrue. Signed sheets and
the signatures read from them are kept on the desk's own pages
(``servicedesk.views.rules_signatures``), not here."""

from django.contrib import admin

from servicedesk.admin.readonly import ReadOnlyAdminMixin
from servicedesk.models import RulesAcknowledgement, RulesClause, RulesVersion


class RulesClauseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RulesClause
    fields = ["part", "number", "text", "position"]
    readonly_fields = ["part", "number", "text", "position"]
    extra = 0
    ordering = ["position"]


@admin.register(RulesVersion)
class RulesVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)
    list_display = ["number", "title", "effective_from", "created_at", "created_by"]
    fields = ["number", "title", "effective_from", "text", "created_at", "created_by"]
    readonly_fields = ["number", "title", "effective_from", "text", "created_at", "created_by"]
    inlines = [RulesClauseInline]
    ordering = ["-effective_from", "-number"]


@admin.register(RulesAcknowledgement)
class RulesAcknowledgementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)
    list_display = ["version", "user", "acknowledged_at", "ip_address"]
    list_filter = ["version"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["version", "user"]
    fields = ["version", "user", "acknowledged_at", "ip_address"]
    readonly_fields = ["version", "user", "acknowledged_at", "ip_address"]
    date_hierarchy = "acknowledged_at"
    ordering = ["-acknowledged_at"]
