from django import template

from casestudies.anonymity import public_place

register = template.Library()


@register.filter(name="public_place")
def public_place_filter(case_study) -> dict:
    """`{% with place=case_study|public_place %}`: see casestudies.anonymity."""
    return public_place(case_study)


@register.simple_tag
def signoff_count(authority) -> int:
    """How many case studies wait for `authority`'s sign-off (for the officer's /my/ page, which
    belongs to submissions: a tag keeps that app from importing casestudies)."""
    from casestudies.models import CaseStudy

    return CaseStudy.objects.for_signoff(authority).count()
