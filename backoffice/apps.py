from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from backoffice.gate import register_policies
        from backoffice.mfa import checks  # noqa: F401 - registers the deploy check
        from backoffice.roles import ensure_role_groups

        # Before any viewset or view asks the registry for a policy (Wagtail 8).
        register_policies()

        post_migrate.connect(ensure_role_groups, dispatch_uid="backoffice.ensure_role_groups")
