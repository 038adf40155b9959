"""Celery tasks of the core app: thin, take ids, call services. Being written."""
