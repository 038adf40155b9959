"""Public pages of the client voice, at /p/ (no login): the form, receipt, tracking, the
privacy notice, the e-mailed survey and the kiosk."""

from django.urls import path

from . import public_views

app_name = "public_feedback"

urlpatterns = [
    path("", public_views.submit, name="submit"),
    path("receipt/", public_views.receipt, name="receipt"),
    path("privacy/", public_views.privacy, name="privacy"),
    path("track/<str:token>/", public_views.track, name="track"),
    path("survey/<str:token>/rate/<int:rating>/", public_views.survey_rate, name="survey_rate"),
    path("survey/<str:token>/comment/", public_views.survey_comment, name="survey_comment"),
    path("survey/<str:token>/opt-out/", public_views.survey_opt_out, name="survey_opt_out"),
    path("kiosk/", public_views.kiosk, name="kiosk"),
    path("kiosk/thanks/<str:token>/", public_views.kiosk_thanks, name="kiosk_thanks"),
]
