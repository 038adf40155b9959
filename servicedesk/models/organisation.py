"""The organisation: institution, units, employees, reception hours, competent institutions,
review authorities. Written only through ``servicedesk.services`` and the Django admin."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Institution(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    official_e_address = models.CharField(_("official e-address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    # GDPR art. 13(1)(b), 37(7): the data protection officer's contact details are published
    # (the public privacy notice shows them) and given to the Data State Inspectorate.
    dpo_name = models.CharField(_("data protection officer"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("data protection officer's e-mail"), blank=True)
    dpo_phone = models.CharField(_("data protection officer's phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.short_name or self.name


class Topic(models.Model):
    """A topic of competence (waste collection, billing, containers…): what a specialist
    knows about, what a competent institution handles, and the service catalogue of contacts."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StructuralUnit(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="units", verbose_name=_("institution")
    )
    name = models.CharField(_("name"), max_length=200)
    head = models.ForeignKey(
        "Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name=_("head of unit"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("structural unit")
        verbose_name_plural = _("structural units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="unit_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Employee(models.Model):
    class Language(models.TextChoices):
        LATVIAN = "lv", _("Latvian")
        ENGLISH = "en", _("English")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("user account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("surname"), max_length=100)
    position = models.CharField(_("position"), max_length=200)
    unit = models.ForeignKey(
        StructuralUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("structural unit"),
    )
    room = models.CharField(_("room"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="employees", verbose_name=_("topics of competence")
    )
    client_facing = models.BooleanField(
        _("serves clients"),
        default=False,
        help_text=_("Shown in the public staff directory (rule 3.3)."),
    )
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    work_id_number = models.CharField(_("work ID number"), max_length=40, blank=True)
    work_id_valid_until = models.DateField(_("work ID valid until"), null=True, blank=True)
    language = models.CharField(
        _("language of notifications"),
        max_length=5,
        choices=Language.choices,
        default=Language.LATVIAN,
    )
    is_head = models.BooleanField(
        _("head of institution"),
        default=False,
        help_text=_(
            "The head of the institution (a board member). A complaint naming this employee "
            "is a complaint about the head and goes to the municipal executive director "
            "(7.2), whichever user account is linked to the record."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # 2.1.4.4 and 2.1.6: who linked or unlinked a user account, when, old and new value. The
    # complaints gate also reads it: a person once linked to this record never sees the
    # complaints about it.
    audit_trail = HistoricalRecords()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_id_number"],
                condition=~Q(work_id_number=""),
                name="employee_work_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ReviewAuthority(models.Model):
    """Who reviews complaints (rules 7.1–7.3), and who is informed of them (8).

    The first three kinds review (``REVIEWING``). The institution's own Ethics Commission
    ("iestādes Ētikas komisija", clause 8) is a different body from the municipality's
    ("pašvaldības Ētikas komisija", 7.3): it reviews nothing, it is informed of every
    complaint decided under 7.1 and 7.2, so it is kept here only for its name, e-mail and
    members, and no item is ever routed to it."""

    class Kind(models.TextChoices):
        HEAD = "head", _("Head of institution")
        EXECUTIVE_DIRECTOR = "executive_director", _("Municipal executive director")
        ETHICS_COMMISSION = "ethics_commission", _("Municipal Ethics Commission")
        INSTITUTION_ETHICS_COMMISSION = (
            "institution_ethics_commission",
            _("Institution's Ethics Commission"),
        )

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="review_authorities",
        verbose_name=_("people"),
    )
    # Law on Submissions: an authority outside the desk (no accounts here, e.g. the
    # municipality's) gets its items as a formal forwarding to its postal address or e-mail.
    works_in_desk = models.BooleanField(
        _("works in the service desk"),
        default=True,
        help_text=_(
            "Its people have accounts here and review items in the desk. Untick for an "
            "authority outside the desk: its items are forwarded to it formally."
        ),
    )
    postal_address = models.CharField(
        _("postal address for formal forwarding"), max_length=300, blank=True
    )

    #: The kinds an item can be routed to (7.1–7.3): every choice of a routing rule, a
    #: register series or a re-routing.
    REVIEWING = (Kind.HEAD, Kind.EXECUTIVE_DIRECTOR, Kind.ETHICS_COMMISSION)

    class Meta:
        verbose_name = _("review authority")
        verbose_name_plural = _("review authorities")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """An authority outside the desk can only be forwarded to with an address."""
        if not self.works_in_desk and not (self.email or self.postal_address.strip()):
            raise ValidationError(
                {
                    "postal_address": _(
                        "An authority outside the desk needs a postal address or an e-mail "
                        "address to forward its items to."
                    )
                }
            )


class CompetentInstitution(models.Model):
    """An outside body competent for questions that are not ours (rule 4.1.1)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="competent_institutions", verbose_name=_("topics")
    )
    competence = models.TextField(_("competence"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("competent institution")
        verbose_name_plural = _("competent institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


_ONE_OWNER = (
    Q(institution__isnull=False, unit__isnull=True, employee__isnull=True)
    | Q(institution__isnull=True, unit__isnull=False, employee__isnull=True)
    | Q(institution__isnull=True, unit__isnull=True, employee__isnull=False)
)


class HoursOwnerMixin(models.Model):
    """Reception hours belong to exactly one of: the institution, a unit, an employee."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("institution")
    )
    unit = models.ForeignKey(
        StructuralUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("structural unit"),
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("employee")
    )

    class Meta:
        abstract = True


class ReceptionHours(HoursOwnerMixin):
    """One period of the weekly pattern (rule 3.2). A day may have several periods."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("reception hours")
        verbose_name_plural = _("reception hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=_ONE_OWNER, name="hours_one_owner"),
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="hours_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ReceptionException(HoursOwnerMixin):
    """A dated exception: closed for a day, or open at other hours (a pre-holiday short day)."""

    date = models.DateField(_("date"))
    is_closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reception hours exception")
        verbose_name_plural = _("reception hours exceptions")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=_ONE_OWNER, name="exception_one_owner"),
            models.CheckConstraint(
                condition=Q(is_closed=True)
                | Q(opens__isnull=False, closes__isnull=False, closes__gt=models.F("opens")),
                name="exception_hours_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y.} {self.reason}"

    def clean(self) -> None:
        """The hours published to clients (3.2, 3.3) must say one thing: closed all day with
        no hours, or open with both hours and closing after opening. Hours typed next to
        "closed all day" would be silently ignored, so they are refused, not dropped."""
        super().clean()
        errors: dict[str, list[Any]] = {}
        if self.is_closed:
            for name in ("opens", "closes"):
                if getattr(self, name) is not None:
                    errors[name] = [
                        _(
                            "A day closed all day has no reception hours: clear the time or "
                            "choose “open at other hours”."
                        )
                    ]
        else:
            for name in ("opens", "closes"):
                if getattr(self, name) is None:
                    errors[name] = [_("Enter the time: on this day reception is open.")]
            if self.opens and self.closes and self.closes <= self.opens:
                errors["closes"] = [_("The closing time must be later than the opening time.")]
        if errors:
            raise ValidationError(errors)
