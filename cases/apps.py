from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Client contacts")

    def ready(self) -> None:
        from cases.start_panels import front_desk_panel
        from servicedesk.start_page import provide

        provide("cases", front_desk_panel)

        # 2.1.6.1: the client as the subject of a GDPR rectification request.
        import cases.data_requests  # noqa: F401
