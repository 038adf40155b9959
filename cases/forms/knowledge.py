"""Forms of the knowledge base (2.1.4.2, 4.1)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cases.forms.fields import (
    DATE_WIDGET,
    UserChoiceField,
)
from cases.models import (
    Article,
)
from servicedesk.models import Topic


class KnowledgeEmailForm(forms.Form):
    email = forms.EmailField(label=_("Client's e-mail address"))
    contact = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ArticleForm(forms.Form):
    """A knowledge-base article as its editor types it (2.1.4.2); ``services.article_create``
    and ``article_update`` check and save it."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}))
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.filter(is_active=True), required=False
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Article.Visibility.choices)
    owner = UserChoiceField(
        label=_("Owner"),
        help_text=_("The employee who answers for the article being correct."),
        queryset=get_user_model()
        .objects.filter(is_active=True, employee__isnull=False)
        .order_by("last_name", "first_name"),
    )
    review_by = forms.DateField(
        label=_("Review by"),
        widget=DATE_WIDGET,
        help_text=_("The owner is reminded when this date has passed."),
    )


# --- Team work: callbacks passed on and tried again, absences, submissions reassigned ------
