"""The submissions changelist's own filters (the rest are plain field lookups)."""

from django.contrib import admin
from django.contrib.auth import get_user_model

from councils.models import Approach, Authority, NationalMission
from submissions.models import Submission

from ..models import Coding


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return [
            ("me", "Assigned to me"),
            ("none", "Unassigned"),
            *((str(u.pk), u.get_full_name() or u.get_username()) for u in staff),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.assigned_to(request.user)
        if value == "none":
            return queryset.unassigned()
        if value and value.isdigit():
            return queryset.filter(assignees__pk=value)
        return queryset


class NationalMissionFilter(admin.SimpleListFilter):
    title = "national mission alignment"
    parameter_name = "national_mission"

    def lookups(self, request, model_admin):
        return [(str(m.pk), str(m)) for m in NationalMission.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                pk__in=Submission.objects.filter(
                    missions__national_missions__pk=self.value()
                ).values("pk")
            )
        return queryset


class ApproachFilter(admin.SimpleListFilter):
    title = "adjacent approach"
    parameter_name = "approach"

    def lookups(self, request, model_admin):
        return [(str(a.pk), str(a)) for a in Approach.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                pk__in=Submission.objects.filter(approaches__pk=self.value()).values("pk")
            )
        return queryset


class RegionFilter(admin.SimpleListFilter):
    title = "region"
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = (
            Authority.objects.exclude(region="")
            .filter(submissions__isnull=False)
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        )
        return [(r, r) for r in regions]

    def queryset(self, request, queryset):
        return queryset.filter(authority__region=self.value()) if self.value() else queryset


class CodedFilter(admin.SimpleListFilter):
    """Whether researchers have coded any of the submission's answers."""

    title = "coding"
    parameter_name = "coded"

    def lookups(self, request, model_admin):
        return [("yes", "Coded"), ("no", "Not coded")]

    def queryset(self, request, queryset):
        # Blind double coding: another coder's open codings must not show through a count.
        coded = Coding.objects.visible_to(request.user).values("answer__submission_id")
        if self.value() == "yes":
            return queryset.filter(pk__in=coded)
        if self.value() == "no":
            return queryset.exclude(pk__in=coded)
        return queryset
