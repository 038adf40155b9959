from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("new/", views.contact_new, name="contact_new"),
    path("<int:pk>/", views.contact_detail, name="contact_detail"),
    path("<int:pk>/our-error/", views.contact_our_error, name="contact_our_error"),
    path("<int:pk>/warning/", views.contact_warning, name="contact_warning"),
    path("<int:pk>/abusive-email/", views.contact_abusive_refusal, name="contact_abusive_refusal"),
    path("<int:pk>/order-issue/", views.order_issue_create, name="order_issue_create"),
    path("<int:pk>/referral/", views.referral_create, name="referral_create"),
    path("<int:pk>/conflict/", views.conflict_log, name="conflict_log"),
    path("<int:pk>/conflict/step/", views.conflict_step, name="conflict_step"),
    path("<int:pk>/conflict/situation/", views.conflict_situation, name="conflict_situation"),
    path("referrals/options/", views.referral_options, name="referral_options"),
    path("referrals/<int:pk>/", views.referral_slip, name="referral_slip"),
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/lookup/", views.client_lookup, name="client_lookup"),
    path("clients/quick/", views.client_quick_create, name="client_quick_create"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:pk>/pick/", views.client_pick, name="client_pick"),
    path("clients/<int:pk>/merge/", views.client_merge, name="client_merge"),
    path("callbacks/", views.callback_queue, name="callback_queue"),
    path("callbacks/<int:pk>/", views.callback_complete, name="callback_complete"),
    path("<int:pk>/consult/", views.consultation_create, name="consultation_create"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", views.consultation_answer, name="consultation_answer"),
    path("<int:pk>/submission/", views.submission_create, name="submission_create"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("<int:pk>/draft/", views.draft_create, name="draft_create"),
    path("drafts/<int:pk>/", views.draft_print, name="draft_print"),
    path("kb/", views.kb_search, name="kb_search"),
    path("kb/<slug:slug>/", views.kb_article, name="kb_article"),
    path("procedures/", views.public_procedures, name="public_procedures"),
    path("procedures/<slug:slug>/", views.public_article, name="public_article"),
]
