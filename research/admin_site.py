"""The admin site, under the site's own name, with the researchers' figures at the top of
its home page."""

from django.conf import settings
from django.contrib import admin

from .dashboard import dashboard_context


class ResearchAdminSite(admin.AdminSite):
    # Read from settings on each request rather than at import, like every other page's name.
    @property
    def site_header(self):
        return settings.SITE_NAME

    @property
    def site_title(self):
        return f"{settings.SITE_NAME}: researchers’ workspace"

    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        # Only those who may read submissions see figures about them (and pay for the queries).
        if request.user.has_perm("submissions.view_submission"):
            extra_context = {**extra_context, "dashboard": dashboard_context()}
        return super().index(request, extra_context)
