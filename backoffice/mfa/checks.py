"""`manage.py check --deploy` refuses a deployment without the second factor."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def second_factor_required(app_configs, **kwargs):
    if getattr(settings, "MFA_REQUIRED", True):
        return []
    return [
        Error(
            "MFA_REQUIRED is off: staff sign in to the admin with a password alone.",
            hint="Only config/settings/dev.py may switch it off, for the demo accounts.",
            id="backoffice.mfa.E001",
        )
    ]
