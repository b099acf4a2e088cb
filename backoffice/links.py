"""Links to the customer's tracking page, written into messages and letters.

The tracking page is a portal page (portal.models.TrackingPage) that editors may move or
rename, so its address comes from Wagtail (the page's URL and its routable sub-page "link"),
never from a typed path. backoffice does not import portal: portal registers how to find the
page for a language (portal.apps.PortalConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from backoffice.tracking import tracking_code

_find_tracking_page: Callable[[str], object | None] | None = None


def register_tracking_page(finder: Callable[[str], object | None]) -> None:
    """`finder(language)` returns the live tracking page (a RoutablePageMixin page) for that
    language, or None."""
    global _find_tracking_page
    _find_tracking_page = finder


def _page_path(language: str) -> tuple[object | None, str]:
    page = _find_tracking_page(language) if _find_tracking_page else None
    if page is None:
        return None, "/"
    _site, _root, path = page.get_url_parts()
    return page, path


def tracking_address(language: str) -> str:
    """The public tracking page, without any code (the letter prints the code apart); the
    site's home when no tracking page is published."""
    _page, path = _page_path(language)
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def tracking_link(case) -> str:
    """The link that opens `case` to its customer: the tracking page's "link" route with the
    reference and the code. The code is a secret: config/logredact.py keeps it out of logs."""
    page, path = _page_path(case.language)
    if page is None:
        return f"{settings.WAGTAILADMIN_BASE_URL}{path}"
    code = tracking_code(case.reference, case.tracking_salt)
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}{page.reverse_subpage('link', args=(case.reference, code))}"
