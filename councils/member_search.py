"""The membership form's search for a person, in the admin: who may be picked, and who may search.

Django's autocomplete answers only someone who may view the related model's admin: for the user
field, the view permission on users, which opens every account's page (groups, permissions, the
staff and superuser flags). Someone who may give a person a membership (`roles.can_add_members`)
needs far less: to find that person by name or email. So the field asks this search instead,
which answers only them, and only with the accounts that could hold a membership, as name and
email (what the membership list already shows). The site's own autocomplete still refuses them.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse

from common.people import display_name_and_email
from common.roles import can_add_members

URL_NAME = "councils_membership_person_search"
PAGE_SIZE = 20


def people_without_membership():
    """Who a membership may be given to: active accounts that are not staff and hold none yet
    (a person has one membership; a declined one is changed, not added again)."""
    return get_user_model().objects.filter(
        is_active=True, is_staff=False, is_superuser=False, membership__isnull=True
    )


class PersonSelect(AutocompleteSelect):
    """The admin's autocomplete box, asking this module's search rather than the site's."""

    url_name = "%s:" + URL_NAME


def person_search(request):
    """Select2's JSON: up to PAGE_SIZE people whose email or name holds every word typed."""
    if not can_add_members(request.user):
        raise PermissionDenied
    people = people_without_membership().order_by("email", "pk")
    for word in request.GET.get("term", "").split():
        people = people.filter(
            Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "results": [{"id": str(p.pk), "text": display_name_and_email(p)} for p in page],
            "pagination": {"more": page.has_next()},
        }
    )
