from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from backoffice.links import register_tracking_page
        from portal.pages import tracking_page

        register_tracking_page(tracking_page)
