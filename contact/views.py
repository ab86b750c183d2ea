from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

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
            if not contact_rate_limit_hit(ip_address=ip_address):
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


def _client_ip(request) -> str:
    # allauth's reading of the address honours ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy.
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return ""
