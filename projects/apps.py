from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"
    verbose_name = "2026年工作计划"

    def ready(self):
        from projects.search import signals as search_signals
        from projects.search.index import fill_if_empty
        from projects.services.disclosure_due import refresh_estimated
        from projects.services.roles import ensure_roles

        # After the permissions of this app exist (made by the auth app's own receiver).
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="projects-roles")
        post_migrate.connect(refresh_estimated, sender=self, dispatch_uid="projects-due-dates")
        # A database migrated from before the search index has public records and no entries.
        post_migrate.connect(fill_if_empty, sender=self, dispatch_uid="projects-search-index")
        search_signals.connect()
