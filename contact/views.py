from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from .forms import ContactForm
from .services import contact_message_create, contact_rate_limit_hit


def contact(request):
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_bot:
            # Bots get the same page as people, so they learn nothing; nothing is saved.
            return redirect("contact:thanks")
        if form.is_valid():
            ip_address = _client_ip(request)
            retry_at = contact_rate_limit_hit(ip_address=ip_address)
            if retry_at is not None:
                return _too_many(request, form=form, retry_at=retry_at)
            data = form.cleaned_data
            contact_message_create(
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                authority=data["authority"],
                role=data["role"],
                themes=data["themes"],
                message=data["message"],
                consent_to_contact=data["consent"],
                ip_address=ip_address,
            )
            return redirect("contact:thanks")
    return render(request, "contact/contact.html", {"form": form})


def thanks(request):
    return render(request, "contact/thanks.html")


def _too_many(request, *, form, retry_at):
    # Rounded up to the minute, so "try again after 14:05" is never a minute too early.
    retry_at = timezone.localtime(retry_at)
    if retry_at.second or retry_at.microsecond:
        retry_at = retry_at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    # The sender's words are shown back so nothing typed is lost while they wait.
    context = {"retry_at": retry_at, "message": form.cleaned_data["message"]}
    response = render(request, "contact/too_many.html", context, status=429)
    response["Retry-After"] = str(max(0, int((retry_at - timezone.now()).total_seconds())))
    return response


def _client_ip(request) -> str:
    # allauth's reading of the address honours ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy.
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return ""
