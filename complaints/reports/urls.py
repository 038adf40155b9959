"""URLs of the registers, the dashboard and the compliance report; included by
``complaints/urls.py`` (so the names are ``complaints:dashboard``, ``complaints:compliance``,
``complaints:register_list``, ``complaints:register_export``)."""

from django.urls import path

from complaints.register import views
from complaints.reports import views as dashboard_views

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("compliance/", dashboard_views.compliance, name="compliance"),
    path(
        "compliance/export.<str:fmt>", dashboard_views.compliance_export, name="compliance_export"
    ),
    path("registers/<slug:register>/", views.registers_list, name="register_list"),
    path(
        "registers/<slug:register>/export.<str:fmt>",
        views.register_export,
        name="register_export",
    ),
]
