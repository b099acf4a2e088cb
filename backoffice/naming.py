"""Units and categories carry a Chinese name and an optional English one; which to show."""

from __future__ import annotations

from django.utils.translation import get_language


def localized_name(name: str, name_en: str, language: str | None = None) -> str:
    """`name_en` for an English reader when there is one, else the Chinese `name`. `language`
    defaults to the active language (the request's, or the one a task switched to)."""
    language = (language or get_language() or "").lower()
    return name_en if language.startswith("en") and name_en else name


def name_of(obj, language: str | None = None) -> str:
    """The name of a unit or category (anything with `name` and `name_en`) for the reader; ""
    for none."""
    return "" if obj is None else localized_name(obj.name, obj.name_en, language)
