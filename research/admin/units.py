"""Coding the parts of a submission that are not answers: what worked and what didn't, the
missions' statements and the role of national government (research.models.TextUnit)."""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.text import Truncator

from submissions.models import Submission

from ..models import Coding, TextUnit
from ..services import text_units_sync, unit_texts
from .coding import CodedTextAdmin, CodingInline


class UnitCodingInline(CodingInline):
    """Codings of one text unit (a reflection, a mission's text), with its theme's codebook."""

    fk_name = "unit"

    def theme_id_of(self, obj):
        return obj.theme_id if obj is not None else None


@admin.register(TextUnit)
class TextUnitAdmin(CodedTextAdmin, admin.ModelAdmin):
    list_display = ["authority", "part", "text_excerpt", "code_list"]
    list_filter = ["field", "submission__round", "submission__authority__type"]
    search_fields = ["submission__reference", "submission__authority__name"]
    ordering = ["submission__authority__name", "field", "object_id"]
    fields = ["authority", "part", "current_text"]
    readonly_fields = fields
    inlines = [UnitCodingInline]
    list_per_page = 50

    def get_queryset(self, request):
        visible = Coding.objects.visible_to(request.user).select_related("code")
        return (
            super()
            .get_queryset(request)
            .select_related("submission__authority", "submission__round")
            .prefetch_related(Prefetch("codings", queryset=visible, to_attr="visible_codings"))
        )

    def changelist_view(self, request, extra_context=None):
        # Units are made when first listed, so a new reflection or statement can be coded.
        text_units_sync(submissions=Submission.objects.all())
        return super().changelist_view(request, extra_context)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        texts = unit_texts(changelist.result_list)
        for unit in changelist.result_list:
            unit.loaded_text = texts.get(unit.pk, "")
        return changelist

    @admin.display(description="Part of the submission")
    def part(self, unit):
        return unit.label

    @admin.display(description="Text")
    def current_text(self, unit):
        return unit.text

    @admin.display(description="Text")
    def text_excerpt(self, unit):
        return Truncator(getattr(unit, "loaded_text", None) or unit.text).chars(120)

    @admin.display(description="Codes")
    def code_list(self, unit):
        codings = getattr(unit, "visible_codings", [])
        return "; ".join(sorted({c.code.name for c in codings})) or "–"
