"""Officers' sign-off of draft case studies about their authority, under /my/case-studies/.

Every case study is found through the signed-in user's verified membership: an officer of
another authority, or anyone not verified, gets a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from councils.models import Authority, Membership

from .anonymity import public_place
from .forms import SignoffForm
from .models import CaseStudy
from .services import CaseStudyError, case_study_signoff


def _officer_authority(request) -> Authority:
    membership = (
        Membership.objects.verified().filter(user=request.user).select_related("authority").first()
    )
    if membership is None:
        raise Http404("Only verified officers of an authority can sign off case studies")
    return membership.authority


@login_required
def signoff_list(request):
    authority = _officer_authority(request)
    case_studies = list(
        CaseStudy.objects.for_signoff(authority)
        .select_related("signoff_by")
        .order_by("-signoff_requested_at", "-pk")
    )
    waiting = [c for c in case_studies if c.signoff == CaseStudy.SignOff.REQUESTED]
    answered = [c for c in case_studies if c.signoff != CaseStudy.SignOff.REQUESTED]
    context = {"authority": authority, "waiting": waiting, "answered": answered}
    return render(request, "casestudies/signoff/list.html", context)


@login_required
def signoff_detail(request, pk):
    authority = _officer_authority(request)
    published = CaseStudy.objects.published().filter(authority=authority, pk=pk).first()
    if published is not None:
        # A link from an old sign-off email: the decision has been made.
        messages.info(
            request, "This case study has been published, so it can no longer be signed off."
        )
        return redirect(published)
    case_study = get_object_or_404(
        CaseStudy.objects.for_signoff(authority)
        .select_related("authority", "signoff_by")
        .prefetch_related("sources", "themes", "missions"),
        pk=pk,
    )
    waiting = case_study.signoff == CaseStudy.SignOff.REQUESTED
    form = None
    if waiting:
        form = SignoffForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                case_study_signoff(
                    case_study=case_study,
                    by=request.user,
                    approved=form.approved,
                    comment=form.cleaned_data["comment"],
                )
            except CaseStudyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _done_message(case_study, form.approved))
                return redirect("signoff:list")
    elif request.method == "POST":
        messages.info(request, "This case study has already been answered.")
        return redirect("signoff:detail", pk=case_study.pk)
    context = {
        "authority": authority,
        "case_study": case_study,
        "place": public_place(case_study),
        "form": form,
        "waiting": waiting,
    }
    return render(request, "casestudies/signoff/detail.html", context)


def _done_message(case_study: CaseStudy, approved: bool) -> str:
    if approved:
        return (
            f"You approved “{case_study.title}” for publication. The research team has been "
            "told, and will publish it when it is ready."
        )
    return (
        f"You asked for changes to “{case_study.title}”. The research team has been told, and "
        "will edit the draft and may ask you to check it again."
    )
