"""Django admin for the organisation, the outbox and rules governance, one module per topic."""

from . import audit, notifications, organisation, privacy, rules  # noqa: F401
