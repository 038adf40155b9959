from django.urls import include, path

from complaints.register import views

app_name = "complaints"

urlpatterns = [
    path("", views.register_list, name="register"),
    path("queue/", views.queue, name="queue"),
    path("new/", views.register_new, name="new"),
    path("export.csv", views.export_csv, name="export"),
    path("", include("complaints.reports.urls")),  # registers and dashboard (3.5)
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
