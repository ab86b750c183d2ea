"""Who the officer is, their authority's submission, and the one shape of every page that
changes it.

Every page that shows or changes a submission finds it through the signed-in user's verified
membership (Submission.objects.for_user), never from an id in the URL alone; missions and
partners are looked up within that submission. Another authority's pages are 404s.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse

from councils.models import Membership
from instrument.models import Question, Round

from ..models import ChangeRequest, SectionProgress, Submission
from ..services import SectionConflict, SubmissionLocked, submission_get_or_create

KEPT_POST = "questionnaire_kept_post"
KEPT_MESSAGE = "We kept what you typed; check it and save."
NOT_VERIFIED = "You can work on your authority's submission once you are a verified officer of it."
NO_ROUND = "There is no call for practice open at the moment."


@dataclass
class Officer:
    membership: Membership
    submission: Submission


def _officer(request) -> Officer | None:
    """The user's verified membership and their authority's submission to the current round
    (created the first time it is needed); None, with a message saying why, if there is none."""
    membership = Membership.objects.filter(user=request.user).select_related("authority").first()
    if membership is None or not membership.is_verified:
        messages.info(request, NOT_VERIFIED)
        return None
    round = Round.objects.current() or Round.objects.latest_started()
    if round is None:
        messages.info(request, NO_ROUND)
        return None
    submission = (
        Submission.objects.for_user(request.user)
        .select_related("round", "authority")
        .filter(round=round)
        .first()
    )
    if submission is None:
        if not round.is_open:
            messages.info(request, NO_ROUND)
            return None
        submission = submission_get_or_create(authority=membership.authority, round=round)
        submission.round, submission.authority = round, membership.authority
    return Officer(membership=membership, submission=submission)


def officer_required(view):
    """Signed in as a verified officer; the view gets the Officer after the request.

    A POST from someone whose session has expired is not lost: what they typed is kept in
    the session and given back to the form when they return after signing in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                _keep_post(request)
            return redirect_to_login(request.get_full_path())
        officer = _officer(request)
        if officer is None:
            return redirect("questionnaire:dashboard")
        return view(request, officer, *args, **kwargs)

    return wrapper


# What is kept for someone whose session expired is bounded, as anyone can post it: field
# names shaped like the questionnaire's, a few values each, each no longer than its question
# allows, and about 100 KB in all (a whole page of long answers fits).
KEPT_FIELD_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
KEPT_MAX_FIELDS = 200
KEPT_MAX_VALUES = 20
KEPT_MAX_VALUE_LENGTH = 10_000
KEPT_MAX_SIZE = 100_000


def _keep_post(request) -> None:
    names = [
        name
        for name in request.POST
        if name != "csrfmiddlewaretoken" and KEPT_FIELD_NAME.fullmatch(name)
    ][:KEPT_MAX_FIELDS]
    limits = _answer_limits(names)
    data, size = {}, 0
    # Answers to real questions first, so junk posted before them cannot crowd them out.
    for name in sorted(names, key=lambda name: name not in limits):
        limit = limits.get(name, KEPT_MAX_VALUE_LENGTH)
        values = [value[:limit] for value in request.POST.getlist(name)[:KEPT_MAX_VALUES]]
        # Measured as stored (JSON), so escaped characters count at their real size.
        size += len(json.dumps([name, values]))
        if size > KEPT_MAX_SIZE:
            break
        data[name] = values
    # One page's worth at a time: the session never collects more than one form.
    request.session[KEPT_POST] = {"path": request.path, "data": data}


def _answer_limits(names: list[str]) -> dict[str, int]:
    """Each answer field's longest accepted answer, by field name (answer_<question pk>)."""
    pks = {int(name[7:]) for name in names if re.fullmatch(r"answer_\d{1,9}", name)}
    if not pks:
        return {}
    return {
        f"answer_{pk}": max_length
        for pk, max_length in Question.objects.filter(pk__in=pks).values_list("pk", "max_length")
    }


def take_kept_post(request) -> QueryDict | None:
    """What was typed on this page before signing in again, once, or None."""
    kept = request.session.get(KEPT_POST)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[KEPT_POST]
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    messages.info(request, KEPT_MESSAGE)
    return data


def progress_version(submission: Submission, key: str) -> int:
    version = (
        SectionProgress.objects.filter(submission=submission, key=key)
        .values_list("version", flat=True)
        .first()
    )
    return version or 0


def open_changes(submission: Submission, key: str | None = None) -> dict[str, list]:
    """The research team's open requests for changes, by section key (one query)."""
    if submission.status != Submission.Status.CHANGES_REQUESTED:
        return {}
    requests = ChangeRequest.objects.open().filter(submission=submission)
    if key is not None:
        requests = requests.filter(section_key=key)
    changes: dict[str, list] = {}
    for change in requests:
        changes.setdefault(change.section_key, []).append(change)
    return changes


def returning_to_check(request) -> bool:
    return request.GET.get("return") == "check"


def with_return(request, url: str) -> str:
    """`url`, still on the way back to check your answers if this page is."""
    return url + "?return=check" if returning_to_check(request) else url


def back_url(request) -> str:
    return reverse(
        "questionnaire:check" if returning_to_check(request) else "questionnaire:task_list"
    )


def refuse(request, refusal: str, to: str) -> HttpResponse:
    messages.error(request, f"Your changes have not been saved. {refusal}")
    return redirect(to)


def edit_page(
    request,
    submission: Submission,
    *,
    form: Callable,
    initial: Callable[[], dict],
    save: Callable[..., HttpResponse],
    page: Callable[..., HttpResponse],
    read_only: Callable[[str], HttpResponse],
    refused_to: str,
    theirs: Callable[[], dict] = dict,
    conflict_message: str = "",
    keeps_typing: bool = True,
) -> HttpResponse:
    """The one shape of every page that changes the submission.

    If it may not change (submitted, or the round has closed): `read_only(refusal)`, and a
    POST saves nothing and goes back to `refused_to` saying why. A GET shows `form(...)` with
    what was typed before signing in again (when the page `keeps_typing`) or `initial()`.
    A valid POST calls `save(form)`, which runs the service and returns where to go next; if
    someone else saved first, the form shows again with `theirs()` beside what was typed.
    `page(form)` renders the form.
    """
    refusal = submission.edit_refusal()
    if refusal and request.method == "POST":
        return refuse(request, refusal, refused_to)
    if refusal:
        return read_only(refusal)
    if request.method != "POST":
        kept = take_kept_post(request) if keeps_typing else None
        return page(form(kept) if kept is not None else form(initial=initial()))
    bound = form(request.POST)
    if bound.is_valid():
        try:
            return save(bound)
        except SectionConflict as conflict:
            bound.show_conflict(theirs=theirs(), progress=conflict.latest, message=conflict_message)
        except SubmissionLocked as locked:
            return refuse(request, str(locked), refused_to)
    return page(bound)
