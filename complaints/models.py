"""The complaints register: feedback items, their routing, history, notes and attachments.

Written only through ``complaints.register.services``; read only through ``complaints.selectors``
(the visibility gate, clause 2.1.4.4). See docs/complaints.md."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from complaints.storage import private_storage
from servicedesk.models import Employee, ReviewAuthority


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    CLAIM = "claim", _("Claim")
    FEEDBACK = "feedback", _("Feedback")


class Channel(models.TextChoices):
    """How the item reached us (3.1, 3.5.1)."""

    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    E_ADDRESS = "e_address", _("Official e-address")
    WEB_FORM = "web_form", _("Web form")
    TRUST_LINE = "trust_line", _("Trust line")
    SURVEY = "survey", _("Satisfaction survey")


class SubjectKind(models.TextChoices):
    """What a complaint is about; decides who reviews it (7.1–7.3)."""

    SERVICE = "service", _("A service or process")
    EMPLOYEE = "employee", _("A named employee")
    HEAD = "head", _("The head of institution")
    ETHICS = "ethics", _("An ethics violation")


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("complaint state", "Acknowledged")
    UNDER_REVIEW = "under_review", _("Under review")
    DECIDED = "decided", _("Decided")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened on appeal")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    REJECTED = "rejected", _("Rejected")
    LEFT_UNEXAMINED = "left_unexamined", _("Left unexamined")


#: States in which the reply to the client is still owed: the deadline runs.
OPEN_STATES = frozenset(
    {
        State.REGISTERED,
        State.ACKNOWLEDGED,
        State.UNDER_REVIEW,
        State.DECIDED,
        State.REOPENED,
    }
)


class RegisterCounter(models.Model):
    """The last register number given in a year of one series; locked while the next one is
    taken. Each review authority numbers its own series (the authority an item is first
    routed to), so a reviewer's numbers have no gaps that betray items hidden from them
    (2.1.4.4). Rows with an empty series counted the single series used before."""

    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(
        _("register series"),
        max_length=30,
        blank=True,
        default="",
        choices=ReviewAuthority.Kind.choices,
    )
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
        _("review authority"), max_length=30, choices=ReviewAuthority.Kind.choices
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
                violation_error_message=_(
                    "A complaint about the head cannot be reviewed by the head: it goes to "
                    "the municipal executive director (clauses 7.2 and 2.1.4.4)."
                ),
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
            raise ValidationError(
                {
                    "authority_kind": _(
                        "A complaint about the head cannot be reviewed by the head: it goes "
                        "to the municipal executive director (clauses 7.2 and 2.1.4.4)."
                    )
                }
            )


class FeedbackItem(models.Model):
    """A complaint, suggestion, claim or feedback (3.5.1, 4.11, 7)."""

    register_number = models.CharField(_("register number"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(
        _("register series"),
        max_length=30,
        blank=True,
        default="",
        choices=ReviewAuthority.Kind.choices,
        help_text=_("The review authority whose register numbered it; re-routing keeps it."),
    )
    sequence = models.PositiveIntegerField(_("number in the year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    client_name = models.CharField(_("client's name"), max_length=200, blank=True)
    client_email = models.EmailField(_("client's e-mail"), blank=True)
    client_phone = models.CharField(_("client's phone"), max_length=40, blank=True)
    client_address = models.CharField(_("client's postal or e-address"), max_length=300, blank=True)
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
    rules_violation = models.BooleanField(
        _("concerns a breach of the customer service rules"),
        default=False,
        help_text=_(
            "Clause 8: when such a complaint (not an ethics one) is closed, the institution's "
            "Ethics Commission receives a summary and the decision."
        ),
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
    # 2.1.6: every change, who and when ("history" is the workflow's own HistoryEntry).
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-registered_at"]
        indexes = [
            models.Index(fields=["authority", "state", "reply_due"], name="feedback_queue"),
            models.Index(fields=["received_on"], name="feedback_received"),
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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("complaints:detail", args=[self.pk])


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
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
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

    item = models.ForeignKey(
        FeedbackItem, on_delete=models.CASCADE, related_name="history", verbose_name=_("item")
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
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
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


# --- Client voice (3.1, 3.5.1, 3.5.2): the public form, satisfaction surveys, the
# staff survey. Written only by complaints.voice.services (submissions, surveys, invitations);
# see docs/client-voice.md. ------------------------------------------------------------------


class ReplyChannel(models.TextChoices):
    """How a client who wrote through the public form wants the reply (3.1)."""

    EMAIL = "email", _("E-mail")
    E_ADDRESS = "e_address", _("Official e-address")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone")


class PublicSubmission(models.Model):
    """What the public form adds to the feedback item it registered: the client's preferred
    reply channel, whether it is a question, the GDPR acceptance and the tracking token.

    The token is stored only as its SHA-256 (and the nonce it is derived from with
    SECRET_KEY): the database alone does not open a tracking page."""

    item = models.OneToOneField(
        FeedbackItem,
        on_delete=models.CASCADE,
        related_name="public_submission",
        verbose_name=_("item"),
    )
    is_question = models.BooleanField(
        _("a question"),
        default=False,
        help_text=_("The client asked a question; it is registered as feedback."),
    )
    reply_channel = models.CharField(
        _("preferred reply channel"), max_length=20, choices=ReplyChannel.choices, blank=True
    )
    language = models.CharField(_("language of the form"), max_length=5, default="lv")
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted at"))
    tracking_token_hash = models.CharField(
        _("tracking token (SHA-256)"), max_length=64, unique=True
    )
    # With SECRET_KEY, makes the token again when the acknowledgement e-mail is sent
    # (complaints.voice.services.submissions.tracking_token); empty for submissions from before.
    tracking_nonce = models.CharField(
        _("tracking token nonce"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public submission")
        verbose_name_plural = _("public submissions")

    def __str__(self) -> str:
        return str(self.item)


class SurveyOptOut(models.Model):
    """An address that asked for no satisfaction surveys (3.5.1)."""

    email = models.EmailField(_("e-mail"), unique=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey opt-out")
        verbose_name_plural = _("survey opt-outs")

    def __str__(self) -> str:
        return self.email


class SurveyInvitation(models.Model):
    """One satisfaction survey e-mail: after a contact or a closed feedback item, never twice
    for the same one (the unique constraints)."""

    class Source(models.TextChoices):
        CONTACT = "contact", _("A contact")
        FEEDBACK_ITEM = "feedback_item", _("A closed feedback item")

    source = models.CharField(_("after"), max_length=20, choices=Source.choices)
    contact = models.ForeignKey(
        "cases.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    item = models.OneToOneField(
        FeedbackItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_invitation",
        verbose_name=_("feedback item"),
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, default="lv")
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(contact__isnull=False),
                name="survey_once_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.created_at:%Y-%m-%d}"


class SurveyResponse(models.Model):
    """A 1–5 rating with an optional comment, from an e-mailed survey or the kiosk. A low
    rating (1–2) with a comment becomes a feedback item (4.11), linked here."""

    class Via(models.TextChoices):
        EMAIL = "email", _("E-mail survey")
        KIOSK = "kiosk", _("Kiosk at the reception desk")

    via = models.CharField(_("answered through"), max_length=10, choices=Via.choices)
    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("invitation"),
    )
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    feedback_item = models.OneToOneField(
        FeedbackItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_survey",
        verbose_name=_("feedback item created from it"),
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-answered_at", "-pk"]
        indexes = [models.Index(fields=["answered_at"], name="survey_response_answered")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="survey_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 ({self.get_via_display()})"


class StaffSurvey(models.Model):
    """An internal questionnaire for the staff (3.5.2), composed by an administrator."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("composed by"),
    )
    created_at = models.DateTimeField(_("composed at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff survey")
        verbose_name_plural = _("staff surveys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class StaffSurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale 1–5")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        StaffSurvey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("answer"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("staff survey question")
        verbose_name_plural = _("staff survey questions")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="staff_question_position"),
        ]

    def __str__(self) -> str:
        return self.text


class StaffSurveyParticipation(models.Model):
    """Only the marker that a person has answered (so they cannot answer twice). It holds no
    time and no link to the answers: nothing ties a person to what they said."""

    survey = models.ForeignKey(
        StaffSurvey,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("survey"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )

    class Meta:
        verbose_name = _("staff survey participation")
        verbose_name_plural = _("staff survey participations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="staff_survey_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.user_id}"


class StaffSurveyResponse(models.Model):
    """One person's answers, anonymous: a random key (no sequence that could be matched to
    the order of the participation markers), no user, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        StaffSurvey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )

    class Meta:
        verbose_name = _("staff survey response")
        verbose_name_plural = _("staff survey responses")

    def __str__(self) -> str:
        return str(self.id)


class StaffSurveyAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        StaffSurveyResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("response"),
    )
    question = models.ForeignKey(
        StaffSurveyQuestion,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("question"),
    )
    scale = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("staff survey answer")
        verbose_name_plural = _("staff survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="staff_answer_once"),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="staff_answer_scale_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}"
