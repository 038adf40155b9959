"""The public privacy notice and the form's privacy checkbox (2.1.6.1, GDPR art. 13): the
notice names the data protection officer; the checkbox acknowledges the notice, it does not
ask for consent (the processing is a public task and a legal obligation, art. 6(1)(c), (e))."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.rule("2.1.6.1")
def test_the_privacy_notice_shows_the_data_protection_officer():
    InstitutionFactory(
        dpo_name="Elīna Krūmiņa",
        dpo_email="datu.aizsardziba@aadso.lv",
        dpo_phone="+371 65400041",
    )
    html = Client().get("/p/privacy/").content.decode()
    officer = html[html.index('id="dpo"') :]
    officer = officer[: officer.index("</p>")]
    assert "Elīna Krūmiņa" in officer
    assert 'href="mailto:datu.aizsardziba@aadso.lv"' in officer
    assert "+371 65400041" in officer


@pytest.mark.rule("2.1.6.1")
def test_without_an_officer_the_notice_says_how_to_reach_them():
    InstitutionFactory(dpo_name="", dpo_email="", dpo_phone="")
    html = Client().get("/p/privacy/").content.decode()
    officer = html[html.index('id="dpo"') :]
    officer = officer[: officer.index("</p>")]
    with translation.override("lv"):
        fallback = gettext(
            "Write to the company's address above and mark the letter “For the data protection "
            "officer”."
        )
    assert fallback in officer and "mailto:" not in officer


@pytest.mark.rule("2.1.6.1")
def test_the_form_checkbox_acknowledges_the_privacy_notice_and_links_it(review_authorities):
    html = Client().get("/p/").content.decode()
    with translation.override("lv"):
        label = gettext("I have read the privacy notice")
    checkbox = html[html.index('id="div_id_privacy_accepted"') :]
    checkbox = checkbox[: checkbox.index("</fieldset>")]
    assert re.search(rf'<label for="id_privacy_accepted"[^>]*>\s*{re.escape(label)}', checkbox)
    # the help text under it links the notice and says it is not consent
    help_text = checkbox[checkbox.index('id="id_privacy_accepted_helptext"') :]
    assert 'href="/p/privacy/"' in help_text
    assert "6. panta 1. punkta c)" in help_text  # GDPR art. 6(1)(c), in Latvian
    # no consent wording left on the box
    assert "agree" not in checkbox.lower() and "piekrītu" not in checkbox.lower()


@pytest.mark.rule("2.1.6.1")
def test_the_demo_data_names_an_officer_and_the_admin_edits_it(admin, client_for):
    from io import StringIO

    from django.core.management import call_command

    from servicedesk.models import Institution

    call_command("demo_data", stdout=StringIO())
    institution = Institution.objects.get(registration_number="41503033197")
    assert institution.dpo_name and institution.dpo_email and institution.dpo_phone
    admin.refresh_from_db()  # the demo data sets the demo logins' passwords
    page = client_for(admin).get(f"/admin/servicedesk/institution/{institution.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("dpo_name", "dpo_email", "dpo_phone"):
        assert f'name="{field}"' in html
    notice = Client().get("/p/privacy/").content.decode()
    assert institution.dpo_email in notice
