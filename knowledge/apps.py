from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        from backoffice.choices import Role
        from backoffice.roles import extend_role_permissions
        from knowledge.models import DRAFT_PERMISSION, REPORT_PERMISSION
        from knowledge.setup import setup_after_migrate

        # Who drafts case studies from closed cases, and who reads the recurring-causes report.
        # Page permissions (add, change, publish on the library) are Wagtail's own: see
        # knowledge.setup.PAGE_PERMISSIONS.
        both = [DRAFT_PERMISSION, REPORT_PERMISSION]
        extend_role_permissions(
            {
                Role.TRAINER: both,
                Role.MANAGER: both,
                Role.GENERAL_MANAGER: both,
                Role.ADMINISTRATOR: both,
                Role.HEAD_OFFICE: [REPORT_PERMISSION],
                Role.OVERSIGHT: [REPORT_PERMISSION],
            }
        )
        post_migrate.connect(
            setup_after_migrate, sender=self, dispatch_uid="knowledge.setup_after_migrate"
        )
