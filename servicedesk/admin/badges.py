"""Admin actions on the employee list: print name badges (rules 2.2, 3.3) and work IDs (2.3).

They only send the selection to the print page (``badges_print``), which lays out and renders
the cards; ``EmployeeAdmin`` lists them in its ``actions``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from servicedesk.badges import CardKind, work_id_problems
from servicedesk.models import Employee


def _print_page(kind: CardKind, queryset: QuerySet[Employee]) -> HttpResponseRedirect:
    ids = ",".join(str(pk) for pk in queryset.order_by("pk").values_list("pk", flat=True))
    query = urlencode({"kind": kind.value, "ids": ids})
    return HttpResponseRedirect(f"{reverse('badges_print')}?{query}")


@admin.action(description=_("Print name badges"))
def print_name_badges(
    modeladmin: admin.ModelAdmin[Employee], request: HttpRequest, queryset: QuerySet[Employee]
) -> HttpResponseRedirect:
    """2.2, 3.3: name badges for the selected employees."""
    return _print_page(CardKind.BADGE, queryset)


@admin.action(description=_("Print work IDs"))
def print_work_ids(
    modeladmin: admin.ModelAdmin[Employee], request: HttpRequest, queryset: QuerySet[Employee]
) -> HttpResponseRedirect | None:
    """2.3: work IDs for the selected employees; refused, with every reason, while any selected
    work ID is expired or incomplete (then nothing is printed and the list stays open)."""
    problems = work_id_problems(queryset, today=timezone.localdate())
    if problems:
        modeladmin.message_user(
            request,
            " ".join([gettext("Nothing was printed."), *problems]),
            level=messages.ERROR,
        )
        return None
    return _print_page(CardKind.WORK_ID, queryset)
