"""Admin of the cases app: reading, not the daily tool (that is the desk).

Every model here is written only by ``cases.services`` (the history, the notifications, the
merge of duplicates, the deadlines; the knowledge base's versions and review dates), so the
admin shows it read-only. Knowledge-base articles are edited in the desk (``/cases/kb/``) by
the knowledge-base editors.

Every model here but the knowledge base holds clients' personal data: its list and change
pages leave access log rows as the desk's pages do (2.1.6.1, ``PersonalDataAdmin``)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cases import models
from servicedesk import scopes
from servicedesk.admin.readonly import ReadOnlyAdminMixin
from servicedesk.personal_data import PersonalDataAdmin
from servicedesk.roles import Action, can


class ServiceRecordAdmin(ReadOnlyAdminMixin, PersonalDataAdmin):
    """A record with personal data that only the services write: shown, and the reads logged."""


class ClientPhoneInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = models.ClientPhone
    extra = 0


@admin.register(models.Client)
class ClientAdmin(ServiceRecordAdmin):
    list_display = ["name", "kind", "contract_number", "email", "preferred_channel", "is_active"]
    list_filter = ["kind", "preferred_channel", "is_active"]
    search_fields = ["name", "contract_number", "email", "phones__number"]
    inlines = [ClientPhoneInline]
    readonly_fields = ["merged_into", "created_at", "created_by"]


@admin.register(models.Contact)
class ContactAdmin(ServiceRecordAdmin):
    list_display = ["started_at", "channel", "client", "employee", "topic"]
    list_filter = ["channel", "topic"]
    date_hierarchy = "started_at"
    list_select_related = ["client", "employee", "topic"]
    raw_id_fields = ["client"]


@admin.register(models.Callback)
class CallbackAdmin(ServiceRecordAdmin):
    list_display = ["phone_number", "due_at", "owner", "status"]
    list_filter = ["status"]
    raw_id_fields = ["contact", "client", "completion_contact"]


for plain in (models.Referral, models.OrderIssue, models.ConflictLog, models.Consultation):
    admin.site.register(plain, ServiceRecordAdmin)


class ArticleVersionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = models.ArticleVersion
    extra = 0
    fields = ["number", "title", "saved_by", "saved_at"]


@admin.register(models.Article)
class ArticleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: ``cases.services.article_create``/``article_update`` keep the versions."""

    show_full_result_count = False  # one COUNT per list (PersonalDataAdmin says why)
    list_display = ["title", "topic", "visibility", "owner", "review_by", "updated_at"]
    list_filter = ["visibility", "topic"]
    search_fields = ["title", "summary", "body"]
    inlines = [ArticleVersionInline]


@admin.register(models.WrittenSubmission)
class WrittenSubmissionAdmin(ServiceRecordAdmin):
    list_display = ["register_number", "received_on", "reply_due", "status"]
    list_filter = ["status"]
    readonly_fields = ["register_number", "reply_due", "forward_due"]
    raw_id_fields = ["contact"]


@admin.register(models.Dispatch)
class DispatchAdmin(ServiceRecordAdmin):
    """The outgoing register (docs/correspondence.md), read-only: the desk's outgoing
    correspondence screens do the work. No subject or text here (a row derived from a
    feedback item holds its content, 4.1.3), and only the rows whose gate lets the user know
    of them (``servicedesk.scopes``)."""

    list_display = ["number", "dated", "channel", "state", "kind"]
    list_filter = ["channel", "state", "kind"]
    search_fields = ["number"]
    date_hierarchy = "dated"
    ordering = ["-dated", "-seq"]
    exclude = ["subject", "body", "content_type", "object_id"]
    raw_id_fields = ["client", "notification"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.Dispatch]:
        return super().get_queryset(request).filter(scopes.visible_q(request.user))

    # Administrators, as for the outbox and the incoming e-mail (``cases.mail.admin``).
    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE_NOTIFICATIONS)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE_NOTIFICATIONS)


# Incoming e-mail and its failures (docs/mail.md) have their own admin module.
import cases.mail.admin  # noqa: E402, F401
