"""The base layout: local assets only, a strict CSP, a skip link, Latvian by
default with an English switch, Latvian dates and 24-hour Riga times, navigation by role."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation


class _Page(HTMLParser):
    """The bits of a page these tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html_lang: str | None = None
        self.assets: list[str] = []  # script src and link href
        self.inline_scripts = 0
        self.style_attributes = 0
        self.links: list[tuple[str, str]] = []  # (href, text) of <a>
        self.first_link: str | None = None
        self.ids: set[str] = set()
        self.labels_for: set[str] = set()
        self.inputs: list[dict[str, str | None]] = []
        self._a: dict[str, str | None] | None = None
        self._a_text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if "style" in a:
            self.style_attributes += 1
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "script":
            if a.get("src"):
                self.assets.append(str(a["src"]))
            else:
                self.inline_scripts += 1
        elif tag == "link" and a.get("href"):
            self.assets.append(str(a["href"]))
        elif tag == "a":
            self._a, self._a_text = a, []
            if self.first_link is None:
                self.first_link = a.get("href")
        elif tag == "label" and a.get("for"):
            self.labels_for.add(str(a["for"]))
        elif tag in ("input", "select", "textarea"):
            self.inputs.append(a)

    def handle_data(self, data: str) -> None:
        if self._a is not None:
            self._a_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._a is not None:
            self.links.append((str(self._a.get("href")), " ".join("".join(self._a_text).split())))
            self._a = None


def _page(client: Client, url: str) -> _Page:
    response = client.get(url)
    assert response.status_code == 200, url
    return _Page(response.content.decode())


@pytest.fixture
def pages(reception, client_for):
    """The login page (anonymous) and the start page (logged in)."""
    return {
        "login": _page(Client(), reverse("login")),
        "home": _page(client_for(reception), reverse("home")),
    }


def test_every_script_and_stylesheet_is_served_by_the_app(pages):
    for page in pages.values():
        assert page.assets
        for url in page.assets:
            assert url.startswith("/static/"), f"{url} is not local"
            assert finders.find(url.removeprefix("/static/")), f"{url} does not exist"


def test_every_page_has_the_desk_s_own_icon(pages):
    for page in pages.values():
        assert any(url.endswith("/favicon.svg") for url in page.assets)


def test_bootstrap_and_htmx_come_from_their_packages(pages):
    assets = pages["home"].assets
    assert any("bootstrap" in url and url.endswith(".css") for url in assets)
    assert any("bootstrap" in url and url.endswith(".js") for url in assets)
    assert any("htmx" in url for url in assets)


def test_pages_have_no_inline_script_or_style(pages):
    for page in pages.values():
        assert page.inline_scripts == 0
        assert page.style_attributes == 0


def test_content_security_policy_forbids_inline_code(db):
    response = Client().get(reverse("login"))

    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == ["'none'"]


def test_skip_link_comes_first_and_targets_the_main_content(pages):
    for page in pages.values():
        assert page.first_link == "#main"
        assert "main" in page.ids


def test_form_fields_have_labels(pages):
    login = pages["login"]
    visible = [i for i in login.inputs if i.get("type") not in ("hidden", "submit")]
    assert visible
    for field in visible:
        assert field.get("id") in login.labels_for, field


def test_latvian_is_the_default_language(db):
    response = Client().get(reverse("login"))

    assert _Page(response.content.decode()).html_lang == "lv"
    assert response["Content-Language"] == "lv"


def test_the_language_switch_turns_the_pages_english_and_back(db):
    client = Client()
    login = reverse("login")

    switched = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert switched.status_code == 302
    assert switched["Location"] == login
    assert _page(client, login).html_lang == "en"
    assert "Staff login" in client.get(login).content.decode()

    client.post(reverse("set_language"), {"language": "lv", "next": login})
    assert _page(client, login).html_lang == "lv"


def test_dates_are_latvian_and_times_24_hour_in_riga():
    moment = dt.datetime(2026, 11, 26, 15, 5, tzinfo=dt.UTC)  # 17:05 in Riga (EET)
    template = Template(
        '{{ d|date }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ m|date:"SHORT_DATETIME_FORMAT" }}'
        "|{{ m|time }}"
    )

    with translation.override("lv"):
        rendered = template.render(Context({"d": moment.date(), "m": moment}))

    assert rendered == "26.11.2026.|26.11.2026.|26.11.2026. 17:05|17:05"


def _nav_hrefs(page: _Page) -> set[str]:
    return {href for href, _ in page.links}


def test_navigation_follows_the_role(reception, admin, client_for):
    as_reception = _page(client_for(reception), reverse("home"))
    as_admin = _page(client_for(admin), reverse("home"))

    assert reverse("admin:index") in _nav_hrefs(as_admin)
    assert reverse("admin:index") not in _nav_hrefs(as_reception)
    assert reverse("directory") in _nav_hrefs(as_reception)


def test_a_user_without_a_role_sees_no_staff_navigation(outsider, client_for):
    hrefs = _nav_hrefs(_page(client_for(outsider), reverse("home")))

    assert reverse("directory") not in hrefs
    assert reverse("admin:index") not in hrefs


def test_anonymous_visitors_see_the_public_navigation(db):
    hrefs = _nav_hrefs(_page(Client(), reverse("login")))

    assert reverse("public_hours") in hrefs
    assert reverse("directory") not in hrefs


def test_django_s_own_strings_are_latvian_too(reception, client_for):
    """Django 6.1's empty choice ("- Select an option -") is missing from its Latvian
    catalogue; ours supplies it (servicedesk/django_strings.py)."""
    html = client_for(reception).get("/cases/").content.decode()

    assert "- Izvēlieties -" in html
    assert "Select an option" not in html


def test_the_brand_and_title_name_the_institution_and_follow_its_edits(institution):
    institution.short_name = "AADSO"
    institution.save()
    page = Client().get(reverse("login")).content.decode()
    assert '<a class="navbar-brand" href="/public/">AADSO<span' in page
    assert "· AADSO</title>" in page

    institution.short_name = "DAO"  # another institution using the desk
    institution.save()
    page = Client().get(reverse("login")).content.decode()
    assert '<a class="navbar-brand" href="/public/">DAO<span' in page
    assert "AADSO" not in page
