from django import template

from common.people import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    """{{ user|display_name }}: the one way templates name a person (common/people.py)."""
    return _display_name(user)
