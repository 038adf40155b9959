"""The project's URLs. Each topic's views live in ``servicedesk/views/<topic>.py``; the cases
and complaints apps bring their own ``urls.py``."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from servicedesk.personal_data import shows_no_personal_data
from servicedesk.views import (
    audit,
    badges,
    breaches,
    directory,
    health,
    home,
    hours,
    notifications,
    password_reset,
    privacy,
    public,
    rules,
    rules_signatures,
    staff,
)

# One data subject request's page and its steps (identity check first, then what it asks for).
privacy_request_patterns = [
    path("", privacy.privacy_request, name="privacy_request"),
    path("subject/", privacy.privacy_request_subject, name="privacy_request_subject"),
    path("identity/", privacy.privacy_request_identity, name="privacy_request_identity"),
    path("extend/", privacy.privacy_request_extend, name="privacy_request_extend"),
    path("export.<str:fmt>", privacy.privacy_export, name="privacy_export"),
    path("erase/", privacy.privacy_erase, name="privacy_erase"),
    path("rectify/", privacy.privacy_rectify, name="privacy_rectify"),
    path("restrict/", privacy.privacy_restrict, name="privacy_restrict"),
    path("lift-restriction/", privacy.privacy_lift_restriction, name="privacy_lift_restriction"),
    path("objection/", privacy.privacy_objection, name="privacy_objection"),
    path("close/", privacy.privacy_request_close, name="privacy_request_close"),
]

# The breach register (GDPR art. 33, 34).
breach_patterns = [
    path("", breaches.breach_list, name="privacy_breaches"),
    path("new/", breaches.breach_new, name="privacy_breach_new"),
    path("<int:pk>/", breaches.breach_detail, name="privacy_breach"),
    path("<int:pk>/edit/", breaches.breach_edit, name="privacy_breach_edit"),
    path("<int:pk>/authority/", breaches.breach_authority, name="privacy_breach_authority"),
    path("<int:pk>/subjects/", breaches.breach_subjects, name="privacy_breach_subjects"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("readyz/outbox", health.readyz_outbox, name="readyz_outbox"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path(
        "logout/",
        shows_no_personal_data("ends the session")(auth_views.LogoutView.as_view()),
        name="logout",
    ),
    # Throttled per address and per e-mail typed (servicedesk/views/password_reset.py).
    path(
        "password-reset/",
        password_reset.ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Public pages, no login (3.2, 3.3)
    path("public/", public.public_home, name="public_home"),
    path("public/hours/", public.public_hours, name="public_hours"),
    path("public/staff/", public.public_staff, name="public_staff"),
    # Staff pages
    path("directory/", directory.directory, name="directory"),
    path("inbox/", notifications.inbox, name="inbox"),
    path("inbox/read-all/", notifications.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:pk>/read/", notifications.inbox_read, name="inbox_read"),
    path("inbox/<int:pk>/open/", notifications.inbox_open, name="inbox_open"),
    path("rules/", rules.rules_acknowledge, name="rules_acknowledge"),
    path("rules/register/", rules.rules_register, name="rules_register"),
    path("rules/versions/new/", rules.rules_version_add, name="rules_version_add"),
    path("rules/<int:number>/", rules.rules_version, name="rules_version"),
    path("rules/<int:number>/sheet/", rules_signatures.rules_sheet_print, name="rules_sheet_print"),
    path(
        "rules/<int:number>/signed-sheets/new/",
        rules_signatures.rules_sheet_upload,
        name="rules_sheet_upload",
    ),
    path(
        "rules/signed-sheets/<int:pk>/",
        rules_signatures.rules_signed_sheet,
        name="rules_signed_sheet",
    ),
    path(
        "rules/signed-sheets/<int:pk>/file/",
        rules_signatures.rules_signed_sheet_file,
        name="rules_signed_sheet_file",
    ),
    path(
        "rules/signatures/<int:pk>/withdraw/",
        rules_signatures.rules_signature_withdraw,
        name="rules_signature_withdraw",
    ),
    path("badges/print/", badges.print_badges, name="badges_print"),
    path("audit/", audit.audit_search, name="audit"),
    # The desk's administration (2.1.6.2, 3.2): staff logins and roles, hours exceptions
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/<int:pk>/login/", staff.staff_login, name="staff_login"),
    path("hours/exceptions/", hours.hours_exceptions, name="hours_exceptions"),
    path("hours/exceptions/<int:pk>/", hours.hours_exception_edit, name="hours_exception_edit"),
    path(
        "hours/exceptions/<int:pk>/delete/",
        hours.hours_exception_delete,
        name="hours_exception_delete",
    ),
    # 2.1.6.1: data subject requests (registered, identity checked, then handled) and breaches
    path("privacy/", privacy.privacy_home, name="privacy_home"),
    path("privacy/clients/<int:pk>/", privacy.privacy_client, name="privacy_client"),
    path("privacy/requests/new/", privacy.privacy_request_new, name="privacy_request_new"),
    path("privacy/requests/<int:pk>/", include(privacy_request_patterns)),
    path("privacy/actions/<int:pk>/", privacy.privacy_action, name="privacy_action"),
    path("privacy/breaches/", include(breach_patterns)),
    path("cases/", include("cases.urls")),
    path("complaints/", include("complaints.urls")),
    path(
        "p/", include("complaints.voice.public_urls")
    ),  # public form, tracking, surveys (no login)
    path("voice/", include("complaints.voice.urls")),  # kiosk start, trust line, staff survey
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
