"""Forms of the team's follow-up work: callbacks, consultations, written submissions,
absences (4.3, 4.9, 2.1.2.2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cases.forms.fields import (
    DATE_WIDGET,
    DATETIME_FORMATS,
    DATETIME_WIDGET,
    EmployeeByUserField,
    UserChoiceField,
)
from cases.models import (
    WrittenSubmission,
)
from cases.selectors.team import absences_on, contact_persons, desk_users, front_desk_users
from servicedesk.forms.shared_choices import read_once
from servicedesk.models import CompetentInstitution, Employee
from servicedesk.roles import Role


class CallbackCompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("What the client was told"), widget=forms.Textarea(attrs={"rows": 3})
    )


class Substitutes:
    """Who answers for each contact person away today (2.1.2.2): one query, when first asked."""

    def __init__(self) -> None:
        self._by_person: dict[int, Any] | None = None

    def of(self, person: Any) -> Any | None:
        if self._by_person is None:
            today = absences_on().select_related("substitute")
            self._by_person = {a.employee_id: a.substitute for a in today}
        return self._by_person.get(person.pk)


class ContactPersonField(UserChoiceField):
    """Contact persons by name; one away today says so, with who answers instead (2.1.2.2)."""

    substitutes: Substitutes | None = None

    def label_from_instance(self, obj: Any) -> str:
        name = super().label_from_instance(obj)
        if self.substitutes is None:  # read when the choices are first drawn
            self.substitutes = Substitutes()
        substitute = self.substitutes.of(obj)
        if substitute is None:
            return name
        return _("%(name)s — away today; the substitute answers: %(substitute)s") % {
            "name": name,
            "substitute": substitute.get_full_name() or substitute.username,
        }


def contact_persons_read_once(*consultation_forms: forms.Form) -> None:
    """Consultation forms on one page (the contact screen's question for later and live
    question) offer the same contact persons: they share one reading of them and of today's
    absences."""
    fields = [form.fields["contact_person"] for form in consultation_forms]
    read_once(*fields)
    substitutes = Substitutes()
    for field in fields:
        assert isinstance(field, ContactPersonField), field
        field.substitutes = substitutes


class ConsultationForm(forms.Form):
    contact_person = ContactPersonField(
        label=_("Contact person"),
        queryset=get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CONTACT_PERSON)
        .order_by("last_name", "first_name"),
    )
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


class ConsultationLiveForm(ConsultationForm):
    """4.3.2: asked while the client holds the line, and the answer given there and then."""

    answer = forms.CharField(
        label=_("The contact person's answer"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_live_%s")  # on the contact screen next to the 4.8 form
        super().__init__(*args, **kwargs)


class ConsultationPassOnForm(forms.Form):
    """Pass a question on to another contact person, saying why (the trail keeps it)."""

    contact_person = UserChoiceField(
        label=_("Pass on to"), queryset=get_user_model().objects.none()
    )
    # The trail's reason column holds 100 characters (cases.services.consultations).
    reason = forms.CharField(label=_("Why"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = contact_persons()  # type: ignore[attr-defined]


class SubmissionRegisterForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    received_on = forms.DateField(label=_("Received"), widget=DATE_WIDGET, required=False)


class SubmissionExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why more time is needed (more information or other institutions)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SubmissionForwardForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Competent institution"), queryset=CompetentInstitution.objects.all()
    )


class SubmissionReferForm(forms.Form):
    """Law on Submissions: instead of forwarding, tell the submitter where to apply."""

    institution = forms.ModelChoiceField(
        label=_("Competent institution"),
        queryset=CompetentInstitution.objects.all(),
        required=False,
    )
    where = forms.CharField(
        label=_("Where to apply (in words, or in addition to the institution)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class SubmissionReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}))


class DraftForm(forms.Form):
    addressee = forms.CharField(label=_("Addressee"), max_length=300)
    text = forms.CharField(
        label=_("Text of the submission"), widget=forms.Textarea(attrs={"rows": 6})
    )


class CallbackAssignForm(forms.Form):
    """ "Pass it on" (4.3.1): a colleague with the front-desk role."""

    owner = UserChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = front_desk_users()  # type: ignore[attr-defined]


class CallbackNoAnswerForm(forms.Form):
    """ "No answer, try again at …" (4.3.1)."""

    next_try_at = forms.DateTimeField(
        label=_("Try again at"),
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
    )


class AbsenceForm(forms.Form):
    """An absence with a substitute; only those who record others' absences choose whose."""

    employee = UserChoiceField(label=_("Absent employee"), queryset=get_user_model().objects.none())
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("To"), widget=DATE_WIDGET)
    substitute = UserChoiceField(label=_("Substitute"), queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, user: Any, others: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        desk = desk_users()  # the service checks the substitute does the same work
        self.fields["substitute"].queryset = desk  # type: ignore[attr-defined]
        if others:
            self.fields["employee"].queryset = desk  # type: ignore[attr-defined]
            read_once(self.fields["employee"], self.fields["substitute"])
        else:
            self.fields["employee"].queryset = get_user_model().objects.filter(pk=user.pk)  # type: ignore[attr-defined]
            self.fields["employee"].initial = user.pk


class SubmissionReassignForm(forms.Form):
    """Pass a written submission to another responsible employee (2.1.2.2)."""

    owner = UserChoiceField(
        label=_("Responsible employee"), queryset=get_user_model().objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = desk_users()  # type: ignore[attr-defined]


class SubmissionFilterForm(forms.Form):
    """The register's filters: status and the responsible employee."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *WrittenSubmission.Status.choices],
        required=False,
    )
    owner = EmployeeByUserField(
        label=_("Responsible employee"),
        queryset=Employee.objects.filter(user__isnull=False, is_active=True),
        required=False,
        to_field_name="user_id",
    )
    mine = forms.BooleanField(label=_("Mine and those of whom I stand in for"), required=False)
