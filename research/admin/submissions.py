"""The researchers' list and page of submissions: filters, search, the review buttons and
actions, assignment, requests for changes, and each answer with its codes."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Value
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from casestudies.admin import draft_case_study_from_submission
from common import roles
from common.people import display_name
from submissions.models import Answer, Submission
from submissions.sections import section_list
from submissions.workflow import WORKFLOW

from .. import review
from ..exports import export_answers_as_csv, export_answers_as_xlsx
from .submission_filters import (
    ApproachFilter,
    AssigneeFilter,
    CodedFilter,
    NationalMissionFilter,
    RegionFilter,
)
from .submission_inlines import (
    ConsentInline,
    EvidenceInline,
    SectionProgressInline,
    SubmissionNoteInline,
    ThemeReflectionInline,
    answers_by_theme,
    missions_with_partners,
)

S = Submission.Status

# transition name (in the URL) -> (service, what the button says, done message, target status)
TRANSITIONS = {
    "start-review": (review.submission_start_review, "Start review", "Review started", S.IN_REVIEW),
    "accept": (review.submission_accept, "Accept", "Accepted", S.ACCEPTED),
    "decline": (review.submission_decline, "Decline", "Declined", S.DECLINED),
}


def _apply_to_each(modeladmin, request, queryset, service, done: str) -> None:
    changed, refused = [], []
    for submission in queryset.select_related("authority", "round").order_by("pk"):
        try:
            service(submission=submission, by=request.user)
        except review.SubmissionTransitionError as error:
            refused.append(str(error))
        else:
            changed.append(submission.authority.name)
    if changed:
        modeladmin.message_user(request, f"{done}: {', '.join(changed)}.", messages.SUCCESS)
    for reason in refused:
        modeladmin.message_user(request, reason, messages.ERROR)


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    change_form_template = "admin/submissions/submission/change_form.html"
    change_list_template = "admin/submissions/submission/change_list.html"
    actions = [
        "start_review",
        "accept",
        "decline",
        "assign_to_me",
        draft_case_study_from_submission,
        export_answers_as_csv,
        export_answers_as_xlsx,
    ]
    list_display = [
        "authority",
        "reference",
        "authority_type",
        "nation",
        "region",
        "round",
        "status",
        "assignee_list",
        "submitted_at",
        "completeness",
    ]
    list_filter = [
        "status",
        "round",
        "authority__nation",
        RegionFilter,
        "authority__type",
        "authority__tier",
        NationalMissionFilter,
        ApproachFilter,
        AssigneeFilter,
        CodedFilter,
    ]
    list_select_related = ["authority", "round"]
    search_fields = ["reference", "authority__name", "authority__official_name"]
    search_help_text = "Search authority names, reference numbers and the text of answers"
    ordering = ["-updated_at"]
    readonly_fields = [
        "authority",
        "round",
        "status",
        "reference",
        "submitted_at",
        "submitted_by_name",
        "assignee_list",
        "declaration",
        "uses_mission_language",
        "approach_list",
        "who_leads",
        "national_government",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [
        SubmissionNoteInline,
        SectionProgressInline,
        ThemeReflectionInline,
        EvidenceInline,
        ConsentInline,
    ]

    # --- the list ------------------------------------------------------------------------

    def get_queryset(self, request):
        # The number of sections comes from the themes: one query per page, not per row.
        return (
            super()
            .get_queryset(request)
            .with_section_counts()
            .annotate(section_total=Value(len(section_list())))
            .prefetch_related("assignees")
        )

    def get_search_results(self, request, queryset, search_term):
        named, _ = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return named, False
        # Answers' text too: full-text search on PostgreSQL, a plain match elsewhere.
        if settings.USING_POSTGRES:
            from django.contrib.postgres.search import SearchQuery, SearchVector

            matching = Answer.objects.annotate(
                search=SearchVector("text", config="english")
            ).filter(search=SearchQuery(search_term, config="english", search_type="websearch"))
        else:
            matching = Answer.objects.filter(text__icontains=search_term)
        found = queryset.filter(
            Q(pk__in=named.values("pk")) | Q(pk__in=matching.values("submission_id"))
        )
        return found, False

    @admin.display(description="Type", ordering="authority__type")
    def authority_type(self, submission):
        return submission.authority.get_type_display()

    @admin.display(description="Nation", ordering="authority__nation")
    def nation(self, submission):
        return submission.authority.nation

    @admin.display(description="Region", ordering="authority__region")
    def region(self, submission):
        return submission.authority.region

    @admin.display(description="Assignees")
    def assignee_list(self, submission):
        names = [display_name(u) for u in submission.assignees.all()]
        return ", ".join(sorted(names)) or "Unassigned"

    @admin.display(description="Submitted by")
    def submitted_by_name(self, submission):
        return display_name(submission.submitted_by) or "—"

    @admin.display(description="Sections completed", ordering="sections_completed")
    def completeness(self, submission):
        return f"{submission.sections_completed} of {submission.section_total}"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "export_url": self._export_url(request)}
        return super().changelist_view(request, extra_context)

    def _export_url(self, request) -> str:
        if not roles.can_export(request.user):
            return ""
        url = reverse("admin:research_codableanswer_export")
        query = request.GET.urlencode()
        return f"{url}?{query}" if query else url

    @admin.display(description="Ideas and traditions it draws on")
    def approach_list(self, submission):
        return ", ".join(a.name for a in submission.approaches.all()) or "None selected"

    def has_add_permission(self, request):
        # Submissions are made by officers on the site, not in the admin.
        return False

    # --- who may do what (common/roles.py) -------------------------------------------------

    def has_review_permission(self, request):
        return roles.can_review(request.user)

    def has_decide_permission(self, request):
        return roles.can_decide(request.user)

    def has_assign_permission(self, request):
        return roles.can_assign(request.user)

    # --- actions -------------------------------------------------------------------------

    @admin.action(description="Start review", permissions=["review"])
    def start_review(self, request, queryset):
        _apply_to_each(self, request, queryset, review.submission_start_review, "Review started")

    @admin.action(description="Accept", permissions=["decide"])
    def accept(self, request, queryset):
        _apply_to_each(self, request, queryset, review.submission_accept, "Accepted")

    @admin.action(description="Decline", permissions=["decide"])
    def decline(self, request, queryset):
        _apply_to_each(self, request, queryset, review.submission_decline, "Declined")

    @admin.action(description="Assign to me", permissions=["assign"])
    def assign_to_me(self, request, queryset):
        for submission in queryset.order_by("pk"):
            review.submission_assign(
                submission=submission, assignees=[request.user], by=request.user
            )
        self.message_user(request, "Assigned to you.", messages.SUCCESS)

    # --- the submission page: buttons post to these views ---------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/transition/<slug:name>/",
                view(self.transition_view),
                name="submissions_submission_transition",
            ),
            path(
                "<int:pk>/request-changes/",
                view(self.request_changes_view),
                name="submissions_submission_request_changes",
            ),
            path("<int:pk>/assign/", view(self.assign_view), name="submissions_submission_assign"),
            *super().get_urls(),
        ]

    def _submission(self, request, pk) -> Submission:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            self.get_queryset(request).select_related("authority", "round"), pk=pk
        )

    def _back(self, submission):
        return redirect("admin:submissions_submission_change", submission.pk)

    def transition_view(self, request, pk, name):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        submission = self._submission(request, pk)
        if name not in TRANSITIONS:
            raise PermissionDenied
        service, _, done, _ = TRANSITIONS[name]
        try:
            service(submission=submission, by=request.user, comment=request.POST.get("comment", ""))
        except review.SubmissionTransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, f"{done}: {submission.authority.name}.", messages.SUCCESS)
        return self._back(submission)

    def assign_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        submission = self._submission(request, pk)
        users = get_user_model().objects.filter(
            pk__in=request.POST.getlist("assignees"), is_staff=True
        )
        try:
            if "remove" in request.POST:
                review.submission_unassign(submission=submission, assignees=users, by=request.user)
            else:
                review.submission_assign(submission=submission, assignees=users, by=request.user)
        except review.SubmissionTransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, "Assignees updated.", messages.SUCCESS)
        return self._back(submission)

    def request_changes_view(self, request, pk):
        submission = self._submission(request, pk)
        sections = section_list()
        values = {s.key: request.POST.get(f"section-{s.key}", "") for s in sections}
        comment = request.POST.get("comment", "")
        error = ""
        if request.method == "POST":
            try:
                review.submission_request_changes(
                    submission=submission, by=request.user, changes=values, comment=comment
                )
            except review.SubmissionTransitionError as refusal:
                error = str(refusal)
            else:
                self.message_user(
                    request,
                    f"Changes requested: {submission.authority.name}’s officers have been emailed.",
                    messages.SUCCESS,
                )
                return self._back(submission)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": submission,
            "title": f"Ask {submission.authority.name} for changes",
            "sections": [(s, values[s.key]) for s in sections],
            "comment": comment,
            "error": error,
            "can_request_changes": roles.can_request_changes(request.user),
        }
        return TemplateResponse(
            request, "admin/submissions/submission/request_changes.html", context
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # get_object copes with malformed ids (None), so Django's own "doesn't exist" applies.
        submission = self.get_object(request, unquote(object_id))
        if submission is not None:
            extra_context = {**(extra_context or {}), **self._review_context(request, submission)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _review_context(self, request, submission) -> dict:
        user = request.user
        may = {"start-review": roles.can_review(user), "accept": roles.can_decide(user)}
        may["decline"] = may["accept"]
        # Each button's <form> is rendered after the change form (forms cannot nest): the
        # button and its comment box name it with form="review-<name>".
        buttons = [
            {
                "label": label,
                "form_id": f"review-{name}",
                "url": reverse(
                    "admin:submissions_submission_transition", args=[submission.pk, name]
                ),
            }
            for name, (_, label, _, to) in TRANSITIONS.items()
            if may[name] and WORKFLOW.allows(current=submission.status, to=to)
        ]
        titles = {s.key: f"{s.number}. {s.title}" for s in section_list()}
        can_request = roles.can_request_changes(user) and WORKFLOW.allows(
            current=submission.status, to=S.CHANGES_REQUESTED
        )
        return {
            "review_buttons": buttons,
            "request_changes_url": reverse(
                "admin:submissions_submission_request_changes", args=[submission.pk]
            )
            if can_request
            else "",
            "assign_url": reverse("admin:submissions_submission_assign", args=[submission.pk])
            if roles.can_assign(user)
            else "",
            "staff_users": get_user_model()
            .objects.filter(is_staff=True, is_active=True)
            .order_by("username"),
            "themes": answers_by_theme(submission, request.user),
            "missions": missions_with_partners(submission),
            "transitions": submission.transitions.select_related("by"),
            "change_requests": [
                (titles.get(change.section_key, change.section_key), change)
                for change in submission.change_requests.select_related("created_by")
            ],
            "answer_history": Answer.history.filter(submission_id=submission.pk)
            .select_related("history_user", "question")
            .order_by("-history_date")[:50],
        }
