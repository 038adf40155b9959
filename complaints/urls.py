from django.urls import include, path

from complaints.register import explanation_views, views

app_name = "complaints"

urlpatterns = [
    path("", views.register_list, name="register"),
    path("queue/", views.queue, name="queue"),
    path("new/", views.register_new, name="new"),
    path("export.csv", views.export_csv, name="export"),
    path("", include("complaints.reports.urls")),  # registers and dashboard (3.5)
    # 2.1.4.1: the employee's requests for an explanation (never the item itself).
    path("explanations/", explanation_views.explanation_list, name="explanation_list"),
    path(
        "explanations/<int:pk>/",
        explanation_views.explanation_answer,
        name="explanation_answer",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/explanation/", explanation_views.explanation_ask, name="explanation_ask"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
