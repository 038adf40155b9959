"""The client as the subject of a rectification request (GDPR art. 16, 2.1.6.1).

The data protection screen (``servicedesk``) does not know the client model; it asks the
rectifier registered here (from ``CasesConfig.ready``) which fields may be corrected and has
them written by the same service as the client card's edit form (``client_update``), so the
card's change history records the values before and after, who and when. The personal code is
not offered: it is kept only with a purpose and corrected on the client form with it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from cases.models import Client
from cases.phones import display_phone, normalize_phone
from cases.services import client_update
from servicedesk.services.data_requests import RectifiableField, register_rectifier

CLIENT = "cases.client"
TEXT_FIELDS = ("name", "contract_number", "service_address", "email", "registration_number")

if TYPE_CHECKING:
    from servicedesk.types import User


def _client(pk: int) -> Client:
    client = Client.objects.prefetch_related("phones").filter(pk=pk).first()
    if client is None:
        raise Http404
    return client


class ClientRectifier:
    def fields(self, pk: int) -> list[RectifiableField]:
        client = _client(pk)
        rows = [
            RectifiableField(
                name=name,
                label=str(getattr(Client._meta.get_field(name), "verbose_name", name)).capitalize(),
                value=getattr(client, name),
                required=name == "name",
            )
            for name in TEXT_FIELDS
        ]
        rows.append(
            RectifiableField(
                name="phones",
                label=_("Phone numbers (one per line)"),
                value="\n".join(display_phone(p.number) for p in client.phones.all()),
                multiline=True,
            )
        )
        return rows

    def apply(self, *, actor: User, pk: int, values: Mapping[str, str]) -> list[str]:
        client = _client(pk)
        labels = {f.name: f.label for f in self.fields(pk)}
        changed: dict[str, str] = {}
        for name in TEXT_FIELDS:
            if name in values and (values[name] or "").strip() != getattr(client, name):
                changed[name] = (values[name] or "").strip()
        phones: list[str] | None = None
        if "phones" in values:
            wanted: list[str] = []
            errors: list[ValidationError] = []
            for line in (values["phones"] or "").splitlines():
                if line.strip():
                    try:
                        number = normalize_phone(line)
                    except ValidationError as exc:
                        errors.append(exc)
                        continue
                    if number not in wanted:
                        wanted.append(number)
            if errors:
                raise ValidationError({"phones": errors})
            if set(wanted) != set(client.phones.values_list("number", flat=True)):
                phones = wanted
        if not changed and phones is None:
            return []
        client_update(actor=actor, client=client, phones=phones, **changed)
        return [labels[name] for name in changed] + (
            [labels["phones"]] if phones is not None else []
        )


register_rectifier(CLIENT, ClientRectifier())
