"""The portal's admin screens: the staff API tokens (Settings menu, administrators only)."""

from wagtail import hooks

from portal.token_screens import ApiTokenViewSet


@hooks.register("register_admin_viewset")
def register_api_tokens():
    return ApiTokenViewSet("api_tokens")
