"""Inviting a colleague from /my/, and using the emailed link (/my/authority/invitations/...)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .invitation_forms import InvitationAcceptForm, InvitationForm
from .invitations import InvitationError, invitation_accept, invitation_refusal, invitation_send
from .models import Invitation


@login_required
@require_POST
def invite(request):
    """Posted from /my/; a mistake shows the form again on its own page, with what was typed
    (a redirect back to /my/ would lose it)."""
    form = InvitationForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            invitation_send(by=request.user, email=email)
        except InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"We have emailed an invitation to {email}.")
            return redirect("questionnaire:dashboard")
    return render(request, "councils/invitation_send.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def accept(request, token):
    """Signing in (or signing up, then confirming the address) first: login_required brings
    them back here afterwards."""
    invitation = Invitation.objects.select_related("authority").filter(token=token).first()
    refusal = invitation_refusal(invitation=invitation, user=request.user)
    form = InvitationAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            invitation_accept(token=token, user=request.user, role=form.cleaned_data["role"])
        except InvitationError as error:
            refusal = str(error)
        else:
            messages.success(request, f"You are now a verified officer of {invitation.authority}.")
            return redirect("questionnaire:dashboard")
    context = {"invitation": invitation, "refusal": refusal, "form": form}
    return render(request, "councils/invitation_accept.html", context)
