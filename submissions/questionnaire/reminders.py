"""Stopping deadline reminders from the link in one, without signing in."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ..reminders import deadline_reminders_stop, membership_for_token


@require_http_methods(["GET", "POST"])
def reminders_stop(request, token):
    """GET asks (so a mail scanner following the link changes nothing); POST stops them."""
    membership = membership_for_token(token)
    if membership is None:
        raise Http404("This link is not valid")
    stopped = request.method == "POST"
    if stopped:
        deadline_reminders_stop(membership=membership)
    return render(
        request,
        "submissions/questionnaire/reminders_stop.html",
        {"membership": membership, "stopped": stopped or not membership.deadline_reminders},
    )
