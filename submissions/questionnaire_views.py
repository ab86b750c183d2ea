from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def dashboard(request):
    # Placeholder until the questionnaire lands.
    return HttpResponse("Your account")
