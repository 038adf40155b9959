"""The security baseline (2.1.6.1, 2.1.6.2), each shown by a test: CSRF on every form, no
unescaped user input, login lock-out, session expiry, a CSP without inline scripts, upload
checks, ``check --deploy`` clean in production mode, secrets only from the environment."""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services as cases_services
from cases.models import Client as DeskClient
from cases.models import Referral
from complaints.attachments import check_attachment
from complaints.models import FeedbackItem
from servicedesk.access import URLS
from tests.factories import PASSWORD
from tests.security.world import walk
from tests.test_settings import PRODUCTION, _run

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
POST = re.compile(r"""method\s*=\s*["']?post""", re.I)


def _pages(personas, world, dpo):
    """(label, url, html) of every declared URL a persona gets as a 200 HTML page."""
    users = {"anonymous": None, **personas, "dpo": dpo}
    for label, user in users.items():
        browser = Client()
        if user is not None:
            browser.force_login(user)
        for pattern in walk():
            access = URLS.get(pattern.name or "")
            if access is None:
                continue
            kwargs = {n: world["values"][k] for n, k in access.params.items()}
            response = browser.get(reverse(pattern.name, kwargs=kwargs))
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                yield label, response, response.content.decode()


# --- CSRF -----------------------------------------------------------------------------------


def test_every_post_form_on_every_page_carries_the_csrf_token(personas, world, dpo):
    forms_seen = 0
    missing = []
    for label, response, html in _pages(personas, world, dpo):
        for form in FORM.findall(html):
            opening = form[: form.index(">")]
            if POST.search(opening):
                forms_seen += 1
                if "csrfmiddlewaretoken" not in form:
                    missing.append(f"{response.request['PATH_INFO']} as {label}: {opening}")
    assert forms_seen > 50
    assert not missing, "\n".join(missing)


def test_a_post_without_the_token_is_refused(reception, review_authorities, make_client):
    cache.clear()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reception)
    client = make_client()
    posts = {
        "/cases/clients/new/": {"kind": "natural", "name": "Jānis"},
        f"/cases/clients/{client.pk}/edit/": {"kind": "natural", "name": "Jānis"},
        "/complaints/new/": {"kind": "suggestion", "channel": "visit", "text": "x"},
        "/inbox/read-all/": {},
    }
    for url, data in posts.items():
        assert browser.post(url, data).status_code == 403, url
    public = Client(enforce_csrf_checks=True)
    assert public.post("/p/", {"kind": "suggestion", "text": "x"}).status_code == 403
    assert (
        public.post("/login/", {"username": "reception", "password": PASSWORD}).status_code == 403
    )
    assert DeskClient.objects.count() == 1 and not FeedbackItem.objects.exists()


# --- Escaping -------------------------------------------------------------------------------

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")


@pytest.mark.parametrize("payload", range(len(PAYLOADS)))
def test_markup_typed_into_every_text_field_is_shown_escaped_everywhere(
    payload, reception, head, admin, dpo, expert, review_authorities, media_root, client_for
):
    cache.clear()
    raw, escaped = PAYLOADS[payload], ESCAPED[payload]
    desk = client_for(reception)
    # The client form: every text field
    desk.post(
        "/cases/clients/new/",
        {
            "kind": "natural",
            "name": f"Anna {raw}",
            "contract_number": raw[:40],
            "service_address": raw,
            "preferred_channel": "phone",
            "preferred_language": "lv",
        },
    )
    client = DeskClient.objects.get()
    # The contact (its text fields), through the service the contact form calls
    contact = cases_services.contact_log(
        actor=reception,
        channel="visit",
        client=client,
        summary=raw,
        foreign_language_requested=raw[:40],
        started_at=timezone.now(),
    )
    # The referral form
    desk.post(
        f"/cases/{contact.pk}/referral/",
        {
            "kind": "specialist",
            "specialist": expert.employee.pk,
            "reason": raw,
        },
    )
    referral = Referral.objects.get()
    # The front desk's feedback register form
    desk.post(
        "/complaints/new/",
        {
            "kind": "complaint",
            "channel": "visit",
            "text": raw,
            "client_name": raw,
            "client_phone": "",
            "client_address": raw,
            "subject_kind": "service",
            "subject_description": raw,
            "received_on": timezone.localdate().isoformat(),
        },
    )
    # The public form
    Client().post(
        "/p/",
        {
            "kind": "suggestion",
            "text": raw,
            "client_name": raw,
            "client_email": "a@example.lv",
            "client_address": raw,
            "reply_channel": "email",
            "privacy_accepted": "on",
            "website": "",
        },
    )
    items = list(FeedbackItem.objects.order_by("pk"))
    assert len(items) == 2, "both feedback forms accepted the input"
    # (browser, page, whether the page shows the typed text or only lists the records)
    pages = [
        (desk, f"/cases/clients/{client.pk}/", True),
        (desk, "/cases/clients/?q=Anna", True),
        (desk, f"/cases/clients/{client.pk}/edit/", True),
        (desk, f"/cases/{contact.pk}/", True),
        (desk, "/cases/", False),
        (desk, f"/cases/referrals/{referral.pk}/", True),
        (desk, f"/complaints/{items[0].pk}/", True),
        (desk, "/complaints/", False),
        (client_for(head), f"/complaints/{items[1].pk}/", True),
        (client_for(head), "/complaints/registers/all/", False),
        (client_for(admin), "/audit/", False),
        (client_for(dpo), f"/privacy/clients/{client.pk}/", True),
        (client_for(dpo), "/privacy/?q=Anna", True),
    ]
    for browser, url, shows in pages:
        response = browser.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert raw not in html, url
        if shows:
            assert any(
                e in html
                for e in (
                    escaped,
                    escaped.replace("&quot;", "&#x27;"),
                    escaped.replace("&quot;", "&#34;"),
                )
            ), url


# --- Log-in lock-out and session expiry -----------------------------------------------------


def test_repeated_failed_logins_lock_the_account_out(reception):
    browser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser.post("/login/", {"username": "reception", "password": "wrong"})
    right = browser.post("/login/", {"username": "reception", "password": PASSWORD})
    assert right.status_code != 302
    assert browser.get("/").status_code == 302  # still not logged in


def test_a_session_ends_after_an_hour_without_activity(reception):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60
    browser = Client()
    assert (
        browser.post("/login/", {"username": "reception", "password": PASSWORD}).status_code == 302
    )
    assert browser.get("/").status_code == 200
    session = Session.objects.get()
    # each request moves the expiry on (activity keeps the session alive)…
    remaining = session.expire_date - timezone.now()
    assert timedelta(seconds=settings.SESSION_COOKIE_AGE - 60) < remaining
    # …and after the idle time it is gone.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = browser.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- Content Security Policy ----------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>\s*\S", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_the_csp_forbids_inline_scripts_and_no_page_has_one(personas, world, dpo):
    response = Client().get("/public/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    offending = []
    for label, page, html in _pages(personas, world, dpo):
        body = re.sub(
            r"<script\b[^>]*type=\"application/(ld\+)?json\"[^>]*>.*?</script>",
            "",
            html,
            flags=re.S,
        )
        if INLINE_SCRIPT.search(body) or INLINE_HANDLER.search(body):
            offending.append(f"{page.request['PATH_INFO']} as {label}")
    assert not offending, offending


# --- Uploads --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("programma.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("skripts.js", b"alert(1)"),
        ("lapa.html", b"<html><script>alert(1)</script></html>"),
        ("attels.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("dokuments.pdf.exe", b"MZ\x90\x00"),
        ("dokuments.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # an executable named .pdf
        ("foto.png", b"%PDF-1.4 not a picture"),  # content does not match the extension
        ("teksts.txt", b"MZ\x00\x00binary"),  # a NUL byte: not text
        ("makro.docm", b"PK\x03\x04"),
    ],
)
def test_uploads_refuse_executables_wrong_types_and_mismatched_content(name, content):
    with pytest.raises(ValidationError):
        check_attachment(SimpleUploadedFile(name, content))


def test_uploads_refuse_a_file_over_the_size_limit(settings):
    from tests.complaints.files import pdf_file

    settings.COMPLAINTS_ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError):
        check_attachment(pdf_file(size=1001))
    check_attachment(pdf_file(size=900))


# --- Deployment and secrets -----------------------------------------------------------------


def test_check_deploy_is_clean_in_production_mode():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


SECRET_NAME = re.compile(r"(SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL)", re.I)


def _literal_secrets(path: Path) -> list[str]:
    """Names assigned a string literal, or read from the environment with a literal default,
    that look like secrets."""
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            value = node.value
            if not any(SECRET_NAME.search(n) for n in names) or value is None:
                continue
            literal = value if isinstance(value, ast.Constant) else None
            if isinstance(value, ast.Call):
                defaults = [k.value for k in value.keywords if k.arg == "default"]
                literal = defaults[0] if defaults else None
            if (
                isinstance(literal, ast.Constant)
                and isinstance(literal.value, str)
                and literal.value
            ):
                found.append(f"{names[0]} = {literal.value!r} (line {node.lineno})")
    return found


def test_secrets_come_only_from_the_environment():
    found = _literal_secrets(ROOT / "servicedesk" / "settings.py")
    # The one literal: the development key, which production refuses to start with.
    assert len(found) == 1 and found[0].startswith("DEVELOPMENT_SECRET_KEY = 'dev-only"), found
    assert settings.DEVELOPMENT_SECRET_KEY in settings.PUBLISHED_SECRET_KEYS
    refused = _run(
        ["-c", "import django; django.setup()"],
        **{**PRODUCTION, "DJANGO_SECRET_KEY": settings.DEVELOPMENT_SECRET_KEY},
    )
    assert refused.returncode != 0 and "published key" in refused.stderr
    # and nothing in the code looks like a hard-coded credential
    pattern = re.compile(
        r"(password|secret|api_key|token)\s*=\s*[\"']"
        r"(?=[^\"']*\d)(?=[^\"']*[a-z])[^\"'{}\s]{16,}[\"']",
        re.I,
    )
    for path in [
        *ROOT.glob("servicedesk/**/*.py"),
        *ROOT.glob("cases/**/*.py"),
        *ROOT.glob("complaints/**/*.py"),
    ]:
        if "migrations" in path.parts:
            continue
        hits = pattern.findall(path.read_text())
        assert not hits, f"{path}: {hits}"
