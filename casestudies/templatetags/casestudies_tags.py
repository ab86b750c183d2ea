from django import template

from casestudies.anonymity import public_place

register = template.Library()


@register.filter(name="public_place")
def public_place_filter(case_study) -> dict:
    """`{% with place=case_study|public_place %}`: see casestudies.anonymity."""
    return public_place(case_study)
