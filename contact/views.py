from django.shortcuts import render


def contact(request):
    # Placeholder: the form, outbox notification and rate limit arrive with the contact work.
    return render(request, "contact/contact.html", {})
