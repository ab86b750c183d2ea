from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def choose(request):
    # Placeholder until the membership flow lands.
    return HttpResponse("Choose your authority")
