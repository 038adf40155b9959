"""The choices the complaints models share: kinds, channels, subjects, states and outcomes of
a feedback item (3.5.1, 4.11, 7.1–7.3), and the reply channels of the public form (3.1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import ClientChannel


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    CLAIM = "claim", _("Claim")
    FEEDBACK = "feedback", _("Feedback")


#: How the item reached us (3.1, 3.5.1): the client channels, the trust line and the survey.
Channel = ClientChannel


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


class ReplyChannel(models.TextChoices):
    """How a client who wrote through the public form wants the reply (3.1)."""

    EMAIL = "email", _("E-mail")
    E_ADDRESS = "e_address", _("Official e-address")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone")
