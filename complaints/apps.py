from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and client feedback")

    def ready(self) -> None:
        from complaints.start_panels import review_panel
        from servicedesk.start_page import provide

        provide("complaints", review_panel)

        # 2.1.4.4: notifications derived from an item are read through the item's gate, and
        # the client's secret links are sealed in stored e-mail bodies.
        from complaints.scope import register as register_scope

        register_scope()
