"""Law on Submissions notices in the browser (docs/submissions-law.md): the front desk, in
Latvian, extends a written submission with a reason and the page says what became of the
notice (a letter to print, never "sent"), forwards another to the competent institution,
tells a third where to apply, and finds the letters waiting in the outgoing correspondence."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Channel, ClientChannel, Dispatch
from tests.e2e.test_cases_flow import shot
from tests.e2e.test_public import assert_accessible
from tests.factories import CompetentInstitutionFactory

ADDRESS = "Žagaru iela 7-12, Ādaži, LV-2164"


def _submission(reception, name, subject):
    client = services.client_create(
        actor=reception,
        name=name,
        phones=(),
        preferred_channel=ClientChannel.LETTER,
        service_address=ADDRESS,
    )
    contact = services.contact_log(
        actor=reception,
        channel=Channel.LETTER,
        started_at=timezone.now(),
        summary=subject,
        client=client,
    )
    return services.submission_register(actor=reception, contact=contact, subject=subject)


def _act(page, action):
    page.locator("form", has=page.locator(f"input[name=action][value={action}]")).get_by_role(
        "button"
    ).click()
    page.wait_for_load_state()


def test_reception_extends_forwards_and_refers_submissions(page, reception, login, institution):
    extended = _submission(reception, "Ārija Šņore", "Par koplietošanas konteineriem")
    forwarded = _submission(reception, "Jānis Ozols", "Par meža izciršanu")
    referred = _submission(reception, "Ieva Kalna", "Par ūdens kvalitāti")
    CompetentInstitutionFactory()
    login(reception)

    page.goto(f"/cases/submissions/{extended.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    assert_accessible(page)
    page.locator("#id_extend_reason").fill("Jāsaņem informācija no pašvaldības.")
    _act(page, "extend")
    notice = Dispatch.objects.get(kind=Dispatch.Kind.EXTENSION_NOTICE)
    status = page.locator(".alert-success")
    expect(status).to_contain_text(notice.number)
    assert notice.state == Dispatch.State.TO_PRINT
    expect(page.locator("dd.notice")).to_contain_text(notice.number)
    assert_accessible(page)
    shot(page, "submission_extended")

    page.goto(f"/cases/submissions/{forwarded.pk}/")
    page.locator("#id_forward_institution").select_option(label="Valsts vides dienests")
    _act(page, "forward")
    formal = Dispatch.objects.get(kind=Dispatch.Kind.FORMAL_FORWARDING)
    told = Dispatch.objects.get(kind=Dispatch.Kind.FORWARDING_NOTICE)
    expect(page.locator(".alert-success")).to_contain_text(told.number)
    expect(page.locator(".alert-success")).to_contain_text(formal.number)
    shot(page, "submission_forwarded")

    page.goto(f"/cases/submissions/{referred.pk}/")
    page.locator("#id_refer_where").fill("Veselības inspekcija, Klijānu iela 7, Rīga")
    _act(page, "refer")
    where = Dispatch.objects.get(kind=Dispatch.Kind.WHERE_TO_APPLY)
    expect(page.locator(".alert-success")).to_contain_text(where.number)
    assert_accessible(page)
    shot(page, "submission_referred")

    page.goto("/cases/outgoing/")
    rows = page.locator("#dispatches tbody tr")
    for waiting in (notice, told, where):
        expect(rows.filter(has_text=waiting.number)).to_have_count(1)
    expect(rows.filter(has_text=notice.number)).to_contain_text("Ārija Šņore")
    assert_accessible(page)
    shot(page, "submission_letters_waiting")
    page.get_by_role("link", name=notice.number).click()
    page.wait_for_url(re.compile(rf"/cases/outgoing/{notice.pk}/$"))
    expect(page.locator("main")).to_contain_text("Jāsaņem informācija no pašvaldības.")
