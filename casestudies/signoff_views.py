from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def signoff_list(request):
    # Placeholder until the sign-off flow lands.
    return HttpResponse("Case studies to sign off")
