"""An officer choosing their authority, under /my/authority/."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render

from .membership_forms import AuthoritySearchForm, MembershipForm
from .memberships import (
    REQUESTS_PER_DAY,
    MembershipError,
    MembershipRequestLimitError,
    membership_request,
)
from .models import Membership


@login_required
def choose(request):
    membership = Membership.objects.filter(user=request.user).select_related("authority").first()
    context = {"membership": membership}
    if membership is not None and membership.is_verified:
        if request.method == "POST":
            messages.info(request, VERIFIED_ALREADY)
            return redirect("questionnaire:dashboard")
        return render(request, "councils/membership_verified.html", context)
    if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
        return render(request, "councils/membership_confirm_email.html", context)

    if request.GET.get("format") == "json":
        return _suggestions(request)

    status = 200
    if request.method == "POST":
        # The search travels with the choice, so an error shows the same results again.
        search = AuthoritySearchForm({"q": request.POST.get("q", "")})
        form = MembershipForm(request.POST)
        if form.is_valid():
            try:
                membership = membership_request(
                    user=request.user,
                    authority=form.cleaned_data["authority"],
                    role=form.cleaned_data["role"],
                )
            except MembershipRequestLimitError:
                form.add_error("authority", REQUESTS_LIMITED)
                status = 429
            except MembershipError:
                messages.info(request, VERIFIED_ALREADY)
                return redirect("questionnaire:dashboard")
            else:
                messages.success(request, _success_message(membership))
                return redirect("questionnaire:dashboard")
    else:
        search = AuthoritySearchForm(request.GET)
        initial = {}
        if membership is not None:
            initial["role"] = membership.role
            if membership.state == Membership.State.PENDING:
                initial["authority"] = membership.authority_id
        form = MembershipForm(initial=initial)
    results = search.results()
    context.update(
        search=search,
        results=results,
        form=form,
        error_links=_error_links(search=search, form=form, results=results),
    )
    return render(request, "councils/membership_choose.html", context, status=status)


def _suggestions(request):
    """Names for the chooser's autocomplete (JavaScript only; the plain search needs none)."""
    results = AuthoritySearchForm(request.GET).results()
    names = [authority.name for authority in results.authorities] if results else []
    return JsonResponse({"names": names})


def _error_links(*, search, form, results) -> list[tuple[str, str]]:
    """The error summary's links for the two forms on the page: an authority error points at
    the first radio, or at the search box when no radios are shown."""
    authority_anchor = "id_authority" if results and results.authorities else "id_q"
    return [
        *(("id_q", error) for error in search.errors.get("q", [])),
        *((authority_anchor, error) for error in form.errors.get("authority", [])),
        *(("id_role", error) for error in form.errors.get("role", [])),
    ]


VERIFIED_ALREADY = (
    "You are already a verified officer of your authority. To change authority, contact the "
    "project team."
)


REQUESTS_LIMITED = (
    f"You have asked to join an authority {REQUESTS_PER_DAY} times in the last day, which is "
    "the most we allow. Your request has not been sent. Try again tomorrow, or contact the "
    "project team if you chose the wrong authority."
)


def _success_message(membership: Membership) -> str:
    authority = membership.authority.name
    if membership.is_verified:
        return (
            f"You are now a verified officer of {authority}. "
            "You can start your authority's submission."
        )
    return (
        f"You asked to join {authority}. The project team will check your request and email "
        "you when it is approved. You can read the questions while you wait."
    )
