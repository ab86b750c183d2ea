"""The codebook, coding answers (blind double coding), and the analysis pages."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from submissions.answers import answer_read

from .. import views
from ..codebook import CodebookError, codebook_import, codebook_rows
from ..forms import CodebookImportForm, DoubleCodingForm
from ..models import CodableAnswer, Code, Coding, DoubleCodingAssignment, coding_visible_to
from ..services import double_coding_assign, double_coding_mark_done
from ..spreadsheet import csv_response


@admin.register(Code)
class CodeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "theme", "parent", "description_excerpt"]
    list_filter = ["theme", ("parent", admin.EmptyFieldListFilter)]
    list_select_related = ["theme", "parent"]
    search_fields = ["name", "description", "theme__title"]
    autocomplete_fields = ["theme", "parent"]
    ordering = ["theme__order", "name"]
    fields = ["theme", "name", "description", "parent"]

    @admin.display(description="Description")
    def description_excerpt(self, code):
        return Truncator(code.description).chars(80)

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="research_code_export",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="research_code_import",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return csv_response(codebook_rows(), f"codebook-{timezone.localdate():%Y-%m-%d}.csv")

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CodebookImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                result = codebook_import(data=form.cleaned_data["file"].read())
            except CodebookError as error:
                problems = error.problems
            else:
                self.message_user(
                    request,
                    f"Imported the codebook: {result.created} new code{pluralize(result.created)}, "
                    f"{result.updated} updated.",
                    messages.SUCCESS,
                )
                return redirect("admin:research_code_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a codebook",
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/research/code/import.html", context)


def marked_done(done: int) -> str:
    return f"Marked your coding of {done} answer{pluralize(done)} as done."


class CodedTextAdmin:
    """What the two lists of texts to code (answers, and the other parts of a submission) share:
    nothing is added or deleted there, and a coding added inline is the signed-in coder's."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for coding in instances:
            if not coding.coder_id:
                coding.coder = request.user
            coding.save()
        for coding in formset.deleted_objects:
            coding.delete()

    @admin.display(description="Authority", ordering="submission__authority__name")
    def authority(self, text):
        return text.submission.authority


class CodingInline(admin.TabularInline):
    """Codings of one answer; coders on an open double coding see only their own."""

    model = Coding
    fields = ["code", "excerpt", "memo", "coder", "created_at"]
    readonly_fields = ["coder", "created_at"]
    extra = 1

    def get_queryset(self, request):
        return (
            super().get_queryset(request).visible_to(request.user).select_related("code", "coder")
        )

    def theme_id_of(self, obj):
        return obj.question.theme_id if obj is not None else None

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if theme_id := self.theme_id_of(obj):
            # Only the codebook of the text's theme (Coding.clean checks it again); texts
            # outside a theme (Learning and enablers) take any theme's codes.
            formset.form.base_fields["code"].queryset = Code.objects.filter(theme_id=theme_id)
        return formset


class CodedListFilter(admin.SimpleListFilter):
    title = "coded"
    parameter_name = "coded"

    def lookups(self, request, model_admin):
        return [("yes", "Coded"), ("no", "Not coded")]

    def queryset(self, request, queryset):
        # Blind double coding: the other coder's codings do not make an answer "coded".
        visible = Coding.objects.visible_to(request.user)
        has_codings = Exists(visible.filter(answer_id=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(has_codings)
        if self.value() == "no":
            return queryset.filter(~has_codings)
        return queryset


class DoubleCodingListFilter(admin.SimpleListFilter):
    title = "double coding"
    parameter_name = "double_coding"

    def lookups(self, request, model_admin):
        return [("mine", "Assigned to me, not finished"), ("any", "Marked for double coding")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            mine = DoubleCodingAssignment.objects.open().for_coder(request.user)
            return queryset.filter(pk__in=mine.values("answer_id"))
        if self.value() == "any":
            return queryset.filter(double_coding__isnull=False)
        return queryset


@admin.register(CodableAnswer)
class CodableAnswerAdmin(CodedTextAdmin, admin.ModelAdmin):
    list_display = ["authority", "theme", "question_excerpt", "text_excerpt", "code_list"]
    list_filter = [
        ("question__theme", admin.RelatedOnlyFieldListFilter),
        "submission__authority__type",
        "submission__authority__nation",
        CodedListFilter,
        DoubleCodingListFilter,
        "submission__round",
        "not_yet",
    ]
    search_fields = [
        "text",
        "not_yet_reason",
        "question__text",
        "submission__reference",
        "submission__authority__name",
    ]
    ordering = ["submission__authority__name", "question__theme__order", "question__order"]
    fields = ["authority", "theme", "question_asked", "answer_given", "double_coding_status"]
    readonly_fields = fields
    inlines = [CodingInline]
    actions = ["mark_for_double_coding", "mark_my_double_coding_done"]
    list_per_page = 50

    def get_queryset(self, request):
        visible = Coding.objects.visible_to(request.user).select_related("code")
        return (
            super()
            .get_queryset(request)
            .select_related("submission__authority", "submission__round", "question__theme")
            .prefetch_related(Prefetch("codings", queryset=visible, to_attr="visible_codings"))
        )

    @admin.display(description="Theme", ordering="question__theme__order")
    def theme(self, answer):
        return answer.question.theme or answer.question.get_section_display()

    @admin.display(description="Question (as answered)")
    def question_asked(self, answer):
        """The exact wording the officer answered, and its version."""
        return f"{answer.question_text or answer.question.text} (version {answer.question_version})"

    @admin.display(description="Question")
    def question_excerpt(self, answer):
        wording = answer.question_text or answer.question.text
        return f"{Truncator(wording).chars(60)} (v{answer.question_version})"

    @admin.display(description="Answer")
    def text_excerpt(self, answer):
        return Truncator(answer_read(answer)).chars(120)

    @admin.display(description="Answer")
    def answer_given(self, answer):
        return answer_read(answer)

    @admin.display(description="Codes")
    def code_list(self, answer):
        codings = getattr(answer, "visible_codings", [])
        return "; ".join(sorted({c.code.name for c in codings})) or "–"

    @admin.display(description="Double coding")
    def double_coding_status(self, answer):
        assignment = DoubleCodingAssignment.objects.filter(answer=answer).first()
        if assignment is None:
            return "Not marked for double coding"
        state = "finished" if not assignment.is_open else "in progress (coding is blind)"
        return f"Double coded: {state}"

    # --- actions ------------------------------------------------------------------------

    @admin.action(description="Mark for double coding", permissions=["change"])
    def mark_for_double_coding(self, request, queryset):
        answer_ids = list(queryset.values_list("pk", flat=True))
        if "apply" in request.POST:
            form = DoubleCodingForm(request.POST, answer_ids=answer_ids)
            if form.is_valid():
                created, skipped = double_coding_assign(
                    answers=queryset,
                    coder_a=form.cleaned_data["coder_a"],
                    coder_b=form.cleaned_data["coder_b"],
                    by=request.user,
                )
                message = f"Marked {created} answer{'s' if created != 1 else ''} for double coding."
                if skipped:
                    message += f" {skipped} already marked, left as they were."
                self.message_user(request, message, messages.SUCCESS)
                return None
        else:
            form = DoubleCodingForm(answer_ids=answer_ids)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Mark answers for double coding",
            "form": form,
            "answers": queryset.select_related("submission__authority", "question"),
            "answer_ids": answer_ids,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/research/double_coding_form.html", context)

    @admin.action(description="Mark my double coding of these answers as done")
    def mark_my_double_coding_done(self, request, queryset):
        assignments = DoubleCodingAssignment.objects.for_coder(request.user).filter(
            answer__in=queryset
        )
        done = sum(double_coding_mark_done(assignment=a, by=request.user) for a in assignments)
        if done:
            self.message_user(request, marked_done(done))
        else:
            self.message_user(
                request,
                "None of these answers is assigned to you for double coding.",
                messages.WARNING,
            )

    # --- analysis pages -----------------------------------------------------------------

    def get_urls(self):
        def wrap(view):
            def wrapper(request, *args, **kwargs):
                if not self.has_view_permission(request):
                    raise PermissionDenied
                return view(request, self, *args, **kwargs)

            return self.admin_site.admin_view(wrapper)

        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        return [
            path("comparison/", wrap(views.theme_comparison), name=f"{prefix}_comparison"),
            path("agreement/", wrap(views.agreement_report), name=f"{prefix}_agreement"),
            path("export/", wrap(views.export_submissions), name=f"{prefix}_export"),
            path(
                "export/<int:pk>/",
                wrap(views.export_download),
                name=f"{prefix}_export_download",
            ),
            *super().get_urls(),
        ]


@admin.register(Coding)
class CodingAdmin(SimpleHistoryAdmin):
    list_display = ["code", "answer_authority", "theme", "excerpt_short", "coder", "created_at"]
    list_filter = ["code__theme", "code", ("coder", admin.RelatedOnlyFieldListFilter)]
    list_select_related = [
        "code__theme",
        "coder",
        "answer__submission__authority",
        "unit__submission__authority",
    ]
    search_fields = ["code__name", "excerpt", "memo", "answer__text"]
    autocomplete_fields = ["answer", "unit", "code"]
    fields = [
        "answer",
        "unit",
        "code",
        "excerpt",
        "memo",
        "coder",
        "created_at",
        "question_version",
        "answer_text",
    ]
    readonly_fields = ["coder", "created_at", "question_version", "answer_text"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def _check_history_visible(self, request, object_id) -> None:
        # simple_history falls back to the history table for objects the queryset hides,
        # which would show a coder the other coder's codings (and deleted ones).
        record = Coding.history.filter(id=unquote(object_id)).order_by("-history_date").first()
        if record is None or not coding_visible_to(
            request.user, answer_id=record.answer_id, coder_id=record.coder_id
        ):
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # One version of a coding: the same blind rule as its history list.
        self._check_history_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not obj.coder_id:
            obj.coder = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Authority")
    def answer_authority(self, coding):
        return coding.target.submission.authority

    @admin.display(description="Theme", ordering="code__theme__order")
    def theme(self, coding):
        return coding.code.theme

    @admin.display(description="Excerpt")
    def excerpt_short(self, coding):
        return Truncator(coding.excerpt).chars(80) or "(whole answer)"
