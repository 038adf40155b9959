"""Is the web tier stateless? Log in on one web process, carry on on another.

Migrates its own PostgreSQL database (``sd_redis`` on 127.0.0.1 by default, ``--database-url``)
and loads the demo data into it (``demo_data``, development mode), starts a private Redis on a
free loopback port as the cache (as ``CACHE_URL`` in docker-compose.yml), then two gunicorn
processes of ``servicedesk.wsgi:application`` on two free loopback ports with the same
settings. With plain HTTP and a cookie carried by hand it:

1. logs in as the front desk (``reception``) on the first process (the login form, its CSRF
   token, the POST);
2. opens the start page and the contact list on the *second* process with that session cookie;
3. logs out there (a POST with the CSRF token the second process rendered);
4. opens the start page on the *first* process with the old cookie: it must send to the login.

and prints each step with its answer. Every step answering as expected means no request
depends on which process served the one before (sessions in PostgreSQL, CSRF tokens signed with
the shared secret key, the cache shared): any number of web processes can sit behind the proxy.

    .venv/bin/python bench/stateless_web.py [--database-url postgres://…/sd_redis]

Results: docs/benchmarks.md ("Stateless web processes").
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integration.processes import (  # noqa: E402
    PYTHON,
    RedisServer,
    _stop_group,
    free_port,
    wait_until,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sd_redis"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(
    port: int, path: str, cookies: dict[str, str], form: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """One request; returns (status, Location, body) and takes the cookies it sets."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        response = OPENER.open(request, timeout=30)
    except urllib.error.HTTPError as error:  # 3xx and 4xx arrive here without redirecting
        response = error
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            if morsel.value:
                cookies[name] = morsel.value
            else:
                cookies.pop(name, None)
    body = response.read().decode(errors="replace")
    return response.status, response.headers.get("Location", ""), body


def prepare(env: dict[str, str]) -> None:
    """Create the database when missing, migrate it, load the demo data."""
    import psycopg2

    parts = urllib.parse.urlsplit(env["DATABASE_URL"])
    name = parts.path.lstrip("/")
    server = psycopg2.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()
    for command in (["migrate", "--noinput"], ["demo_data", "--force"]):
        done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"manage.py {command[0]} failed:\n{done.stderr[-3000:]}")


def start_gunicorn(
    port: int, env: dict[str, str], log: Path, workers: int = 1
) -> subprocess.Popen[bytes]:
    """gunicorn with ``workers`` processes of the desk on a loopback port, once it answers."""
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    process = subprocess.Popen(  # noqa: S603 (our own gunicorn and arguments)
        [
            gunicorn,
            "servicedesk.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def answers() -> bool:
        try:
            return call(port, "/healthz", {})[0] == 200
        except OSError:
            return False

    wait_until(answers, timeout=60, interval=0.3, message=f"gunicorn on {port} did not start")
    return process


def run(ports: tuple[int, int]) -> list[tuple[str, str, bool]]:
    """The steps: (what, the answer, as expected)."""
    a, b = ports
    cookies: dict[str, str] = {}
    steps = []
    status, _, body = call(a, "/login/", cookies)
    token = TOKEN.search(body)
    steps.append((f"GET  :{a}/login/", str(status), status == 200 and token is not None))
    form = {"username": "reception", "password": "demo-parole"}
    form["csrfmiddlewaretoken"] = token.group(1) if token else ""
    status, location, _ = call(a, "/login/", cookies, form)
    steps.append((f"POST :{a}/login/ (reception)", f"{status} → {location}", status == 302))
    session = dict(cookies)
    status, _, body = call(b, "/", cookies)
    named = "Kalniņa" in body
    steps.append((f"GET  :{b}/ (session from :{a})", f"{status}, names the user: {named}", named))
    status, _, body = call(b, "/cases/", cookies)
    steps.append((f"GET  :{b}/cases/", str(status), status == 200))
    token = TOKEN.search(body)
    logout = {"csrfmiddlewaretoken": token.group(1) if token else ""}
    status, location, _ = call(b, "/logout/", cookies, logout)
    steps.append(
        (f"POST :{b}/logout/ (CSRF token from :{b})", f"{status} → {location}", status == 302)
    )
    status, location, _ = call(a, "/", session)
    ended = status == 302 and "/login/" in location
    steps.append((f"GET  :{a}/ (the old session)", f"{status} → {location}", ended))
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    redis = RedisServer()
    redis.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "servicedesk.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": args.database_url,
        "CACHE_URL": f"redis://127.0.0.1:{redis.port}/1",
        "CELERY_BROKER_URL": "",
        "DB_CONN_MAX_AGE": "60",
    }
    processes = []
    try:
        started = time.monotonic()
        prepare(env)
        ports = (free_port(), free_port())
        for port in ports:
            processes.append(start_gunicorn(port, env, Path(f"/tmp/stateless_web_{port}.log")))
        print(
            f"two gunicorn processes on :{ports[0]} and :{ports[1]}, cache on Redis :{redis.port}"
        )
        print(f"(database migrated and demo data loaded in {time.monotonic() - started:.0f} s)")
        steps = run(ports)
    finally:
        for process in processes:
            _stop_group(process)
        redis.stop()
    for what, answer, ok in steps:
        print(f"{'ok ' if ok else 'BAD'}  {what:44} {answer}")
    passed = all(ok for _, _, ok in steps)
    print("stateless: yes" if passed else "stateless: NO")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
