from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LedgerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ledger"
    verbose_name = "公开发布账本"

    def ready(self):
        from ledger import signals

        signals.connect()
        post_migrate.connect(signals.after_migrate, sender=self, dispatch_uid="ledger-migrate")
