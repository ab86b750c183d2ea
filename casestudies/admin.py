"""The researchers' workspace for case studies: edit, move through the editorial states, send to
the authority for sign-off. Every move goes through casestudies.services, which refuses
invalid ones with a plain-English reason that the actions show as a message."""

from types import SimpleNamespace

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from common.roles import can_publish

from .addresses import case_study_address_update
from .anonymity import identifying_text
from .consent import latest_consent
from .drafting import case_study_draft_from_submission
from .forms import CaseStudyAdminForm
from .models import CaseStudy, CaseStudySource
from .services import (
    CaseStudyError,
    case_study_publish,
    case_study_request_signoff,
    case_study_return_to_draft,
    case_study_submit_for_review,
    case_study_withdraw,
    quoted,
)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _titles(case_studies) -> str:
    return ", ".join(f"“{c.title}”" for c in case_studies)


def preview_url(case_study: CaseStudy) -> str:
    """The staff-only preview of the public page."""
    return reverse("casestudies:preview", args=[case_study.pk])


@admin.action(description="Draft a case study from this submission")
def draft_case_study_from_submission(modeladmin, request, queryset):
    """For SubmissionAdmin.actions: a draft case study pre-filled from each selected submission.

    One selected: opens the new draft. Several: says how many were drafted, and why any were not.
    """
    if not request.user.has_perm("casestudies.add_casestudy"):
        modeladmin.message_user(
            request, "You do not have permission to create case studies.", messages.ERROR
        )
        return None
    created, refused = [], []
    for submission in queryset.select_related("authority", "round").order_by("pk"):
        try:
            created.append(case_study_draft_from_submission(submission=submission, by=request.user))
        except CaseStudyError as error:
            refused.append(str(error))
    for reason in refused:
        modeladmin.message_user(request, reason, messages.ERROR)
    if len(created) == 1 and not refused:
        case_study = created[0]
        modeladmin.message_user(
            request,
            f"Drafted “{case_study.title}” from the submission. The submission itself is "
            "unchanged. Edit the draft, then submit it for review.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:casestudies_casestudy_change", args=[case_study.pk])
        )
    if created:
        modeladmin.message_user(
            request,
            f"Drafted {_plural(len(created), 'case study', 'case studies')}: "
            f"{_titles(created)}. Find {'it' if len(created) == 1 else 'them'} under Case "
            "studies.",
            messages.SUCCESS,
        )
    if refused:
        modeladmin.message_user(
            request,
            f"{_plural(len(refused), 'submission was', 'submissions were')} not drafted "
            "(the reasons are above).",
            messages.WARNING,
        )
    return None


class CaseStudySourceFormSet(BaseInlineFormSet):
    """The sources of a published anonymised case study must not identify its authority either
    (the case study form checks everything else)."""

    def clean(self):
        super().clean()
        case_study = self.instance
        if not (case_study.state == CaseStudy.State.PUBLISHED and case_study.is_anonymised):
            return
        sources = [
            SimpleNamespace(title=form.cleaned_data["title"], url=form.cleaned_data["url"])
            for form in self.forms
            if form.cleaned_data.get("url") and not form.cleaned_data.get("DELETE")
        ]
        found = identifying_text(case_study, sources=sources, only_sources=True)
        if found:
            raise ValidationError(
                f"This change cannot be saved while it is published. {quoted(case_study)} is "
                f"anonymised, but {found}. Remove it."
            )


class CaseStudySourceInline(admin.TabularInline):
    model = CaseStudySource
    formset = CaseStudySourceFormSet
    fields = ["order", "title", "url"]
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PlaceKindFilter(admin.SimpleListFilter):
    title = "UK or international"
    parameter_name = "place"

    def lookups(self, request, model_admin):
        return [("uk", "UK authority"), ("international", "International example")]

    def queryset(self, request, queryset):
        if self.value() == "uk":
            return queryset.uk()
        if self.value() == "international":
            return queryset.international()
        return queryset


@admin.register(CaseStudy)
class CaseStudyAdmin(SimpleHistoryAdmin):
    form = CaseStudyAdminForm
    list_display = ["title", "place", "state", "signoff_status", "published_at", "preview"]
    list_filter = ["state", "signoff", PlaceKindFilter, "themes", "is_demo"]
    list_select_related = ["authority", "signoff_by"]
    search_fields = [
        "title",
        "summary",
        "authority__name",
        "authority__official_name",
        "place_name",
        "country",
    ]
    autocomplete_fields = ["authority", "missions", "source_submission"]
    inlines = [CaseStudySourceInline]
    ordering = ["-updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = [
        "web_address",
        "preview_link",
        "consent_status",
        "state",
        "is_anonymised",
        "published_at",
        "created_at",
        "updated_at",
        "signoff",
        "signoff_comment",
        "signoff_by",
        "signoff_at",
        "signoff_requests",
        "signoff_requested_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "web_address", "summary", "body", "preview_link"]}),
        (
            "Place",
            {
                "fields": ["authority", "place_name", "country", "is_demo"],
                "description": "A UK authority, or for an international example the place and "
                "country.",
            },
        ),
        (
            "What it is about",
            {"fields": ["themes", "missions", "national_missions", "approaches", "partner_types"]},
        ),
        ("Lessons", {"fields": ["what_worked", "what_didnt"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        (
            "Where it comes from",
            {"fields": ["source_submission", "consent_status", "publication_basis"]},
        ),
        (
            "Publication",
            {
                "fields": ["state", "is_anonymised", "published_at", "created_at", "updated_at"],
                "description": "Change the state with the actions on the list of case studies. "
                "Publishing checks the authority's consent.",
            },
        ),
        (
            "Authority sign-off",
            {
                "fields": [
                    "signoff",
                    "signoff_comment",
                    "signoff_by",
                    "signoff_at",
                    "signoff_requests",
                    "signoff_requested_at",
                ],
                "description": "Officers of the authority approve the draft or ask for changes "
                "on their part of the site. Publishing does not need their approval.",
            },
        ),
    ]
    actions = [
        "submit_for_review",
        "publish",
        "withdraw",
        "request_signoff",
        "return_to_draft",
    ]

    def get_readonly_fields(self, request, obj=None):
        # The basis for publishing without a submission is the project lead's decision.
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            readonly.append("publication_basis")
        return readonly

    def save_model(self, request, obj, form, change):
        case_study_address_update(case_study=obj)  # the slug follows the published title
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # After the links and sources are saved, so the check sees what was saved.
        super().save_related(request, form, formsets, change)
        case_study = form.instance
        found = identifying_text(case_study) if case_study.is_anonymised else None
        if found:
            self.message_user(
                request,
                f"{quoted(case_study)} is anonymised, but {found}. Remove it: the public must "
                "not be able to tell which authority it is.",
                messages.WARNING,
            )

    def view_on_site(self, case_study):
        # Drafts have no public page yet: "View on site" opens the staff preview instead.
        if case_study.state == CaseStudy.State.PUBLISHED:
            return case_study.get_absolute_url()
        return preview_url(case_study)

    # --- columns and read-only fields ---------------------------------------------------------

    @admin.display(description="Place", ordering="authority__name")
    def place(self, case_study):
        if case_study.authority is None:
            return ", ".join(p for p in (case_study.place_name, case_study.country) if p) or "—"
        if case_study.is_anonymised:
            return f"{case_study.authority.name} (anonymised)"
        return case_study.authority.name

    @admin.display(description="Sign-off", ordering="signoff")
    def signoff_status(self, case_study):
        text = case_study.get_signoff_display()
        if case_study.signoff_by_id and case_study.signoff_at:
            when = timezone.localtime(case_study.signoff_at)
            return f"{text} ({case_study.signoff_by.email}, {when:%-d %b %Y})"
        return text

    @admin.display(description="Preview")
    def preview(self, case_study):
        return format_html('<a href="{}">Preview</a>', preview_url(case_study))

    @admin.display(description="Web address")
    def web_address(self, case_study):
        if case_study is None or not case_study.slug:
            return "Made from the title when it is saved."
        earlier = ", ".join(
            reverse("casestudies:detail", args=[s.slug]) for s in case_study.previous_slugs.all()
        )
        return (
            f"{case_study.get_absolute_url()} (follows the title when it is published and when "
            f"a published title changes; earlier addresses lead here: {earlier or 'none'})"
        )

    @admin.display(description="Preview")
    def preview_link(self, case_study):
        if case_study is None or case_study.pk is None:
            return "Save the case study to preview it."
        return format_html(
            '<a href="{}">Preview the public page</a> (only the project team can see it until '
            "it is published)",
            preview_url(case_study),
        )

    @admin.display(description="Consent and acceptance")
    def consent_status(self, case_study):
        submission = case_study.source_submission if case_study else None
        if submission is None:
            return (
                "Not drawn from a submission: a project lead records the basis for publishing "
                "it below (for example, written from public sources)."
            )
        consent = latest_consent(submission)
        if consent is None or not consent.publication:
            said = "The authority has not said whether its answers may be published."
        else:
            said = f"The authority's latest answer: {consent.get_publication_display()}."
        return f"{said} Submission status: {submission.get_status_display()}."

    # --- actions ------------------------------------------------------------------------------

    def _apply(self, request, queryset, service, done: str):
        changed, refused = [], []
        for case_study in queryset.order_by("pk"):
            try:
                service(case_study=case_study, by=request.user)
            except CaseStudyError as error:
                refused.append(str(error))
            else:
                changed.append(case_study)
        if changed:
            self.message_user(
                request,
                f"{_plural(len(changed), 'case study', 'case studies')} {done}: "
                f"{_titles(changed)}.",
                messages.SUCCESS,
            )
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._apply(request, queryset, case_study_submit_for_review, "submitted for review")

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description="Publish", permissions=["publish"])
    def publish(self, request, queryset):
        self._apply(request, queryset, case_study_publish, "published")

    @admin.action(description="Withdraw", permissions=["change"])
    def withdraw(self, request, queryset):
        self._apply(request, queryset, case_study_withdraw, "withdrawn")

    @admin.action(description="Return to draft", permissions=["change"])
    def return_to_draft(self, request, queryset):
        self._apply(request, queryset, case_study_return_to_draft, "returned to draft")

    @admin.action(description="Send to the authority for sign-off", permissions=["change"])
    def request_signoff(self, request, queryset):
        for case_study in queryset.select_related("authority").order_by("pk"):
            try:
                emailed = case_study_request_signoff(case_study=case_study, by=request.user)
            except CaseStudyError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Sent “{case_study.title}” to {case_study.authority.name} for sign-off: "
                    f"{_plural(emailed, 'officer', 'officers')} emailed.",
                    messages.SUCCESS,
                )
