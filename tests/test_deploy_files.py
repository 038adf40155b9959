"""docker-compose.yml and the Dockerfile describe a deployment that can start
(docs/deploy.md).

No Docker engine runs in CI, so these tests read the files and check what would break a real
start: a service missing, a command naming a module that does not import, a management command
that does not exist, a variable the settings never read, data without a volume."""

from __future__ import annotations

import fnmatch
import importlib
import ipaddress
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("migrate", "web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict[str, dict[str, Any]]:
    return compose["services"]


def _argv(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else [str(a) for a in command]


def _option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def test_compose_has_the_database_broker_web_worker_and_beat(services):
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_every_long_running_service_has_a_health_check(services):
    for name in ("postgres", "redis", "web", "worker", "beat"):
        test = services[name].get("healthcheck", {}).get("test")
        assert test, f"{name} has no health check"


def test_web_health_check_polls_healthz(services):
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_web_runs_gunicorn_on_the_wsgi_application_that_imports(services):
    argv = _argv(services["web"])
    assert argv[0] == "gunicorn"
    module_name, _, attribute = argv[1].partition(":")
    assert module_name == "servicedesk.wsgi"
    application = getattr(importlib.import_module(module_name), attribute or "application")
    assert callable(application)


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_celery_services_name_the_celery_app(services, service, subcommand):
    argv = _argv(services[service])
    assert argv[0] == "celery"
    app_name = _option(argv, "-A") or _option(argv, "--app")
    assert app_name, f"{service} does not name its Celery app"
    assert isinstance(find_app(app_name), Celery)
    assert subcommand in argv


def test_beat_keeps_its_schedule_where_the_non_root_user_may_write(services):
    schedule = _option(_argv(services["beat"]), "--schedule")
    assert schedule is not None and schedule.startswith("/tmp/")


def test_migrations_run_once_before_web_worker_and_beat(services):
    argv = _argv(services["migrate"])
    assert argv[:3] == ["python", "manage.py", "migrate"]
    assert "migrate" in get_commands()
    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
        assert depends_on["postgres"]["condition"] == "service_healthy"
        assert depends_on["redis"]["condition"] == "service_healthy"


def test_app_services_are_wired_to_postgres_redis_and_a_secret(services):
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
        assert "DJANGO_SECRET_KEY" in environment["DJANGO_SECRET_KEY"]  # from .env
        assert environment["DJANGO_DEBUG"] == "false"


def test_every_variable_compose_sets_is_read_by_the_settings_or_gunicorn(services):
    settings_source = (ROOT / "servicedesk" / "settings.py").read_text(encoding="utf-8")
    read_by_gunicorn = {"WEB_CONCURRENCY"}
    for name in APP_SERVICES:
        for variable in services[name]["environment"]:
            assert f'"{variable}"' in settings_source or variable in read_by_gunicorn, (
                f"{name} sets {variable}, which nothing reads"
            )


def test_database_and_media_live_on_named_volumes(compose, services):
    volumes = set(compose["volumes"])
    postgres_mounts = dict(m.split(":", 1) for m in services["postgres"]["volumes"])
    assert postgres_mounts.get("postgres-data") == "/var/lib/postgresql/data"
    web_mounts = dict(m.split(":", 1) for m in services["web"]["volumes"])
    assert web_mounts.get("media") == services["web"]["environment"]["MEDIA_ROOT"]
    assert {"postgres-data", "media"} <= volumes


def test_dockerfile_builds_a_non_root_gunicorn_image_from_the_lock_file():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")

    assert re.search(r"^FROM python:3\.13-slim\b", dockerfile, re.MULTILINE)
    assert "pip install -r requirements.lock" in dockerfile
    assert (ROOT / "requirements.lock").is_file()
    assert "manage.py collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert '"gunicorn", "servicedesk.wsgi:application"' in dockerfile
    for command in re.findall(r"manage\.py (\w+)", dockerfile):
        assert command in get_commands(), f"Dockerfile runs unknown command {command}"


def _dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _ignored_by_docker(path: str, patterns: list[str]) -> bool:
    """Docker's rule, simplified: the last matching pattern wins ("!" re-includes); a pattern
    that matches a directory excludes everything in it; "**/" matches any depth."""
    parts = path.split("/")
    ignored = False
    for raw in patterns:
        negated = raw.startswith("!")
        pattern = raw.removeprefix("!").strip("/")
        candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(
            fnmatch.fnmatchcase(c, pattern)
            or (pattern.startswith("**/") and fnmatch.fnmatchcase(c, pattern[3:]))
            for c in candidates
        ):
            ignored = not negated
    return ignored


def test_dockerignore_keeps_local_state_and_secrets_out_of_the_image():
    ignored = _dockerignore()
    assert {".git", ".venv", ".env", "db.sqlite3", "media", "private"} <= set(ignored)
    for path in (".env", "deploy/.env", ".env.production", "db.sqlite3", "media/photo.jpg"):
        assert _ignored_by_docker(path, ignored), path
    assert not _ignored_by_docker("servicedesk/settings.py", ignored)
    assert not _ignored_by_docker("requirements.lock", ignored)


def test_dockerignore_covers_the_private_storage_the_settings_name():
    """Complaint attachments (clients' documents) must never be copied into an image."""
    from django.conf import settings

    ignored = _dockerignore()
    for name in ("PRIVATE_MEDIA_ROOT", "MEDIA_ROOT", "STATIC_ROOT"):
        folder = Path(getattr(settings, name)).resolve()
        if not folder.is_relative_to(ROOT):
            continue  # outside the build context: nothing to leave out
        relative = folder.relative_to(ROOT).as_posix()
        assert _ignored_by_docker(f"{relative}/complaints/2026/iesniegums.pdf", ignored), name
    database = Path(str(settings.DATABASES["default"]["NAME"]))
    if database.is_absolute() and database.resolve().is_relative_to(ROOT):
        assert _ignored_by_docker(database.resolve().relative_to(ROOT).as_posix(), ignored)


def test_dockerfile_runs_production_mode_with_no_secret_key_written_in_it():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    from django.conf import settings

    assert re.search(r"^ENV DJANGO_DEBUG=false\b", dockerfile, re.MULTILINE)
    for key in settings.PUBLISHED_SECRET_KEYS:
        assert key not in dockerfile
    # The build-time key is made at build time and never written down.
    assert re.search(r"DJANGO_SECRET_KEY=\"\$\(python -c", dockerfile)
    assert not re.search(r"DJANGO_SECRET_KEY=[\w-]{8,}", dockerfile)


def test_compose_trusts_only_its_own_network_as_the_proxy(compose, services):
    """The rate limits and the lock-out count clients, not the proxy (servicedesk/http.py)."""
    (subnet,) = [c["subnet"] for c in compose["networks"]["default"]["ipam"]["config"]]
    ipaddress.ip_network(subnet)
    for name in APP_SERVICES:
        value = services[name]["environment"]["DJANGO_TRUSTED_PROXIES"]
        default = re.fullmatch(r"\$\{DJANGO_TRUSTED_PROXIES:-([^}]*)\}", value)
        assert default, value  # .env may name a proxy elsewhere
        assert default.group(1) == subnet


def test_every_make_target_runs_in_development_mode():
    """The settings fail closed, so `make run` and `make test` must say development mode."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    result = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "--eval",
            "show-mode: ; @echo $$DJANGO_DEBUG",
            "show-mode",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0 and "No such file" in result.stderr:
        pytest.skip("make is not installed")
    assert result.stdout.strip() == "true", result.stdout + result.stderr


def test_deploy_guide_explains_scaling_out_with_one_beat():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "--scale web=" in guide
    assert "--scale worker=" in guide
    assert "one beat" in guide.lower()


def test_make_run_points_e_mail_links_at_the_port_it_serves_on() -> None:
    """`make run PORT=8811`: the links in e-mails say 8811, not the default 8000; an explicit
    SITE_URL wins. (Every command of the target prints SITE_URL instead of running.)"""

    def site_url(*args: str, env: dict[str, str] | None = None) -> set[str]:
        result = subprocess.run(
            ["make", "-s", "run", "STAMP=", "PY=printenv SITE_URL #", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={k: v for k, v in os.environ.items() if k != "SITE_URL"} | (env or {}),
            check=True,
        )
        return {line for line in result.stdout.splitlines() if line.startswith("http")}

    assert site_url("PORT=8811") == {"http://127.0.0.1:8811"}
    assert site_url(env={"SITE_URL": "https://desk.example.lv"}) == {"https://desk.example.lv"}
