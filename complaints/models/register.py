"""The register itself: feedback items, their numbering, routing, history, notes and
attachments (3.5.1, 4.11, 7). Written only through ``complaints.register.services``; read only
through ``complaints.selectors`` (the visibility gate, clause 2.1.4.4). See docs/complaints.md."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from complaints.models.choices import OPEN_STATES, Channel, Kind, Outcome, State, SubjectKind
from complaints.storage import private_storage
from servicedesk.models import Employee, ReviewAuthority
from servicedesk.search import folded_words, stem_words

#: The authorities an item can be routed to (7.1–7.3); the institution's Ethics Commission
#: (8) is informed, never routed to.
REVIEWING_CHOICES = [(kind.value, kind.label) for kind in ReviewAuthority.REVIEWING]
#: The register series: one per reviewing authority, and one of the items about the head
#: (complaints.conf.ABOUT_HEAD_SERIES), numbered apart so that the head, told of every other
#: item (4.11), sees no gap.
SERIES_CHOICES = [*REVIEWING_CHOICES, ("about_head", _("About the head of institution"))]


def _series_field(**more: Any) -> models.CharField[str, str]:
    """The register series: the review authority whose register numbers an item (2.1.4.4);
    empty for the single series used before."""
    return models.CharField(
        _("register series"),
        max_length=30,
        blank=True,
        default="",
        choices=SERIES_CHOICES,
        **more,
    )


def _user_link(verbose_name: Any) -> models.ForeignKey[Any, Any]:
    """Who did something (a routing, a step of the history, an upload): kept empty when the
    account is deleted, and no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class RegisterCounter(models.Model):
    """The last register number given in a year of one series; locked while the next one is
    taken. Each review authority numbers its own series (the authority an item is first
    routed to), so a reviewer's numbers have no gaps that betray items hidden from them
    (2.1.4.4). Rows with an empty series counted the single series used before."""

    year = models.PositiveSmallIntegerField(_("year"))
    series = _series_field()
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [
            models.UniqueConstraint(fields=["year", "series"], name="register_counter_series"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.series}: {self.last_number}"


#: 2.1.4.4, 7.2: the one routing-table row that would deliver every item to its own subject.
NEVER_TO_ITS_SUBJECT = Q(item_kind="complaint", subject_kind="head", authority_kind="head")
_NEVER_TO_ITS_SUBJECT_MESSAGE = _(
    "A complaint about the head cannot be reviewed by the head: it goes to "
    "the municipal executive director (clauses 7.2 and 2.1.4.4)."
)


class RoutingRule(models.Model):
    """One row of the routing table: an item kind (and, for complaints, its subject) → the
    review authority and the rule clause applied. Seeded by a data migration with the
    rules' defaults; administrators may change it."""

    item_kind = models.CharField(_("kind of item"), max_length=20, choices=Kind.choices)
    subject_kind = models.CharField(
        _("subject of complaint"),
        max_length=20,
        choices=SubjectKind.choices,
        blank=True,
        help_text=_("Only for complaints; empty for suggestions, claims and feedback."),
    )
    authority_kind = models.CharField(
        _("review authority"), max_length=30, choices=REVIEWING_CHOICES
    )
    clause = models.CharField(_("rule clause"), max_length=20)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["item_kind", "subject_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["item_kind", "subject_kind"], name="routing_rule_unique"
            ),
            models.CheckConstraint(
                condition=Q(item_kind="complaint") & ~Q(subject_kind="")
                | ~Q(item_kind="complaint") & Q(subject_kind=""),
                name="routing_rule_subject_only_for_complaints",
            ),
            models.CheckConstraint(
                condition=~NEVER_TO_ITS_SUBJECT,
                name="routing_rule_never_to_its_subject",
                violation_error_message=_NEVER_TO_ITS_SUBJECT_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.item_kind}/{self.subject_kind or '-'} → {self.authority_kind} ({self.clause})"
        )

    def clean(self) -> None:
        """Refuse a row that would deliver items to the person they are about (2.1.4.4)."""
        super().clean()
        if (
            self.item_kind == Kind.COMPLAINT
            and self.subject_kind == SubjectKind.HEAD
            and self.authority_kind == ReviewAuthority.Kind.HEAD
        ):
            raise ValidationError({"authority_kind": _NEVER_TO_ITS_SUBJECT_MESSAGE})


def reply_owed() -> Case:
    """0 while the reply is still owed (an open state), 1 after: the work lists' order is this,
    then the reply date, so the overdue items come first and an index
    (``feedback_urgency_order``) reads any page of it."""
    return Case(
        When(state__in=sorted(OPEN_STATES), then=Value(0)),
        default=Value(1),
        output_field=models.IntegerField(),
    )


def feedback_search_columns(number: str, client_name: str, text: str) -> dict[str, str]:
    """The search columns of an item with this number, client's name and text; a service
    that changes them with ``update()`` (anonymisation) writes these too."""
    return {"search_names": folded_words(number, client_name), "search_text": stem_words(text)}


class FeedbackItemQuerySet(models.QuerySet["FeedbackItem"]):
    def bulk_create(  # type: ignore[override]
        self, objs: Iterable[FeedbackItem], *args: Any, **kwargs: Any
    ) -> list[FeedbackItem]:
        """Rows made in bulk (test and demo data) get their search columns too."""
        objs = list(objs)
        for item in objs:
            item.fill_search_columns()
        return list(super().bulk_create(objs, *args, **kwargs))  # type: ignore[arg-type]


class FeedbackItem(models.Model):
    """A complaint, suggestion, claim or feedback (3.5.1, 4.11, 7)."""

    register_number = models.CharField(_("register number"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    series = _series_field(
        help_text=_("The review authority whose register numbered it; re-routing keeps it.")
    )
    # Empty only inside the registering transaction, until the number is taken last
    # (complaints.register.services.registration): never in a committed row.
    sequence = models.PositiveIntegerField(_("number in the year"), null=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    client_name = models.CharField(_("client's name"), max_length=200, blank=True)
    client_email = models.EmailField(_("client's e-mail"), blank=True)
    client_phone = models.CharField(_("client's phone"), max_length=40, blank=True)
    client_address = models.CharField(_("client's postal or e-address"), max_length=300, blank=True)
    # The client card and the contact it came from (docs/complaints.md, "The client's
    # card"): kept empty when the card or contact is gone; no reverse accessor, so that the
    # cases app never reaches an item except through the gate (complaints/timeline.py).
    # Anonymising the item clears both (2.1.6.1); anonymising the card keeps the link to
    # the card, which by then names nobody.
    client = models.ForeignKey(
        "cases.Client",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("client's card"),
    )
    contact = models.ForeignKey(
        "cases.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact it came from"),
    )
    text = models.TextField(_("text"))
    subject_kind = models.CharField(
        _("subject of complaint"), max_length=20, choices=SubjectKind.choices, blank=True
    )
    subject_employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_about",
        verbose_name=_("employee complained about"),
    )
    subject_description = models.CharField(_("service or process"), max_length=300, blank=True)
    # 2.1.4.4: who the item is about, fixed when it is registered, so that changing an
    # employee's user link later reveals nothing: the employee's user, and for a complaint
    # about the head every head and every member of the HEAD authority at that time. The
    # gate also excludes whoever is (or was) linked to the subject employee, and for an item
    # about the head whoever is the head now (complaints.selectors).
    subject_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("people it is about"),
    )
    # An item made from something that followed another item (a low survey answer after a
    # closed complaint) carries that item's scope: its subjects, its reviewer, whether its
    # content is for the Ethics Commission only, its restricted-access flag.
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived_items",
        verbose_name=_("arose from"),
    )
    authority = models.ForeignKey(
        ReviewAuthority,
        on_delete=models.PROTECT,
        related_name="feedback_items",
        verbose_name=_("review authority"),
    )
    routing_clause = models.CharField(_("routing clause"), max_length=20)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REGISTERED
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    decision_text = models.TextField(_("decision and its reasons"), blank=True)
    reply_text = models.TextField(_("reply to the client"), blank=True)
    received_on = models.DateField(_("received on"))
    reply_due = models.DateField(_("reply due"))
    is_extended = models.BooleanField(_("deadline extended"), default=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_feedback",
        verbose_name=_("registered by"),
        help_text=_("Empty when the client submitted it through the public form."),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every change; stale edits are refused.")
    )
    is_restricted = models.BooleanField(
        _("contains restricted-access information"),
        default=False,
        help_text=_(
            "4.1.3: its content is never shown on public pages, in e-mails, on the tracking "
            "page or in exports to anyone but those who registered or review it."
        ),
    )
    # The register's keyword search (servicedesk.search): the number and the client's name
    # folded, and the text stemmed and folded, kept by ``save`` and by the services that
    # change them. Two columns, because the text is content (``readable_content``): a word
    # found only there must not reveal an item whose content the reader may not read.
    search_names = models.TextField(blank=True, default="", editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)
    # 2.1.6: every change, who and when ("history" is the workflow's own HistoryEntry); the
    # search columns are derived and have no history of their own.
    audit_trail = HistoricalRecords(excluded_fields=["search_names", "search_text"])

    objects = FeedbackItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-registered_at"]
        indexes = [
            models.Index(fields=["authority", "state", "reply_due"], name="feedback_queue"),
            models.Index(fields=["received_on"], name="feedback_received"),
            # The registers' orders by number and by reply date (complaints.selectors.LIST_ORDERS).
            models.Index(fields=["year", "sequence", "id"], name="feedback_number_order"),
            models.Index(fields=["reply_due", "id"], name="feedback_reply_due_order"),
            models.Index(fields=["kind", "id"], name="feedback_kind_order"),
            models.Index(fields=["channel", "id"], name="feedback_channel_order"),
            models.Index(fields=["state", "id"], name="feedback_state_order"),
            models.Index(reply_owed(), F("reply_due"), F("id"), name="feedback_urgency_order"),
            # The gate's "about the head" and the content rule's "ethics" (complaints.selectors
            # ``_items_of_kind``): few rows, read once per list from the index alone. Not a
            # partial index: SQLite cannot use one for a condition with a bound parameter.
            models.Index(fields=["subject_kind", "id"], name="feedback_sensitive_kind"),
            # The compliance report's items decided in the period (clause 8).
            models.Index(
                fields=["decided_at"],
                condition=Q(decided_at__isnull=False),
                name="feedback_decided",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "series", "sequence"], name="feedback_year_series_sequence"
            ),
            models.CheckConstraint(
                condition=Q(kind="complaint") & ~Q(subject_kind="")
                | ~Q(kind="complaint") & Q(subject_kind=""),
                name="feedback_subject_only_for_complaints",
            ),
            models.CheckConstraint(
                condition=~Q(subject_kind="employee") | Q(subject_employee__isnull=False),
                name="feedback_employee_subject_named",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="left_unexamined") | ~Q(decision_text=""),
                name="feedback_unexamined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.register_number

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The search columns follow the number, name and text however the row is saved."""
        self.fill_search_columns()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_names", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("complaints:detail", args=[self.pk])

    def fill_search_columns(self) -> None:
        columns = feedback_search_columns(self.register_number, self.client_name, self.text)
        self.search_names = columns["search_names"]
        self.search_text = columns["search_text"]


class Routing(models.Model):
    """One routing decision: which authority reviews the item and under which clause."""

    class Reason(models.TextChoices):
        REGISTRATION = "registration", _("Routing table on registration")
        REROUTE = "reroute", _("Re-routed by a reviewer")
        APPEAL = "appeal", _("Client's appeal")

    item = models.ForeignKey(
        FeedbackItem, on_delete=models.CASCADE, related_name="routings", verbose_name=_("item")
    )
    authority = models.ForeignKey(
        ReviewAuthority, on_delete=models.PROTECT, related_name="+", verbose_name=_("authority")
    )
    clause = models.CharField(_("rule clause"), max_length=20)
    reason = models.CharField(_("why"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    actor = _user_link(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("routing decision")
        verbose_name_plural = _("routing decisions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item} → {self.authority} ({self.clause})"


class HistoryEntry(models.Model):
    """One step of an item's life: a state change, a routing, an extension (who, when,
    from, to, note, clause)."""

    class Event(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        TRANSITION = "transition", _("State changed")
        ROUTED = "routed", _("Routed")
        EXTENDED = "extended", _("Deadline extended")
        ANONYMISED = "anonymised", _("Anonymised")
        RATING_CHANGED = "rating_changed", _("Survey rating changed")
        EXPLANATION_ASKED = "explanation_asked", _("Employee asked for an explanation")
        EXPLANATION_GIVEN = "explanation_given", _("Employee's explanation received")
        # Law on Submissions: sent to a reviewing authority outside the desk (7.2, 7.3).
        FORMALLY_FORWARDED = "formally_forwarded", _("Forwarded to an authority outside the desk")

    item = models.ForeignKey(
        FeedbackItem, on_delete=models.CASCADE, related_name="history", verbose_name=_("item")
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    actor = _user_link(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    from_state = models.CharField(
        _("previous state"), max_length=20, choices=State.choices, blank=True
    )
    to_state = models.CharField(_("new state"), max_length=20, choices=State.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    clause = models.CharField(_("rule clause"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.from_state} → {self.to_state}"


class ReviewNote(models.Model):
    """A reviewer's internal note. Never shown to the front desk or the client."""

    item = models.ForeignKey(
        FeedbackItem, on_delete=models.CASCADE, related_name="notes", verbose_name=_("item")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.text[:40]}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: the file is reachable only through the download view, and a guessed
    # path must not find it even where MEDIA_ROOT happens to be served.
    suffix = PurePath(filename).suffix.lower()
    return f"attachments/{instance.item.year}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    item = models.ForeignKey(
        FeedbackItem,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("item"),
    )
    file = models.FileField(
        _("file"), upload_to=_attachment_path, max_length=200, storage=private_storage
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = _user_link(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
