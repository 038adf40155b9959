from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and client feedback")

    def ready(self) -> None:
        from complaints.start_panels import explanation_panel, review_panel
        from servicedesk.start_page import provide

        provide("complaints", review_panel)
        provide("complaints_explanations", explanation_panel)  # 2.1.4.1

        # 2.1.4.4: notifications derived from an item are read through the item's gate, and
        # the client's secret links are sealed in stored e-mail bodies.
        from complaints.scope import register as register_scope

        register_scope()

        # E-mail in (docs/mail.md): an e-mail's files pass the public form's checks, and a
        # reply naming a register number joins that item's thread.
        from complaints.mail import provide_to_intake

        provide_to_intake()

        # One client, one timeline: the client's complaints on their card, through the gate.
        from complaints.timeline import register as register_timeline

        register_timeline()
