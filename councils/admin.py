from django.contrib import admin
from django.db import models

from .models import Approach, Authority, Mission, MissionPartner, NationalMission, Partner


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
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


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["title", "authority", "stage", "target_year", "is_public", "is_demo"]
    list_filter = [
        "stage",
        "is_public",
        "is_demo",
        "national_missions",
        "approaches",
        "authority__nation",
    ]
    search_fields = ["title", "statement", "challenge_area", "authority__name"]
    list_select_related = ["authority"]
    autocomplete_fields = ["authority", "national_missions", "approaches"]
    inlines = [MissionPartnerInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    date_hierarchy = "created_at"


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "website"]
    list_filter = ["type"]
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
