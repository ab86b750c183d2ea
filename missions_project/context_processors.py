from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PROJECT_LEAD_NAME": settings.PROJECT_LEAD_NAME,
        "PROJECT_LEAD_ROLE": settings.PROJECT_LEAD_ROLE,
    }
