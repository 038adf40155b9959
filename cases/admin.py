"""Admin of the cases app: reading, not the daily tool (that is the desk).

Every model here is written only by ``cases.services`` (the history, the notifications, the
merge of duplicates, the deadlines; the knowledge base's versions and review dates), so the
admin shows it read-only. Knowledge-base articles are edited in the desk (``/cases/kb/``) by
the knowledge-base editors.

Every model here but the knowledge base holds clients' personal data: its list and change
pages leave access log rows as the desk's pages do (2.1.6.1, ``PersonalDataAdmin``)."""

from django.contrib import admin

from cases import models
from servicedesk.admin.readonly import ReadOnlyAdminMixin
from servicedesk.personal_data import PersonalDataAdmin


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


# Incoming e-mail and its failures (docs/mail.md) have their own admin module.
import cases.mail.admin  # noqa: E402, F401
