"""The start page's "today" panels: what waits for the person who just logged in.

The organisation app may not import the apps built on it (ARCHITECTURE.md), so each app
registers its own panel here from its ``AppConfig.ready`` and the start page shows those the
user's roles allow. A provider returns ``None`` when the panel is not for this user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from servicedesk.types import User


@dataclass(frozen=True)
class Line:
    """One figure: "3 callbacks past their time" and where to act on them."""

    label: str
    count: int
    href: str
    alert: bool = False  # drawn as a warning while count > 0


@dataclass(frozen=True)
class Panel:
    title: str
    lines: list[Line] = field(default_factory=list)
    order: int = 0

    @property
    def is_clear(self) -> bool:
        return not any(line.count for line in self.lines)


Provider = Callable[["User"], Panel | None]
_providers: dict[str, Provider] = {}


def provide(name: str, provider: Provider) -> None:
    """Register (or replace) the panel called ``name``."""
    _providers[name] = provider


def panels_for(user: User) -> list[Panel]:
    panels = [panel for provider in _providers.values() if (panel := provider(user))]
    return sorted(panels, key=lambda panel: panel.order)
