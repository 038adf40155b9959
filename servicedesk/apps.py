from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from servicedesk.search import refresh_sqlite_statistics, register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="servicedesk.sd_fold")
        connection_created.connect(
            refresh_sqlite_statistics, dispatch_uid="servicedesk.sqlite_statistics"
        )

        # 2.1.6.1: the data protection contacts' panel on the start page.
        from servicedesk.selectors.data_requests import data_protection_panel
        from servicedesk.start_page import provide

        provide("data_protection", data_protection_panel)

        from django.db.models.signals import post_delete, post_save

        from servicedesk.models import Institution
        from servicedesk.selectors.organisation import forget_institution_name

        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                forget_institution_name, sender=Institution, dispatch_uid=f"institution-{name}"
            )
