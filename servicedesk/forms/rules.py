"""Forms of rules governance (clauses 9 and 10). They validate input only; the services in
``servicedesk.services.rules`` check the password and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from servicedesk.rules_parser import MAIN, parse_rules


class AcknowledgeRulesForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "With your password you confirm in the desk that you have read the rules and will "
            "follow them. It is not a signature: clause 9 asks for one on the printed "
            "acknowledgement sheet."
        ),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class RulesVersionForm(forms.Form):
    number = forms.IntegerField(label=_("Version number"), min_value=1)
    title = forms.CharField(label=_("Title"), max_length=300)
    effective_from = forms.DateField(
        label=_("In force from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("From this date every employee must acknowledge the new version."),
    )
    text = forms.CharField(
        label=_("Full text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Paste the text: one clause per line starting with its number (“4.11. …”); Annex 1 "
            "after a line “1.pielikums”, table cells separated by tabs."
        ),
    )
    text_file = forms.FileField(
        label=_("…or upload the text as a UTF-8 .txt file"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("text_file")
        if upload:
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("text_file", _("The file is not UTF-8 text."))
                return cleaned
        text = cleaned.get("text") or ""
        if not text.strip():
            self.add_error("text", _("Enter the text of the rules or upload it as a file."))
        elif not any(clause.part == MAIN for clause in parse_rules(text)):
            self.add_error(
                "text",
                _("No numbered clauses were found in the text (expected lines like “1.1. …”)."),
            )
        return cleaned


class SignedSheetForm(forms.Form):
    """The signed acknowledgement sheet; the service checks its type, size and content."""

    file = forms.FileField(
        label=_("Signed sheet"),
        help_text=_(
            "A scan of the signed paper sheet (PDF, JPEG or PNG) or a signed e-document "
            "(.edoc, .asice, .asics)."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.edoc,.asice,.asics"}
        ),
    )


class _EmployeeChoice(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        # A number beyond the database's integer is no employee; SQLite would raise
        # OverflowError on the look-up instead of the form saying it is not a choice.
        for pk in value or ():
            if str(pk).isdigit() and int(pk) > 2**63 - 1:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)

    def label_from_instance(self, obj: Any) -> str:
        details = ", ".join(
            part for part in (obj.position, obj.unit.name if obj.unit else "") if part
        )
        return f"{obj.full_name} ({details})" if details else obj.full_name


class SignaturesForm(forms.Form):
    """Who signed the sheet and when; ``employees`` offers those who have not signed yet."""

    employees = _EmployeeChoice(
        label=_("Employees who signed"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    signed_on = forms.DateField(
        label=_("Date of signing"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date written next to the signatures."),
    )

    def __init__(self, *args: Any, employees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employees"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = employees
