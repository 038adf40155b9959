"""The cases URLs; each topic's views live in ``cases/views/<topic>.py``."""

from django.urls import path

from cases.views import (
    callbacks,
    clients,
    conflicts,
    consultations,
    contacts,
    knowledge,
    referrals,
    submissions,
)

app_name = "cases"

urlpatterns = [
    path("", contacts.contact_list, name="contact_list"),
    path("new/", contacts.contact_new, name="contact_new"),
    path("<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("<int:pk>/our-error/", contacts.contact_our_error, name="contact_our_error"),
    path("<int:pk>/warning/", contacts.contact_warning, name="contact_warning"),
    path(
        "<int:pk>/abusive-email/", contacts.contact_abusive_refusal, name="contact_abusive_refusal"
    ),
    path("<int:pk>/order-issue/", contacts.order_issue_create, name="order_issue_create"),
    path("order-issues/", referrals.order_issues, name="order_issues"),
    path(
        "order-issues/<int:pk>/resolve/",
        referrals.order_issue_resolve,
        name="order_issue_resolve",
    ),
    path("<int:pk>/referral/", referrals.referral_create, name="referral_create"),
    path("<int:pk>/conflict/", conflicts.conflict_log, name="conflict_log"),
    path("<int:pk>/conflict/step/", conflicts.conflict_step, name="conflict_step"),
    path("<int:pk>/conflict/situation/", conflicts.conflict_situation, name="conflict_situation"),
    path("referrals/options/", referrals.referral_options, name="referral_options"),
    path("referrals/<int:pk>/", referrals.referral_slip, name="referral_slip"),
    path("clients/", clients.client_list, name="client_list"),
    path("clients/new/", clients.client_create, name="client_create"),
    path("clients/lookup/", clients.client_lookup, name="client_lookup"),
    path("clients/quick/", clients.client_quick_create, name="client_quick_create"),
    path("clients/<int:pk>/", clients.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", clients.client_edit, name="client_edit"),
    path("clients/<int:pk>/pick/", clients.client_pick, name="client_pick"),
    path("clients/<int:pk>/merge/", clients.client_merge, name="client_merge"),
    path("callbacks/", callbacks.callback_queue, name="callback_queue"),
    path("callbacks/<int:pk>/", callbacks.callback_complete, name="callback_complete"),
    path("callbacks/team/", callbacks.callback_team, name="callback_team"),
    path("callbacks/<int:pk>/take/", callbacks.callback_take_view, name="callback_take"),
    path("callbacks/<int:pk>/assign/", callbacks.callback_assign_view, name="callback_assign"),
    path(
        "callbacks/<int:pk>/no-answer/",
        callbacks.callback_no_answer_view,
        name="callback_no_answer",
    ),
    path("absences/", callbacks.absences, name="absences"),
    path("<int:pk>/consult/", consultations.consultation_create, name="consultation_create"),
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", consultations.consultation_answer, name="consultation_answer"),
    path("<int:pk>/submission/", submissions.submission_create, name="submission_create"),
    path("submissions/", submissions.submission_list, name="submission_list"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("<int:pk>/draft/", submissions.draft_create, name="draft_create"),
    path("drafts/<int:pk>/", submissions.draft_print, name="draft_print"),
    path("kb/", knowledge.kb_search, name="kb_search"),
    path("kb/new/", knowledge.kb_article_new, name="kb_article_new"),  # before the slug
    path("kb/<slug:slug>/", knowledge.kb_article, name="kb_article"),
    path("kb/<slug:slug>/edit/", knowledge.kb_article_edit, name="kb_article_edit"),
    path("procedures/", knowledge.public_procedures, name="public_procedures"),
    path("procedures/<slug:slug>/", knowledge.public_article, name="public_article"),
]
