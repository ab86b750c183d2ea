"""A mission's outcomes, their indicators and progress readings: one page per thing (GOV.UK's
add-another pattern), each reached from the mission's page and looked up within the officer's
own submission (another authority's are 404s)."""

from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from councils.charts import number
from councils.models import Indicator, Outcome

from ..forms.outcomes import IndicatorForm, OutcomeForm, ReadingForm
from ..mission_progress import indicator_save, outcome_save, reading_add
from ..sections import MISSIONS
from .access import edit_page, officer_required, progress_version, with_return


def _mission(officer, pk):
    return get_object_or_404(officer.submission.missions.all(), pk=pk)


def _outcome(officer, pk, outcome_pk):
    return get_object_or_404(
        Outcome.objects.select_related("mission").filter(
            mission__submissions=officer.submission, mission_id=pk
        ),
        pk=outcome_pk,
    )


def _indicator(officer, pk, outcome_pk, indicator_pk):
    return get_object_or_404(
        Indicator.objects.select_related("outcome__mission").filter(
            outcome__mission__submissions=officer.submission,
            outcome__mission_id=pk,
            outcome_id=outcome_pk,
        ),
        pk=indicator_pk,
    )


def _url(request, name, *args, fragment=""):
    return with_return(request, reverse(f"questionnaire:{name}", args=args)) + fragment


def mission_outcomes(request, mission) -> list[dict]:
    """What the mission's page lists under "Outcomes and indicators"."""
    return [
        {
            "title": outcome.title,
            "change_url": _url(request, "outcome_change", mission.pk, outcome.pk),
            "indicator_add_url": _url(request, "indicator_add", mission.pk, outcome.pk),
            "indicators": [
                {
                    "name": indicator.name,
                    "summary": _indicator_summary(indicator),
                    "change_url": _url(
                        request, "indicator_change", mission.pk, outcome.pk, indicator.pk
                    ),
                }
                for indicator in outcome.indicators.all()
            ],
        }
        for outcome in mission.outcomes.with_readings()
    ]


def _indicator_summary(indicator) -> str:
    parts = []
    if indicator.baseline_value is not None:
        parts.append(f"Baseline {number(indicator.baseline_value, indicator.unit)}")
    if indicator.target_value is not None:
        parts.append(f"target {number(indicator.target_value, indicator.unit)}")
    count = len(indicator.readings.all())
    parts.append(f"{count} reading{'' if count == 1 else 's'}")
    return ", ".join(parts)


def _page(request, officer, *, form, initial, save, theirs, context):
    submission = officer.submission

    def page(bound):
        bound.cancel_url = context["back_url"]
        return render(
            request,
            "submissions/questionnaire/mission_part_form.html",
            {"submission": submission, "form": bound, **context},
        )

    return edit_page(
        request,
        submission,
        form=form,
        initial=lambda: {**initial(), "version": progress_version(submission, MISSIONS)},
        save=save,
        theirs=theirs,
        page=page,
        read_only=lambda refusal: redirect("questionnaire:missions"),
        refused_to=reverse("questionnaire:missions"),
    )


@officer_required
def outcome_add(request, officer, pk):
    return _outcome_page(request, officer, _mission(officer, pk), None)


@officer_required
def outcome_change(request, officer, pk, outcome_pk):
    outcome = _outcome(officer, pk, outcome_pk)
    return _outcome_page(request, officer, outcome.mission, outcome)


def _outcome_page(request, officer, mission, outcome):
    back = _url(request, "mission_change", mission.pk, fragment="#outcomes")

    def save(form):
        outcome_save(
            submission=officer.submission,
            mission=mission,
            outcome=outcome,
            data={"title": form.cleaned_data["title"]},
            version=form.cleaned_data["version"],
            by=request.user,
        )
        messages.success(request, f"‘{form.cleaned_data['title']}’ has been saved.")
        return redirect(back)

    items = []
    if outcome:
        items = [
            {
                "key": i.name,
                "value": _indicator_summary(i),
                "change_url": _url(request, "indicator_change", mission.pk, outcome.pk, i.pk),
            }
            for i in outcome.indicators.prefetch_related("readings")
        ]
    return _page(
        request,
        officer,
        form=OutcomeForm,
        initial=lambda: OutcomeForm.saved(outcome),
        save=save,
        theirs=lambda: OutcomeForm.saved(Outcome.objects.get(pk=outcome.pk)),
        context={
            "caption": mission.title,
            "heading": "Change an outcome" if outcome else "Add an outcome",
            "back_url": back,
            "items_heading": "Indicators" if outcome else "",
            "items": items,
            "add_url": _url(request, "indicator_add", mission.pk, outcome.pk) if outcome else "",
            "add_label": "Add another indicator" if items else "Add an indicator",
        },
    )


@officer_required
def indicator_add(request, officer, pk, outcome_pk):
    return _indicator_page(request, officer, _outcome(officer, pk, outcome_pk), None)


@officer_required
def indicator_change(request, officer, pk, outcome_pk, indicator_pk):
    indicator = _indicator(officer, pk, outcome_pk, indicator_pk)
    return _indicator_page(request, officer, indicator.outcome, indicator)


def _indicator_page(request, officer, outcome, indicator):
    mission = outcome.mission
    back = _url(request, "mission_change", mission.pk, fragment="#outcomes")

    def save(form):
        indicator_save(
            submission=officer.submission,
            outcome=outcome,
            indicator=indicator,
            data=form.to_data(),
            version=form.cleaned_data["version"],
            by=request.user,
        )
        messages.success(request, f"‘{form.cleaned_data['name']}’ has been saved.")
        return redirect(back)

    items = []
    if indicator:
        items = [
            {
                "key": f"{r.date:%-d %B %Y}",
                "value": f"{number(r.value, indicator.unit)} (source: {r.source})",
            }
            for r in indicator.readings.all()
        ]
    add_url = ""
    if indicator:
        add_url = _url(request, "reading_add", mission.pk, outcome.pk, indicator.pk)
    return _page(
        request,
        officer,
        form=IndicatorForm,
        initial=lambda: IndicatorForm.saved(indicator),
        save=save,
        theirs=lambda: IndicatorForm.saved(Indicator.objects.get(pk=indicator.pk)),
        context={
            "caption": outcome.title,
            "heading": "Change an indicator" if indicator else "Add an indicator",
            "back_url": back,
            "items_heading": "Progress readings" if indicator else "",
            "items": items,
            "add_url": add_url,
            "add_label": "Add another reading" if items else "Add a reading",
        },
    )


@officer_required
def reading_add_page(request, officer, pk, outcome_pk, indicator_pk):
    indicator = _indicator(officer, pk, outcome_pk, indicator_pk)
    back = _url(request, "indicator_change", pk, outcome_pk, indicator_pk)

    def save(form):
        reading_add(
            submission=officer.submission,
            indicator=indicator,
            data=form.to_data(),
            by=request.user,
        )
        messages.success(request, "The reading has been added.")
        return redirect(back)

    return _page(
        request,
        officer,
        form=partial(ReadingForm),
        initial=dict,
        save=save,
        theirs=dict,
        context={
            "caption": indicator.name,
            "heading": "Add a progress reading",
            "back_url": back,
            "items": [],
        },
    )
