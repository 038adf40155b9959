"""Forms of the 4.6 path for an e-mail in a foreign language (``cases.services.mail_foreign``):
validation only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms.contacts import MailReplyForm


class MailWrittenForm(forms.Form):
    """Register the e-mail as a written submission (4.6)."""

    subject = forms.CharField(label=_("Subject of the submission"), max_length=300)


class MailForeignReplyForm(MailReplyForm):
    """The reply to an e-mail in a foreign language: a quick answer needs the confirmation."""

    confirm_foreign = forms.BooleanField(
        label=_("Answer it as a quick e-mail consultation anyway (4.6)"), required=False
    )
