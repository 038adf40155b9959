"""Clients (2.1.3, 3.1): create, update, merge."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Callback,
    Client,
    ClientPhone,
    Contact,
    Representative,
    Visit,
)
from cases.phones import normalize_phone

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# --- Clients (1; 2.1.3, 3.1) ------------------------------------------------------------------

# What a client card records besides its phone numbers, in the order the client form shows it.
CLIENT_FIELDS = (
    "kind",
    "name",
    "contract_number",
    "service_address",
    "email",
    "has_e_address",
    "preferred_channel",
    "preferred_language",
    "registration_number",
    "personal_code",
    "personal_code_purpose",
    "is_cooperation_partner",
    "partner_agreement",
    "partner_agreement_date",
)


def _check_client_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields).difference(CLIENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown client fields: {sorted(unknown)}")
    if fields.get("personal_code") and not fields.get("personal_code_purpose"):
        raise ValidationError(
            {"personal_code_purpose": _("A personal code is kept only with a chosen purpose.")}
        )
    if fields.get("is_cooperation_partner") and not (
        fields.get("partner_agreement") and fields.get("partner_agreement_date")
    ):
        raise ValidationError(
            {
                "partner_agreement": _(
                    "4.1.4: a cooperation partner is marked with the agreement's reference "
                    "and date."
                )
            }
        )


def _set_phones(client: Client, phones: Iterable[str]) -> None:
    numbers: list[str] = []
    for raw in phones:
        if raw and raw.strip():
            number = normalize_phone(raw)
            if number not in numbers:
                numbers.append(number)
    # One row at a time, not bulk: the audit trail (2.1.6) records each number's history.
    for stale in client.phones.exclude(number__in=numbers):
        stale.delete()
    existing = set(client.phones.values_list("number", flat=True))
    for n in numbers:
        if n not in existing:
            ClientPhone.objects.create(client=client, number=n)


@transaction.atomic
def client_create(*, actor: User, phones: Iterable[str] = (), **fields: Any) -> Client:
    """Create a client. No protected attributes exist to be stored (2.1.3); the
    personal code only with a purpose (GDPR); the preferred channel is kept for replies (3.1).
    Phone numbers are stored in E.164."""
    _check_client_fields(fields)
    client = Client(created_by=actor, **fields)
    client.full_clean(exclude=["created_by", "merged_into"])
    client.save()
    _set_phones(client, phones)
    return client


@transaction.atomic
def client_update(
    *, actor: User, client: Client, phones: Iterable[str] | None = None, **fields: Any
) -> Client:
    """Change a client's details (2.1.3, 3.1)."""
    _check_client_fields({**{f: getattr(client, f) for f in CLIENT_FIELDS}, **fields})
    for name, value in fields.items():
        setattr(client, name, value)
    client.full_clean(exclude=["created_by", "merged_into"])
    client.save(update_fields=[*fields] or None)
    if phones is not None:
        _set_phones(client, phones)
    return client


@transaction.atomic
def client_merge(*, actor: User, keep: Client, duplicate: Client) -> Client:
    """Merge ``duplicate`` into ``keep`` without losing any contact.

    1. Lock both rows. 2. Move contacts and callbacks. 3. Copy phone numbers not yet known.
    4. Fill ``keep``'s empty fields from the duplicate. 5. Deactivate the duplicate and point
    it at ``keep`` so old links still lead somewhere."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A client cannot be merged with itself."))
    locked = {
        c.pk: c for c in Client.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
    }
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    if not duplicate.is_active:
        raise ValidationError(_("That client has already been merged."))
    moved = list(Contact.objects.filter(client=duplicate).values_list("pk", flat=True))
    Contact.objects.filter(client=duplicate).update(client=keep)
    Callback.objects.filter(client=duplicate).update(client=keep)
    Visit.objects.filter(client=duplicate).update(client=keep)
    Representative.objects.filter(client=duplicate).update(client=keep)
    known = set(keep.phones.values_list("number", flat=True))
    moved_phones = list(duplicate.phones.exclude(number__in=known).values_list("pk", flat=True))
    duplicate.phones.exclude(number__in=known).update(client=keep)
    # Bulk updates bypass save(): record them in the audit trail (2.1.6) explicitly.
    Contact.audit_trail.bulk_history_create(
        Contact.objects.filter(pk__in=moved), update=True, default_user=actor
    )
    ClientPhone.audit_trail.bulk_history_create(
        ClientPhone.objects.filter(pk__in=moved_phones), update=True, default_user=actor
    )
    for phone in duplicate.phones.all():
        phone.delete()
    changed: list[str] = []
    for name in ("contract_number", "service_address", "email", "registration_number"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
            changed.append(name)
    if not keep.personal_code and duplicate.personal_code:
        keep.personal_code = duplicate.personal_code
        keep.personal_code_purpose = duplicate.personal_code_purpose
        changed += ["personal_code", "personal_code_purpose"]
    if duplicate.has_e_address and not keep.has_e_address:
        keep.has_e_address = True
        changed.append("has_e_address")
    if changed:
        keep.save(update_fields=changed)
    duplicate.is_active = False
    duplicate.merged_into = keep
    duplicate.save(update_fields=["is_active", "merged_into"])
    return keep
