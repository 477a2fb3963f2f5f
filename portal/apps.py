from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户"

    def ready(self):
        from portal.cache import bump_content_version

        def on_change(sender, **kwargs):
            if sender._meta.app_label == "projects":
                bump_content_version()
                # Again once the transaction commits: a page rendered in between still saw
                # the old rows and may have been cached under the first new version.
                transaction.on_commit(bump_content_version)

        # Any saved or deleted plan record (admin, shell, services) makes cached pages stale.
        post_save.connect(on_change, weak=False, dispatch_uid="portal-cache-save")
        post_delete.connect(on_change, weak=False, dispatch_uid="portal-cache-delete")
        m2m_changed.connect(on_change, weak=False, dispatch_uid="portal-cache-m2m")


class LoginProtectionConfig(AxesConfig):
    verbose_name = "登录防护"
