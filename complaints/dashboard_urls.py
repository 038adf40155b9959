"""URLs of the registers and the dashboard; included by ``complaints/urls.py`` (so the names
are ``complaints:dashboard``, ``complaints:register_list``, ``complaints:register_export``)."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("registers/<slug:register>/", dashboard_views.register_list, name="register_list"),
    path(
        "registers/<slug:register>/export.<str:fmt>",
        dashboard_views.register_export,
        name="register_export",
    ),
]
