"""The transport seam (docs/correspondence.md): a transport takes one new dispatch and either
hands it to a carrier (the e-mail outbox) or leaves the work a person must do (print a letter,
hand it over). Which class serves a channel is the ``DISPATCH_TRANSPORTS`` setting (channel →
dotted path), so a real official e-address transport plugs in as one more class there.

A transport never saves: it sets the dispatch's ``state`` (and ``notification``) in memory and
the service that called it (``cases.services.dispatch``) saves the row."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from cases.models import Dispatch

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

#: The transports of a fresh installation. The official e-address has none: a dispatch by it
#: waits as work for a person (``PortalByHand``) until a real transport is configured.
DEFAULT_TRANSPORTS: dict[str, str] = {
    Dispatch.Channel.EMAIL: "cases.dispatch.email.EmailTransport",
    Dispatch.Channel.LETTER: "cases.dispatch.letter.LetterTransport",
    Dispatch.Channel.IN_PERSON: "cases.dispatch.in_person.InPersonTransport",
}


class Transport(ABC):
    """One channel's way out. ``deliver`` is called once, inside the service's transaction,
    on a dispatch that has its number and recipient but no state yet, and is not written yet
    (no ``pk``: the service writes the row once, after ``deliver``). ``outbox`` is what an
    e-mail transport may use instead of the dispatch's own text (the outbox kind, template,
    context and key of an existing message); other transports ignore it."""

    #: What a screen says while the work is still to do, and once it is done.
    todo_label: ClassVar[StrOrPromise]
    done_label: ClassVar[StrOrPromise]

    @abstractmethod
    def deliver(self, dispatch: Dispatch, *, outbox: Mapping[str, Any] | None = None) -> None:
        """Hand ``dispatch`` to a carrier or leave it as work to do (set its ``state``)."""


class PortalByHand(Transport):
    """The official e-address without a transport: a person sends the text through the
    e-address portal and marks the dispatch sent (``dispatch_mark_sent_by_hand``)."""

    todo_label = _("To send through the e-address portal")
    done_label = _("Sent through the e-address portal")

    def deliver(self, dispatch: Dispatch, *, outbox: Mapping[str, Any] | None = None) -> None:
        dispatch.state = Dispatch.State.TO_SEND


def configured() -> dict[str, str]:
    """Channel → dotted path of its transport: the defaults, overridden by the setting."""
    return {**DEFAULT_TRANSPORTS, **getattr(settings, "DISPATCH_TRANSPORTS", {})}


@cache
def _load(path: str) -> Transport:
    transport = import_string(path)()
    if not isinstance(transport, Transport):
        raise TypeError(f"{path} is not a cases.dispatch.base.Transport.")
    return transport


def transport_for(channel: str) -> Transport:
    """The transport of ``channel``; by hand through the portal for one without any."""
    path = configured().get(channel)
    return PortalByHand() if path is None else _load(path)
