from django import template

from submissions.dashboard import dashboard_context

register = template.Library()


@register.simple_tag
def admin_dashboard() -> dict:
    """`{% admin_dashboard as dashboard %}`: the admin home page's figures."""
    return dashboard_context()
