"""Public pages of the client voice, at /p/ (no login): the form, receipt, tracking, the
privacy notice, the e-mailed survey and the kiosk."""

from django.urls import path

from complaints.voice.views import public

app_name = "public_feedback"

urlpatterns = [
    path("", public.submit, name="submit"),
    path("receipt/", public.receipt, name="receipt"),
    path("privacy/", public.privacy, name="privacy"),
    path("track/<str:token>/", public.track, name="track"),
    path("survey/<str:token>/rate/<int:rating>/", public.survey_rate, name="survey_rate"),
    path("survey/<str:token>/comment/", public.survey_comment, name="survey_comment"),
    path("survey/<str:token>/opt-out/", public.survey_opt_out, name="survey_opt_out"),
    path("kiosk/", public.kiosk, name="kiosk"),
    path("kiosk/thanks/<str:token>/", public.kiosk_thanks, name="kiosk_thanks"),
]
