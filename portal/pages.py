"""Finding the public pages that other code links to."""

from __future__ import annotations


def tracking_page(language: str):
    """The live tracking page in `language`, else the one in any language, else None."""
    from portal.models import TrackingPage

    pages = TrackingPage.objects.live().select_related("locale")
    return pages.filter(locale__language_code=language).first() or pages.first()
