"""Forms of rules governance (clauses 9 and 10). They validate input only; the services in
``servicedesk.services.rules`` check the password and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from servicedesk.rules_parser import MAIN, parse_rules


class AcknowledgeRulesForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "Entering your password is your signature: you confirm that you have read the rules "
            "and will follow them (clause 9)."
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
