from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户"

    def ready(self):
        from simple_history.models import HistoricalChanges

        import portal.private_files  # noqa: F401 - keeps the SQLite database file private
        from portal.cache import bump_after_commit

        def on_change(sender, using=None, action="post_", **kwargs):
            # The plan's own records only: a history row is written beside every save of one,
            # and m2m_changed also announces each change before it is made ("pre_add").
            if (
                sender._meta.app_label == "projects"
                and not issubclass(sender, HistoricalChanges)
                and action.startswith("post_")
            ):
                bump_after_commit(using)

        # Any saved or deleted plan record (admin, shell, services) makes cached pages stale.
        post_save.connect(on_change, weak=False, dispatch_uid="portal-cache-save")
        post_delete.connect(on_change, weak=False, dispatch_uid="portal-cache-delete")
        m2m_changed.connect(on_change, weak=False, dispatch_uid="portal-cache-m2m")


class LoginProtectionConfig(AxesConfig):
    verbose_name = "登录防护"
