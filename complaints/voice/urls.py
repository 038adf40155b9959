"""Staff pages of the client voice, at /voice/: the kiosk start, the trust-line log and the
staff survey."""

from django.urls import path

from complaints.voice.views import staff as surveys

app_name = "voice"

urlpatterns = [
    path("kiosk/start/", surveys.kiosk_start, name="kiosk_start"),
    path("trust-line/", surveys.trust_line, name="trust_line"),
    path(
        "contacts/<int:contact_pk>/survey/",
        surveys.survey_offer_contact,
        name="survey_offer_contact",
    ),
    path("staff-surveys/", surveys.staff_survey_list, name="staff_surveys"),
    path("staff-surveys/new/", surveys.staff_survey_edit, name="staff_survey_new"),
    path("staff-surveys/<int:pk>/edit/", surveys.staff_survey_edit, name="staff_survey_edit"),
    path("staff-surveys/<int:pk>/answer/", surveys.staff_survey_answer, name="staff_survey_answer"),
    path(
        "staff-surveys/<int:pk>/results/", surveys.staff_survey_results, name="staff_survey_results"
    ),
    path(
        "staff-surveys/<int:pk>/<slug:action>/",
        surveys.staff_survey_state,
        name="staff_survey_state",
    ),
]
