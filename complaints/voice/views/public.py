"""Public pages of the client voice (no login; 3.1, 3.4, 3.5.1): the submission form, the
receipt, the tracking page, the privacy notice, the e-mailed survey's pages and the kiosk.

Nothing here reads the register through ``complaints_visible_to``: a client has no account.
The gates are the tracking token (hashed), the signed survey link and the signed kiosk
cookie; each page shows only what the client may know of their own item."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from complaints.conf import attachment_max_bytes
from complaints.models import Channel, State, SurveyResponse
from complaints.register.services.registration import FeedbackInput
from complaints.voice.forms import RATING_LABELS, PublicSubmissionForm, SurveyCommentForm
from complaints.voice.services import submissions, surveys
from servicedesk.form_errors import error_summary, show_errors
from servicedesk.selectors.organisation import current_institution

RECEIPT_SESSION_KEY = "public_feedback_receipt"
KIOSK_COOKIE = "desk_kiosk"
KIOSK_SALT = "complaints.kiosk"
KIOSK_MAX_AGE = 60 * 60 * 14  # a working day: the front desk starts it each morning
KIOSK_RESPONSE_SALT = "complaints.kiosk-response"
KIOSK_RESPONSE_MAX_AGE = 60 * 10
KIOSK_RESET_SECONDS = 8

#: What the client is told about the state (never "decided": the reply is not yet sent).
CLIENT_STATE = {
    State.REGISTERED: gettext_lazy("Received"),
    State.ACKNOWLEDGED: gettext_lazy("Received"),
    State.UNDER_REVIEW: gettext_lazy("Being reviewed"),
    State.DECIDED: gettext_lazy("Being reviewed"),
    State.REOPENED: gettext_lazy("Being reviewed again (appeal)"),
    State.ANSWERED: gettext_lazy("Answered"),
    State.CLOSED: gettext_lazy("Closed"),
}


def _private(response: HttpResponse) -> HttpResponse:
    """Pages with a secret in the URL or the client's data: not cached, not indexed, and the
    URL never leaves for another site in a Referer header ("same-origin"; "no-referrer"
    would make the browser send ``Origin: null`` and fail the CSRF check of our own forms)."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _request_too_large(request: HttpRequest) -> bool:
    limit = submissions.MAX_ATTACHMENTS * attachment_max_bytes() + 1024 * 1024
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return True


@login_not_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The public form (3.1, 4.11): form → ``public_submission_register`` → the receipt.

    On an error the form comes back with everything typed except the files (a browser never
    sends them again; the summary says so). Too many submissions from one address answer
    429 with the typed text to copy; a request larger than the attachments allow, 413."""
    status = 200
    if request.method == "POST":
        if _request_too_large(request):
            return render(request, "complaints/public/too_large.html", status=413)
        if submissions.rate_limit_hit(request):
            return _private(
                render(
                    request,
                    "complaints/public/rate_limited.html",
                    {"text": request.POST.get("text", "")[:20_000]},
                    status=429,
                )
            )
        form = PublicSubmissionForm(request.POST, request.FILES)
        if form.is_robot:
            form.is_valid()
            form.add_error(None, _("The form could not be sent. Please try again."))
        elif form.is_valid():
            d = form.cleaned_data
            data = FeedbackInput.from_cleaned_data(d, channel=Channel.WEB_FORM)
            try:
                receipt = submissions.public_submission_register(
                    data=data,
                    reply_channel=d["reply_channel"],
                    language=translation.get_language() or "lv",
                    no_surveys=d["no_surveys"],
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                request.session[RECEIPT_SESSION_KEY] = receipt.token
                return redirect("public_feedback:receipt")
        status = 400
    else:
        form = PublicSubmissionForm()
    context = {
        "form": form,
        "error_summary": error_summary(form) if form.is_bound else [],
        "files_lost": request.method == "POST" and bool(request.FILES),
    }
    return _private(render(request, "complaints/public/form.html", context, status=status))


@login_not_required
@require_http_methods(["GET"])
def receipt(request: HttpRequest) -> HttpResponse:
    """After sending: the register number, the reply date and the tracking link (shown here
    once; the e-mail repeats it when an address was given)."""
    token = request.session.get(RECEIPT_SESSION_KEY, "")
    submission = submissions.submission_for_token(token)
    if submission is None:
        return redirect("public_feedback:submit")
    return _private(
        render(
            request,
            "complaints/public/receipt.html",
            {
                "submission": submission,
                "item": submission.item,
                "tracking_url": request.build_absolute_uri(submissions.tracking_path(token)),
            },
        )
    )


@login_not_required
@require_http_methods(["GET"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    """The tracking page (no login): state, reply date and the reply once sent. Never the
    internal notes, the history, the decision's reasons or anyone's name."""
    submission = submissions.submission_for_token(token)
    if submission is None:
        raise Http404
    item = submission.item
    answered = item.state in {State.ANSWERED, State.CLOSED}
    restricted = bool(getattr(item, "is_restricted", False))
    return _private(
        render(
            request,
            "complaints/public/track.html",
            {
                "submission": submission,
                "item": item,
                "client_state": CLIENT_STATE.get(State(item.state), ""),
                "reply_text": item.reply_text if answered and not restricted else "",
                "reply_elsewhere": answered and (restricted or not item.reply_text),
            },
        )
    )


@login_not_required
@require_http_methods(["GET"])
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice (GDPR art. 13) the form asks to accept."""
    years = getattr(settings, "RETENTION_YEARS", {}).get("feedback", 5)
    return render(
        request,
        "complaints/public/privacy.html",
        {"institution": current_institution(), "retention_years": years},
    )


# --- The e-mailed satisfaction survey (3.5.1) -------------------------------------------------


def _invitation(token: str) -> Any:
    invitation = surveys.invitation_for_token(token)
    if invitation is None:
        raise Http404
    return invitation


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_rate(request: HttpRequest, token: str, rating: int) -> HttpResponse:
    """The e-mail's link (3.5.1) opens a page showing the chosen rating with a button; the
    button (a POST with the CSRF token) records it, or changes an earlier one, and offers the
    optional comment. A GET records nothing: mail scanners and link previews follow every
    link in a message, and a link that voted would rate for them."""
    invitation = _invitation(token)
    if rating not in surveys.RATINGS:
        raise Http404
    if request.method != "POST":
        return _private(
            render(
                request,
                "complaints/surveys/rate_confirm.html",
                {
                    "token": token,
                    "rating": rating,
                    "rating_label": RATING_LABELS[rating],
                    "current": SurveyResponse.objects.filter(invitation=invitation).first(),
                },
            )
        )
    response = surveys.survey_rate(invitation=invitation, rating=rating)
    return _rated(request, token, response, SurveyCommentForm())


def _rated(
    request: HttpRequest,
    token: str,
    response: SurveyResponse,
    form: SurveyCommentForm,
    status: int = 200,
) -> HttpResponse:
    """The rating recorded, with the optional comment's form (again, with its errors)."""
    context = {
        "token": token,
        "response": response,
        "rating_label": RATING_LABELS[response.rating],
        "form": form,
    }
    if form.is_bound:
        context["error_summary"] = error_summary(form)
    return _private(render(request, "complaints/surveys/rated.html", context, status=status))


@login_not_required
@require_POST
def survey_comment(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    response = SurveyResponse.objects.filter(invitation=invitation).first()
    if response is None:
        raise Http404
    form = SurveyCommentForm(request.POST)
    if _commented(form, response):
        return _private(render(request, "complaints/surveys/thanks.html", {}))
    return _rated(request, token, response, form, status=400)


def _commented(form: SurveyCommentForm, response: SurveyResponse) -> bool:
    """The comment is recorded; or the form shows why not (an empty box: it is not marked
    required, since closing the page without a comment is fine)."""
    if not form.is_valid():
        return False
    try:
        surveys.survey_comment(response=response, comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        show_errors(form, exc)
        return False
    return True


@login_not_required
@require_http_methods(["GET", "POST"])
def survey_opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """No more surveys for this address: a confirmation button (a link alone could be
    followed by a mail scanner)."""
    invitation = _invitation(token)
    done = False
    if request.method == "POST":
        surveys.survey_opt_out(email=invitation.email)
        done = True
    return _private(render(request, "complaints/surveys/opt_out.html", {"done": done}))


# --- The kiosk at the reception desk (3.5.1) ---------------------------------------------------


def kiosk_cookie_value(user_pk: int) -> str:
    return signing.dumps({"u": user_pk}, salt=KIOSK_SALT)


def _kiosk_started(request: HttpRequest) -> bool:
    try:
        signing.loads(request.COOKIES.get(KIOSK_COOKIE, ""), salt=KIOSK_SALT, max_age=KIOSK_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def _kiosk_context(**extra: Any) -> dict[str, Any]:
    return {
        "kiosk_home": reverse("public_feedback:kiosk"),
        "reset_seconds": KIOSK_RESET_SECONDS,
        **extra,
    }


@login_not_required
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest) -> HttpResponse:
    """Five large buttons; a tap records an anonymous rating. Opens only on a tablet where
    a front-desk specialist started the kiosk (a signed cookie, no staff session)."""
    if not _kiosk_started(request):
        return render(request, "complaints/surveys/kiosk_closed.html", status=403)
    if request.method == "POST":
        try:
            rating = int(request.POST.get("rating", ""))
            response = surveys.kiosk_rate(rating=rating)
        except (ValueError, ValidationError):
            return redirect("public_feedback:kiosk")
        token = signing.dumps(response.pk, salt=KIOSK_RESPONSE_SALT)
        return redirect("public_feedback:kiosk_thanks", token=token)
    ratings = [(n, RATING_LABELS[n]) for n in surveys.RATINGS]
    return render(request, "complaints/surveys/kiosk.html", _kiosk_context(ratings=ratings))


@login_not_required
@require_http_methods(["GET", "POST"])
def kiosk_thanks(request: HttpRequest, token: str) -> HttpResponse:
    """Thanks, and an optional comment; the page returns to the buttons by itself after a
    few seconds without a touch (static/js/kiosk.js)."""
    if not _kiosk_started(request):
        return render(request, "complaints/surveys/kiosk_closed.html", status=403)
    try:
        pk = signing.loads(token, salt=KIOSK_RESPONSE_SALT, max_age=KIOSK_RESPONSE_MAX_AGE)
    except signing.BadSignature:
        return redirect("public_feedback:kiosk")
    response = SurveyResponse.objects.filter(pk=pk, via=SurveyResponse.Via.KIOSK).first()
    if response is None:
        return redirect("public_feedback:kiosk")
    form = SurveyCommentForm(request.POST or None)
    if request.method == "POST" and _commented(form, response):
        return render(request, "complaints/surveys/kiosk_done.html", _kiosk_context())
    return render(
        request,
        "complaints/surveys/kiosk_thanks.html",
        _kiosk_context(form=form, token=token, commented=bool(response.comment)),
        status=400 if form.is_bound else 200,
    )
