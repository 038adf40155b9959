from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from servicedesk.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="servicedesk.sd_fold")
