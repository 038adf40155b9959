"""What a complaint is about (7.1–7.3 route by it): the one check the front desk's form, the
public form, the trust-line form and ``feedback_register`` share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from complaints.models import Kind, SubjectKind

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def complaint_subject_errors(
    *,
    kind: str | None,
    subject_kind: str | None,
    subject_employee: Any,
    subject_description: str | None = "",
    service_message: str | _StrPromise = "",
) -> dict[str, str | _StrPromise]:
    """The first thing missing from a complaint's subject, as {field: message}; empty when
    nothing is, or when the item is not a complaint.

    1. A complaint says what it is about (a known subject kind).
    2. One about an employee names the employee.
    3. One about a service names the service — only where the caller asks for it by giving
       ``service_message`` (the forms do, each in its own words; the trust line and the
       service itself do not)."""
    if kind != Kind.COMPLAINT:
        return {}
    if subject_kind not in SubjectKind.values:
        return {"subject_kind": _("Say what the complaint is about.")}
    if subject_kind == SubjectKind.EMPLOYEE and not subject_employee:
        return {"subject_employee": _("Choose the employee.")}
    if subject_kind == SubjectKind.SERVICE and service_message and not subject_description:
        return {"subject_description": service_message}
    return {}
