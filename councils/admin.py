from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from common.people import display_name, display_name_and_email

from .member_search import URL_NAME, PersonSelect, people_without_membership, person_search
from .membership_forms import MembershipDeclineForm
from .memberships import membership_approve, membership_decline
from .models import (
    Approach,
    Authority,
    Indicator,
    Membership,
    Mission,
    MissionPartner,
    NationalMission,
    Outcome,
    Partner,
    PartnerType,
    Reading,
)


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "code",
        "gss_code",
        "type",
        "nation",
        "region",
        "tier",
        "strategic_authority",
        "is_current",
    ]
    list_filter = ["nation", "region", "type", "tier", "is_current"]
    search_fields = ["name", "official_name", "code", "gss_code", "former_gss_codes"]
    list_select_related = ["strategic_authority"]
    autocomplete_fields = ["county", "strategic_authority", "replaced_by"]
    readonly_fields = ["code"]
    fieldsets = [
        (None, {"fields": ["name", "official_name", "slug", "code", "type", "is_current"]}),
        ("Codes and place", {"fields": ["gss_code", "former_gss_codes", "nation", "region"]}),
        (
            "Membership",
            {"fields": ["tier", "strategic_authority", "county"]},
        ),
        ("Researchers' notes", {"fields": ["email_domains"]}),
        (
            "From the register",
            {
                "fields": [
                    "population",
                    "latitude",
                    "longitude",
                    "start_date",
                    "end_date",
                    "replaced_by",
                    "replaced_by_codes",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The register code is the loader's key: set once, when adding by hand.
        return self.readonly_fields if obj else []


class MissionPartnerInline(admin.TabularInline):
    model = MissionPartner
    extra = 1
    autocomplete_fields = ["partner"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 1
    fields = ["title", "order"]
    # Inlines do not nest: each outcome's indicators are on the outcome's own page.
    show_change_link = True


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 1
    fields = [
        "name",
        "unit",
        ("baseline_value", "baseline_date"),
        ("target_value", "target_date"),
        "order",
    ]
    show_change_link = True


class ReadingInline(admin.TabularInline):
    model = Reading
    extra = 1
    fields = ["date", "value", "source"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["title", "mission", "order"]
    search_fields = ["title", "mission__title", "mission__authority__name"]
    list_select_related = ["mission"]
    autocomplete_fields = ["mission"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "outcome", "baseline_value", "target_value", "target_date"]
    search_fields = ["name", "outcome__title", "outcome__mission__title"]
    list_select_related = ["outcome"]
    autocomplete_fields = ["outcome"]
    inlines = [ReadingInline]


@admin.register(Mission)
class MissionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "authority", "stage", "target_year", "is_public", "is_demo"]
    list_filter = [
        "stage",
        "challenge",
        "governance",
        "is_public",
        "is_demo",
        "national_missions",
        "approaches",
        "authority__nation",
    ]
    search_fields = ["title", "statement", "challenge_area", "authority__name"]
    list_select_related = ["authority"]
    autocomplete_fields = ["authority", "authorities", "national_missions", "approaches"]
    inlines = [MissionPartnerInline, OutcomeInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    date_hierarchy = "created_at"


@admin.register(PartnerType)
class PartnerTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "website"]
    list_filter = ["type"]
    list_select_related = ["type"]
    search_fields = ["name", "website"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(MissionPartner)
class MissionPartnerAdmin(admin.ModelAdmin):
    list_display = ["partner", "mission", "authority", "role"]
    list_filter = ["partner__type"]
    search_fields = ["partner__name", "mission__title", "mission__authority__name", "role"]
    list_select_related = ["partner", "mission__authority"]
    autocomplete_fields = ["mission", "partner"]

    @admin.display(ordering="mission__authority__name")
    def authority(self, obj):
        return obj.mission.authority


@admin.register(NationalMission)
class NationalMissionAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Approach)
class ApproachAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "user_name",
        "user_email",
        "authority",
        "role",
        "state",
        "verified_by_domain",
        "created_at",
    ]
    list_filter = ["state", "verified_by_domain", "authority__nation", "authority__type"]
    search_fields = [
        "user__email",
        "user__first_name",
        "authority__name",
        "authority__official_name",
        "role",
    ]
    list_select_related = ["user", "authority"]
    # The user box searches councils/member_search.py, not the site's autocomplete (which would
    # need the view permission on every account).
    autocomplete_fields = ["authority"]
    # Decisions go through the actions, which email the officer; the form only corrects details.
    readonly_fields = [
        "state",
        "verified_by_domain",
        "decided_by",
        "decided_at",
        "decline_reason",
        "created_at",
        "updated_at",
    ]
    fields = ["user", "authority", "role", *readonly_fields]
    actions = ["approve_selected", "decline_selected"]
    date_hierarchy = "created_at"

    def get_urls(self):
        search = self.admin_site.admin_view(person_search)
        return [path("people/", search, name=URL_NAME), *super().get_urls()]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "user":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["widget"] = PersonSelect(db_field, self.admin_site)
        kwargs["queryset"] = people_without_membership()
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label_from_instance = display_name_and_email
        return field

    def get_readonly_fields(self, request, obj=None):
        # A membership belongs to its user: move a person by changing the authority instead.
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    @admin.display(description="Name", ordering="user__first_name")
    def user_name(self, obj):
        return display_name(obj.user)

    @admin.display(description="Email", ordering="user__email")
    def user_email(self, obj):
        return obj.user.email

    @admin.action(description="Approve selected memberships")
    def approve_selected(self, request, queryset):
        # Counted before acting: from the "Waiting for approval" filter the queryset would
        # re-run and leave out the memberships just approved.
        memberships = list(queryset.order_by("pk"))
        approved = sum(membership_approve(membership=m, by=request.user) for m in memberships)
        self._report(request, "approved", approved, len(memberships) - approved, "already verified")

    @admin.action(description="Decline selected memberships")
    def decline_selected(self, request, queryset):
        # A confirmation page first, to give the reason that is emailed to each person.
        form = MembershipDeclineForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            memberships = list(queryset.order_by("pk"))
            declined = sum(
                membership_decline(membership=m, by=request.user, reason=reason)
                for m in memberships
            )
            self._report(
                request,
                "declined",
                declined,
                len(memberships) - declined,
                "not waiting for approval",
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Decline memberships",
            "opts": self.model._meta,
            "memberships": queryset.select_related("user", "authority"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "councils/membership_decline_confirm.html", context)

    def _report(self, request, verb, done, skipped, why):
        if done:
            self.message_user(
                request,
                f"{done} membership{'' if done == 1 else 's'} {verb}; "
                f"{'the officer has' if done == 1 else 'each officer has'} been emailed.",
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                f"{skipped} membership{'' if skipped == 1 else 's'} left as "
                f"{'it was' if skipped == 1 else 'they were'} ({why}).",
                messages.WARNING,
            )
