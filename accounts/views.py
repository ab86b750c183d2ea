"""An officer's personal data under /my/account/: download a copy, delete the account."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import services
from .forms import AccountNameForm


@login_required
@require_http_methods(["GET", "POST"])
def personal_data(request):
    user = request.user
    form = AccountNameForm(request.POST or None, initial={"name": user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        services.account_name_set(user=user, name=form.cleaned_data["name"])
        messages.success(request, "Your name has been saved.")
        return redirect("accounts:personal_data")
    return render(request, "accounts/personal_data.html", {"name_form": form})


@login_required
def personal_data_download(request):
    data = services.personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"my-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Confirm, then delete. Asks for the password again first (allauth's reauthentication),
    so an unattended signed-in browser cannot be used to delete someone's account."""
    if request.method == "POST":
        services.account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account has been deleted.")
        return redirect("home")
    return render(request, "accounts/account_delete.html")
