from django import template

from backoffice.access import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    """{{ user|person }}: the name as colleagues say it (王丽, not 丽 王)."""
    return display_name(user)
