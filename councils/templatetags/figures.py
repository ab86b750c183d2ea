"""An indicator's figure as people read it in pages and emails: '12.5%', '1,200 households'."""

from django import template

from ..charts import number

register = template.Library()


@register.filter
def figure(value, unit=""):
    """The value with its unit (councils.charts.number); '' when there is no value."""
    return number(value, unit)
