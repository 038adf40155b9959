"""One settings module driven by environment variables, failing closed:
production mode unless ``DJANGO_DEBUG=true``, and production refuses a missing, short or
published secret key.

Each case starts a fresh interpreter, because the settings are read once per process and the
test run itself may have ``DATABASE_URL`` or ``CELERY_BROKER_URL`` set (CI's services run), and
without the developer's ``.env`` (``DJANGO_READ_DOT_ENV_FILE=false``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOYMENT_VARIABLES = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests set it while chromium runs
    "DJANGO_TRUSTED_PROXIES",
    "DJANGO_TRUST_X_FORWARDED_FOR",
)
DEVELOPMENT = {"DJANGO_DEBUG": "true"}
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7-Qm2vLr9sT4pZ8kW1nB6cJ3hF5dG0aE-yU2iO7tR4eW9qS1zX6vC3bN8mK5lJ0",
    "DJANGO_ALLOWED_HOSTS": "desk.example.lv",
    "EMAIL_URL": "smtp+tls://desk:secret@mail.example.lv:587",
}

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "email_backend": settings.MAILERS["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "hsts": getattr(settings, "SECURE_HSTS_SECONDS", 0),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "csp_middleware": "django.middleware.csp.ContentSecurityPolicyMiddleware"
        in settings.MIDDLEWARE,
    "csp_script_src": [str(s) for s in settings.SECURE_CSP["script-src"]],
}))
"""


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in DEPLOYMENT_VARIABLES}
    clean["DJANGO_SETTINGS_MODULE"] = "servicedesk.settings"
    clean["DJANGO_READ_DOT_ENV_FILE"] = "false"
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings(**env: str) -> dict:
    result = _run(["-c", SHOW_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_mode_uses_sqlite_eager_tasks_and_console_mail():
    values = _settings(**DEVELOPMENT)

    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["db_name"].endswith("db.sqlite3")
    assert values["broker"] == ""
    assert values["eager"] is True
    assert values["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert values["debug"] is True


def test_services_mode_reads_postgres_redis_and_smtp_from_the_environment():
    values = _settings(
        **DEVELOPMENT,
        DATABASE_URL="postgres://desk:pw@db.internal:5432/desk",
        CELERY_BROKER_URL="redis://redis.internal:6379/0",
        EMAIL_URL="smtp://mail.internal:25",
    )

    assert values["engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "desk"
    assert values["broker"] == "redis://redis.internal:6379/0"
    assert values["eager"] is False
    assert values["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_refuses_to_start_without_a_secret_key():
    result = _run(["-c", "import django; django.setup()"], DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_without_django_debug_the_desk_is_in_production_mode():
    """Fail closed: a deployment that forgets DJANGO_DEBUG is not a debug server."""
    nothing_set = _run(["-c", "import django; django.setup()"])
    assert nothing_set.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in nothing_set.stderr
    assert "DJANGO_DEBUG=true" in nothing_set.stderr  # it says how to develop

    production = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_DEBUG"}
    values = _settings(**production)
    assert values["debug"] is False
    assert values["hsts"] >= 31536000


@pytest.mark.parametrize("value", ["false", "", "0", "no", "maybe"])
def test_only_a_true_django_debug_turns_development_mode_on(value):
    assert _settings(**{**PRODUCTION, "DJANGO_DEBUG": value})["debug"] is False


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("dev-only-insecure-key-change-me-0123456789", "published key"),
        ("build-only-not-a-secret-build-only-not-a-secret", "published key"),
        ("django-insecure-" + "k" * 60, "published key"),
        ("Zx8-" * 12, "too short"),  # 48 characters
        ("ab" * 30, "too short or too simple"),  # long, but two characters
    ],
    ids=["development key", "old build key", "startproject key", "48 characters", "simple"],
)
def test_production_refuses_a_published_or_weak_secret_key(key, message):
    result = _run(
        ["-c", "import django; django.setup()"], **{**PRODUCTION, "DJANGO_SECRET_KEY": key}
    )

    assert result.returncode != 0
    assert message in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # and how to make a good one


def test_development_mode_uses_the_development_key_only_there():
    source = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = _run(["-c", "import django; django.setup(); " + source], **DEVELOPMENT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "dev-only-insecure-key-change-me-0123456789"


def test_trusted_proxies_come_from_the_environment_and_are_checked():
    show = "from django.conf import settings; print(settings.TRUSTED_PROXIES)"
    result = _run(
        ["-c", "import django; django.setup(); " + show],
        **PRODUCTION,
        DJANGO_TRUSTED_PROXIES="172.28.0.0/16,10.0.0.7",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['172.28.0.0/16', '10.0.0.7']"
    assert "[]" in _run(["-c", "import django; django.setup(); " + show], **PRODUCTION).stdout

    wrong = _run(
        ["-c", "import django; django.setup()"], **PRODUCTION, DJANGO_TRUSTED_PROXIES="proxy"
    )
    assert wrong.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES" in wrong.stderr


def test_the_old_trust_everyone_switch_refuses_to_start():
    result = _run(
        ["-c", "import django; django.setup()"], **PRODUCTION, DJANGO_TRUST_X_FORWARDED_FOR="true"
    )
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES" in result.stderr


def test_production_mode_turns_on_hsts_secure_cookies_and_csp():
    values = _settings(**PRODUCTION)

    assert values["debug"] is False
    assert values["hsts"] >= 31536000
    assert values["session_cookie_secure"] is True
    assert values["csrf_cookie_secure"] is True
    assert values["csp_middleware"] is True
    assert "'unsafe-inline'" not in values["csp_script_src"]


def test_check_deploy_has_no_warnings_in_production_mode():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
