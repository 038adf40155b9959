"""The contact screen never loses work: the look-up without a page load (and its no-JavaScript
fallback that posts what was typed back), the error summary, the call's end and duration
(4.2.4 from the measured time), the parts of each channel, the chosen client's phone and
e-mail, the date received, and the paper handed in at a visit."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from cases import services
from cases.models import Callback, Channel, Contact, Outcome, WrittenSubmission

pytestmark = pytest.mark.django_db

SUMMARY = "Jautā par konteinera maiņu Saules ielā"


def lv(msgid: str) -> str:
    """What a Latvian user reads for an English msgid."""
    with translation.override("lv"):
        return gettext(msgid)


def _at(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S")


def _data(**data):
    base = {
        "channel": "phone_in",
        "language": "lv",
        "started_at": _at(timezone.now() - timedelta(minutes=3)),
        "summary": SUMMARY,
    }
    base.update(data)
    return base


def _post(user_client, **data):
    return user_client.post("/cases/new/", _data(**data))


def _part(html: str, channels: str) -> str:
    """The opening tag of the first element shown only for ``channels``."""
    match = re.search(rf'<[^>]*data-channels="{channels}"[^>]*>', html)
    assert match, channels
    return match.group(0)


# --- 1. The look-up never reloads away what was typed ------------------------------------------


def test_search_button_is_the_lookup_and_posts_the_form_only_without_javascript(
    reception, client_for
):
    html = client_for(reception).get("/cases/new/?channel=phone_in").content.decode()
    button = re.search(r'<button[^>]*id="client-search"[^>]*>', html).group(0)
    assert 'form="contact-form"' in button and 'name="lookup"' in button
    assert "data-nojs-form" in button  # the script unhooks it when htmx works in place
    lookup = re.search(r'<input[^>]*id="client-q"[^>]*>', html).group(0)
    assert 'hx-get="/cases/clients/lookup/"' in lookup and 'form="contact-form"' in lookup
    assert 'method="get" action="/cases/new/"' not in html  # no form that reloads the page


def test_search_without_javascript_keeps_what_was_typed(reception, client_for, make_client):
    anna = make_client(name="Anna Bērziņa", phones=["26 123 456"])
    started = _at(timezone.now() - timedelta(minutes=4))
    response = _post(
        client_for(reception), lookup="1", q="26 123 456", started_at=started, summary=SUMMARY
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Contact.objects.exists()
    assert SUMMARY in html and f'value="{started}"' in html
    assert "Anna Bērziņa" in html
    choose = re.search(r'<button[^>]*name="pick"[^>]*>', html).group(0)
    assert f'value="{anna.pk}"' in choose and 'form="contact-form"' in choose
    assert 'id="error-summary"' not in html  # a search is not a refused form


def test_choosing_a_client_without_javascript_keeps_what_was_typed(
    reception, client_for, make_client
):
    anna = make_client(name="Anna Bērziņa", phones=["26 123 456"])
    started = _at(timezone.now() - timedelta(minutes=2))
    response = _post(client_for(reception), pick=str(anna.pk), q="Anna", started_at=started)
    html = response.content.decode()
    assert f'name="client" value="{anna.pk}"' in html
    assert SUMMARY in html and f'value="{started}"' in html
    assert not Contact.objects.exists()


def test_lookup_results_under_htmx_are_not_tied_to_the_form(reception, client_for, make_client):
    make_client(name="Anna Bērziņa", phones=["26 123 456"])
    html = (
        client_for(reception)
        .get("/cases/clients/lookup/", {"q": "Anna"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    choose = re.search(r'<button[^>]*name="pick"[^>]*>', html).group(0)
    assert "hx-get=" in choose and 'form="contact-form"' not in choose


# --- 2. A refused form: the error summary, and the times kept ---------------------------------


def test_a_refused_form_has_an_error_summary_linking_each_field_in_latvian(reception, client_for):
    started = _at(timezone.now() - timedelta(minutes=5))
    response = _post(
        client_for(reception), summary="", started_at=started, callback="on", callback_due=""
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Contact.objects.exists()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    assert 'tabindex="-1"' in html[html.index("<div", html.index("error-summary") - 80) :]
    assert "Lūdzu, izlabojiet turpmāk norādīto" in summary
    for field in ("id_summary", "id_callback_phone", "id_callback_question", "id_callback_due"):
        assert f'href="#{field}"' in summary, field
    assert summary.index("#id_summary") < summary.index("#id_callback_phone")  # page order
    assert f'value="{started}"' in html  # the start time (and so the timer) comes back
    assert "autofocus" not in re.search(r'<input[^>]*id="client-q"[^>]*>', html).group(0)


def test_the_error_summary_links_a_group_of_boxes_to_its_first(reception, client_for):
    html = _post(client_for(reception), outcomes=["nonsense"]).content.decode()
    assert 'href="#id_outcomes_0"' in html


def test_the_timers_end_on_a_refused_save_comes_back_for_the_script(reception, client_for):
    ended = _at(timezone.now())
    html = _post(
        client_for(reception), summary="", ended_at=ended, ended_on_submit="1"
    ).content.decode()
    assert re.search(r'<input[^>]*name="ended_on_submit"[^>]*value="1"', html)
    assert f'value="{ended}"' in html


# --- 3. The end time, the duration and 4.2.4 ----------------------------------------------------


def test_the_end_time_is_saved_and_the_duration_shown(reception, client_for):
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=7, seconds=5)
    user_client = client_for(reception)
    response = _post(
        user_client, started_at=_at(start), ended_at=_at(start + timedelta(minutes=6, seconds=30))
    )
    contact = Contact.objects.get()
    assert contact.ended_at - contact.started_at == timedelta(minutes=6, seconds=30)
    page = user_client.get(response["Location"]).content.decode()
    assert re.search(r'id="contact-duration">06:30', page)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            timedelta(minutes=-5),
            timedelta(minutes=-9),
            "The end time is before the start time: correct one of them.",
        ),
        (timedelta(minutes=-5), timedelta(minutes=30), "The end time is in the future."),
    ],
)
def test_an_end_before_the_start_or_in_the_future_is_refused_keeping_the_form(
    reception, client_for, start, end, message
):
    now = timezone.now()
    response = _post(client_for(reception), started_at=_at(now + start), ended_at=_at(now + end))
    html = response.content.decode()
    assert response.status_code == 200 and not Contact.objects.exists()
    assert "ended_at" in response.context["form"].errors
    assert lv(message) in html and SUMMARY in html and 'href="#id_ended_at"' in html


def test_a_start_in_the_future_is_refused(reception, client_for):
    response = _post(client_for(reception), started_at=_at(timezone.now() + timedelta(hours=1)))
    assert "started_at" in response.context["form"].errors
    assert not Contact.objects.exists()


@pytest.mark.rule("4.2.4")
def test_a_measured_call_over_ten_minutes_needs_the_offer(reception, client_for):
    now = timezone.now()
    times = {"started_at": _at(now - timedelta(minutes=11)), "ended_at": _at(now)}
    response = _post(client_for(reception), **times)
    assert "offer_made" in response.context["form"].errors
    assert not Contact.objects.exists()
    _post(client_for(reception), offer_made="on", client_choice="visit", **times)
    contact = Contact.objects.get()
    assert contact.ground_over_ten_minutes and Outcome.OFFER_MADE in contact.outcome_codes


@pytest.mark.rule("4.2.4")
def test_the_measured_duration_decides_over_the_tick_box(reception, make_contact):
    now = timezone.now()
    short = make_contact(
        started_at=now - timedelta(minutes=4), ended_at=now, ground_over_ten_minutes=True
    )
    assert not short.ground_over_ten_minutes
    untimed = make_contact(  # no end: the box
        ground_over_ten_minutes=True, offer_made=True, client_choice="declined"
    )
    assert untimed.ground_over_ten_minutes


@pytest.mark.rule("4.2.4", "4.3.1")
def test_a_long_call_with_a_callback_arranged_needs_no_offer(reception, make_contact):
    now = timezone.now()
    contact = make_contact(
        started_at=now - timedelta(minutes=15),
        ended_at=now,
        callback=services.CallbackRequest(
            phone_number="26123456",
            question="Rēķins",
            due_at=now + timedelta(hours=4),
            owner=reception,
        ),
    )
    assert not contact.ground_over_ten_minutes and contact.callbacks.count() == 1


@pytest.mark.rule("4.2.4")
def test_an_outgoing_call_is_not_a_client_initiated_long_call(reception, make_contact):
    now = timezone.now()
    contact = make_contact(
        channel=Channel.PHONE_OUT, started_at=now - timedelta(minutes=20), ended_at=now
    )
    assert not contact.ground_over_ten_minutes


# --- 4. The parts of each channel ----------------------------------------------------------------


def test_a_visit_shows_nothing_of_the_phone(reception, client_for):
    html = client_for(reception).get("/cases/new/?channel=visit").content.decode()
    for part in re.findall(r'<[^>]*data-channels="phone_in phone_out"[^>]*>', html):
        assert " hidden" in part, part  # the timer, the phone fieldset, the callback
    assert " hidden" in _part(html, "email_in")
    assert " hidden" in _part(html, "phone_in phone_out email_in")  # abroad / roaming
    assert " hidden" not in _part(html, "e_address email_in letter visit web_form")


def test_a_phone_call_shows_the_timer_and_no_email_part(reception, client_for):
    html = client_for(reception).get("/cases/new/?channel=phone_in").content.decode()
    assert " hidden" not in _part(html, "phone_in phone_out")
    assert 'id="call-timer"' in html
    assert " hidden" in _part(html, "email_in")
    assert " hidden" in _part(html, "e_address email_in letter visit web_form")


def test_an_email_shows_its_part_and_no_timer(reception, client_for):
    html = client_for(reception).get("/cases/new/?channel=email_in").content.decode()
    assert " hidden" not in _part(html, "email_in")
    assert " hidden" in _part(html, "phone_in phone_out")


# --- 5. The chosen client's phone and e-mail ----------------------------------------------------


@pytest.mark.rule("4.3.1")
def test_an_empty_callback_number_and_email_are_the_chosen_clients(
    reception, client_for, make_client
):
    anna = make_client(phones=["26 123 456"], email="anna@example.lv")
    response = _post(
        client_for(reception),
        client=anna.pk,
        caller_role="client",
        caller_identity="personal_code",
        callback="on",
        callback_question="Kad maina konteineru?",
        callback_due=_at(timezone.now() + timedelta(hours=4)),
    )
    assert response.status_code == 302
    callback = Callback.objects.get()
    assert callback.phone_number == "+37126123456"
    assert Contact.objects.get().email_address == "anna@example.lv"


def test_a_typed_number_and_email_are_kept(reception, make_client, make_contact):
    anna = make_client(email="anna@example.lv")
    contact = make_contact(client=anna, email_address="cita@example.lv")
    assert contact.email_address == "cita@example.lv"


def test_the_chosen_client_card_carries_the_phone_and_email_for_the_script(
    reception, client_for, make_client
):
    anna = make_client(phones=["26 123 456"], email="anna@example.lv")
    html = client_for(reception).get(f"/cases/clients/{anna.pk}/pick/").content.decode()
    assert 'data-phone="+37126123456"' in html and 'data-email="anna@example.lv"' in html


# --- 6. The date received -----------------------------------------------------------------------


def test_a_received_date_in_the_future_is_refused(reception, client_for, make_contact):
    letter = make_contact(channel=Channel.LETTER)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(reception).post(
        f"/cases/{letter.pk}/submission/", {"subject": "Par rēķinu", "received_on": tomorrow}
    )
    assert response.status_code == 422
    message = "The date received cannot be in the future: enter today or earlier."
    assert lv(message) in response.content.decode()
    assert not WrittenSubmission.objects.exists()
    with pytest.raises(ValidationError):
        services.submission_register(
            actor=reception, contact=letter, subject="x", received_on=tomorrow
        )


def test_a_received_date_in_the_future_on_the_contact_form_is_refused(reception, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _post(
        client_for(reception), channel="letter", subject="Iesniegums", received_on=tomorrow
    )
    assert "received_on" in response.context["form"].errors
    assert not Contact.objects.exists() and not WrittenSubmission.objects.exists()


# --- 7. The paper handed in at a visit ----------------------------------------------------------


def test_the_outcome_submission_registered_is_refused_without_the_submission(reception, client_for):
    response = _post(client_for(reception), channel="visit", outcomes=["submission_registered"])
    assert "outcomes" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_a_paper_handed_in_at_a_visit_is_registered_from_the_contact_form(reception, client_for):
    response = _post(
        client_for(reception),
        channel="visit",
        outcomes=["answered", "submission_registered"],
        subject="Iesniegums par konteinera maiņu",
    )
    assert response.status_code == 302
    submission = WrittenSubmission.objects.get()
    assert submission.subject == "Iesniegums par konteinera maiņu"
    assert submission.received_on == timezone.localdate()
    assert submission.contact.outcome_codes == ["answered", "submission_registered"]


def test_a_visit_can_register_the_paper_from_its_page(reception, client_for, make_contact):
    visit = make_contact(channel=Channel.VISIT)
    user_client = client_for(reception)
    assert 'id="act-register"' in user_client.get(f"/cases/{visit.pk}/").content.decode()
    user_client.post(f"/cases/{visit.pk}/submission/", {"subject": "Iesniegums"})
    assert WrittenSubmission.objects.get().contact == visit
    assert Outcome.SUBMISSION_REGISTERED in visit.outcome_codes


def test_a_phone_call_registers_no_submission(reception, client_for, make_contact):
    call = make_contact()
    assert (
        'id="act-register"' not in client_for(reception).get(f"/cases/{call.pk}/").content.decode()
    )
    with pytest.raises(ValidationError):
        services.submission_register(actor=reception, contact=call, subject="x")


def test_the_outcome_is_added_only_through_its_step(reception, make_contact):
    with pytest.raises(ValidationError):
        services.contact_add_outcomes(
            actor=reception, contact=make_contact(), outcomes=[Outcome.SUBMISSION_REGISTERED]
        )
