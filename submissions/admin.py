from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Value
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from simple_history.admin import SimpleHistoryAdmin

from casestudies.admin import draft_case_study_from_submission
from common import roles as permissions
from councils.models import Approach, Authority, NationalMission
from instrument.models import Theme

from . import services
from .models import Answer, Consent, SectionProgress, Submission, SubmissionNote, ThemeReflection
from .sections import section_list


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SectionProgressInline(ReadOnlyInline):
    model = SectionProgress
    fields = ["key", "status", "version", "updated_by", "updated_at"]
    readonly_fields = fields
    ordering = ["pk"]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "text", "updated_at"]
    readonly_fields = fields
    ordering = ["question__theme__order", "question__order", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")


class ThemeReflectionInline(ReadOnlyInline):
    model = ThemeReflection
    fields = ["theme", "what_worked", "what_didnt"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("theme")


class ConsentInline(ReadOnlyInline):
    model = Consent
    fields = [
        "given_at",
        "given_by",
        "publication",
        "follow_up_contact",
        "privacy_agreed",
        "wording_version",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("given_by")


class SubmissionNoteInline(admin.TabularInline):
    """Internal notes: researchers add them here; they are never shown to officers."""

    model = SubmissionNote
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    can_delete = False
    verbose_name = "internal note (never shown to the authority)"
    verbose_name_plural = "internal notes (never shown to the authority)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_add_permission(self, request, obj=None):
        return permissions.can_review(request.user)

    def has_change_permission(self, request, obj=None):
        # Notes are a record: kept as written.
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields


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
    """Whether researchers have coded any of the submission's answers (research.Coding)."""

    title = "coding"
    parameter_name = "coded"

    def lookups(self, request, model_admin):
        return [("yes", "Coded"), ("no", "Not coded")]

    def queryset(self, request, queryset):
        Coding = apps.get_model("research", "Coding")
        coded = Coding.objects.values("answer__submission_id")
        if self.value() == "yes":
            return queryset.filter(pk__in=coded)
        if self.value() == "no":
            return queryset.exclude(pk__in=coded)
        return queryset


def _apply_to_each(modeladmin, request, queryset, service, done: str) -> None:
    changed, refused = [], []
    for submission in queryset.select_related("authority", "round").order_by("pk"):
        try:
            service(submission=submission, by=request.user)
        except services.SubmissionTransitionError as error:
            refused.append(str(error))
        else:
            changed.append(submission.authority.name)
    if changed:
        modeladmin.message_user(request, f"{done}: {', '.join(changed)}.", messages.SUCCESS)
    for reason in refused:
        modeladmin.message_user(request, reason, messages.ERROR)


def _export_actions() -> list:
    # RESEARCH's exports (research/exports.py), when the app is installed.
    if not apps.is_installed("research"):
        return []
    from research.exports import export_answers_as_csv, export_answers_as_xlsx

    return [export_answers_as_csv, export_answers_as_xlsx]


# transition name (in the URL) -> (service, what the button says, done message)
TRANSITIONS = {
    "start-review": (services.submission_start_review, "Start review", "Review started"),
    "accept": (services.submission_accept, "Accept", "Accepted"),
    "decline": (services.submission_decline, "Decline", "Declined"),
}


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
        *_export_actions(),
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
        *([CodedFilter] if apps.is_installed("research") else []),
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
        "submitted_by",
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
    inlines = [SubmissionNoteInline, SectionProgressInline, ThemeReflectionInline, ConsentInline]

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
        names = [u.get_full_name() or u.get_username() for u in submission.assignees.all()]
        return ", ".join(sorted(names)) or "Unassigned"

    @admin.display(description="Sections completed", ordering="sections_completed")
    def completeness(self, submission):
        return f"{submission.sections_completed} of {submission.section_total}"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "export_url": self._export_url(request)}
        return super().changelist_view(request, extra_context)

    def _export_url(self, request) -> str:
        if not permissions.can_export(request.user):
            return ""
        try:
            url = reverse("admin:research_codableanswer_export")
        except NoReverseMatch:
            return ""
        query = request.GET.urlencode()
        return f"{url}?{query}" if query else url

    @admin.display(description="Ideas and traditions it draws on")
    def approach_list(self, submission):
        return ", ".join(a.name for a in submission.approaches.all()) or "None selected"

    def has_add_permission(self, request):
        # Submissions are made by officers on the site, not in the admin.
        return False

    # --- who may do what (submissions/permissions.py) -------------------------------------

    def has_review_permission(self, request):
        return permissions.can_review(request.user)

    def has_decide_permission(self, request):
        return permissions.can_decide(request.user)

    def has_assign_permission(self, request):
        return permissions.can_assign(request.user)

    # --- actions -------------------------------------------------------------------------

    @admin.action(description="Start review", permissions=["review"])
    def start_review(self, request, queryset):
        _apply_to_each(self, request, queryset, services.submission_start_review, "Review started")

    @admin.action(description="Accept", permissions=["decide"])
    def accept(self, request, queryset):
        _apply_to_each(self, request, queryset, services.submission_accept, "Accepted")

    @admin.action(description="Decline", permissions=["decide"])
    def decline(self, request, queryset):
        _apply_to_each(self, request, queryset, services.submission_decline, "Declined")

    @admin.action(description="Assign to me", permissions=["assign"])
    def assign_to_me(self, request, queryset):
        for submission in queryset.order_by("pk"):
            services.submission_assign(
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
        service, _, done = TRANSITIONS[name]
        try:
            service(submission=submission, by=request.user, comment=request.POST.get("comment", ""))
        except services.SubmissionTransitionError as error:
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
                services.submission_unassign(
                    submission=submission, assignees=users, by=request.user
                )
            else:
                services.submission_assign(submission=submission, assignees=users, by=request.user)
        except services.SubmissionTransitionError as error:
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
                services.submission_request_changes(
                    submission=submission, by=request.user, changes=values, comment=comment
                )
            except services.SubmissionTransitionError as refusal:
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
            "can_request_changes": permissions.can_request_changes(request.user),
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
        allowed = {
            "start-review": permissions.can_review(user)
            and submission.status in services.TRANSITIONS[Submission.Status.IN_REVIEW][0],
            "accept": permissions.can_decide(user)
            and submission.status in services.TRANSITIONS[Submission.Status.ACCEPTED][0],
            "decline": permissions.can_decide(user)
            and submission.status in services.TRANSITIONS[Submission.Status.DECLINED][0],
        }
        buttons = [
            {
                "label": TRANSITIONS[name][1],
                "url": reverse(
                    "admin:submissions_submission_transition", args=[submission.pk, name]
                ),
            }
            for name, ok in allowed.items()
            if ok
        ]
        can_request = (
            permissions.can_request_changes(user)
            and submission.status in (services.TRANSITIONS[Submission.Status.CHANGES_REQUESTED][0])
        )
        return {
            "review_buttons": buttons,
            "request_changes_url": reverse(
                "admin:submissions_submission_request_changes", args=[submission.pk]
            )
            if can_request
            else "",
            "assign_url": reverse("admin:submissions_submission_assign", args=[submission.pk])
            if permissions.can_assign(user)
            else "",
            "staff_users": get_user_model()
            .objects.filter(is_staff=True, is_active=True)
            .order_by("username"),
            "themes": _answers_by_theme(submission),
            "transitions": submission.transitions.select_related("by"),
            "change_requests": submission.change_requests.select_related("created_by"),
            "answer_history": Answer.history.filter(submission_id=submission.pk)
            .select_related("history_user", "question")
            .order_by("-history_date")[:50],
            "section_titles": {s.key: s.title for s in section_list()},
        }


def _answers_by_theme(submission) -> list[dict]:
    """Each theme with its questions and this submission's answers (and their codes, when the
    research app is installed), in a fixed number of queries."""
    answers = Answer.objects.filter(submission=submission).select_related("question")
    if apps.is_installed("research"):
        from django.db.models import Prefetch

        Coding = apps.get_model("research", "Coding")
        answers = answers.prefetch_related(
            Prefetch("codings", queryset=Coding.objects.select_related("code", "coder"))
        )
    by_question = {a.question_id: a for a in answers}
    reflections = {r.theme_id: r for r in submission.reflections.all()}
    return [
        {
            "theme": theme,
            "rows": [(q, by_question.get(q.pk)) for q in theme.questions.all()],
            "reflection": reflections.get(theme.pk),
        }
        for theme in Theme.objects.with_questions()
    ]
