from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and client feedback")

    def ready(self) -> None:
        from complaints.today import review_panel
        from servicedesk.today import provide

        provide("complaints", review_panel)
