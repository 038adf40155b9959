"""The project's URLs. Each topic's views live in ``servicedesk/views/<topic>.py``; the cases
and complaints apps bring their own ``urls.py``."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from servicedesk.views import (
    audit,
    badges,
    directory,
    health,
    home,
    notifications,
    privacy,
    public,
    rules,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(),
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
    path("badges/print/", badges.print_badges, name="badges_print"),
    path("audit/", audit.audit_search, name="audit"),
    path("privacy/", privacy.privacy_home, name="privacy_home"),
    path("privacy/clients/<int:pk>/", privacy.privacy_client, name="privacy_client"),
    path(
        "privacy/clients/<int:pk>/export.<str:fmt>",
        privacy.privacy_export,
        name="privacy_export",
    ),
    path("privacy/clients/<int:pk>/erase/", privacy.privacy_erase, name="privacy_erase"),
    path("privacy/requests/<int:pk>/", privacy.privacy_request, name="privacy_request"),
    path("cases/", include("cases.urls")),
    path("complaints/", include("complaints.urls")),
    path("p/", include("complaints.public_urls")),  # public form, tracking, surveys (no login)
    path("voice/", include("complaints.voice_urls")),  # kiosk start, trust line, staff survey
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
