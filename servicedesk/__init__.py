"""The service desk: project package and the core app (organisation, roles, notifications)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
