"""The admin site, with the researchers' figures at the top of its home page."""

from django.contrib import admin

from .dashboard import dashboard_context


class ResearchAdminSite(admin.AdminSite):
    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        # Only those who may read submissions see figures about them (and pay for the queries).
        if request.user.has_perm("submissions.view_submission"):
            extra_context = {**extra_context, "dashboard": dashboard_context()}
        return super().index(request, extra_context)
