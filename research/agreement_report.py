"""The figures on the coder agreement page, over double coding both coders have finished."""

from collections import defaultdict

from .agreement import Agreement, agreement, decisions_for_code, pooled
from .krippendorff import AlphaResult, alpha_with_interval, masi_distance, nominal_distance
from .models import Code, Coding, DoubleCodingAssignment


def _number(value: float | None, fmt: str = ".2f") -> str:
    return "n/a" if value is None else format(value, fmt)


def _format_agreement(result: Agreement) -> dict:
    return {
        "result": result,
        "observed": _number(result.observed, ".0%"),
        "prevalence": _number(result.prevalence, ".0%"),
        "kappa": _number(result.kappa),
    }


def _format_alpha(result: AlphaResult) -> dict:
    interval = (
        f"{result.low:.2f} to {result.high:.2f}"
        if result.low is not None and result.high is not None
        else "n/a"
    )
    return {"alpha": _number(result.alpha), "interval": interval, "alpha_result": result}


def agreement_sections() -> list[dict]:
    """Per theme: each code's 2×2 table, prevalence, kappa and nominal alpha; the theme's
    kappa pooled over the codes used, and alpha with MASI distance over each answer's set of
    codes. Only the two assigned coders' codings count."""
    assignments = list(
        DoubleCodingAssignment.objects.completed().select_related("answer__question__theme")
    )
    coders_of = {a.answer_id: (a.coder_a_id, a.coder_b_id) for a in assignments}
    applied_a, applied_b = set(), set()
    sets_a, sets_b = defaultdict(set), defaultdict(set)
    for answer_id, code_id, coder_id in Coding.objects.filter(answer_id__in=coders_of).values_list(
        "answer_id", "code_id", "coder_id"
    ):
        coder_a, coder_b = coders_of[answer_id]
        if coder_id == coder_a:
            applied_a.add((answer_id, code_id))
            sets_a[answer_id].add(code_id)
        elif coder_id == coder_b:
            applied_b.add((answer_id, code_id))
            sets_b[answer_id].add(code_id)

    answers_by_theme, themes = defaultdict(list), {}
    for assignment in assignments:
        theme = assignment.answer.question.theme
        themes[theme.pk] = theme
        answers_by_theme[theme.pk].append(assignment.answer_id)
    codes_by_theme = defaultdict(list)
    for code in Code.objects.filter(theme_id__in=themes).order_by("name"):
        codes_by_theme[code.theme_id].append(code)

    sections = []
    for theme in sorted(themes.values(), key=lambda t: (t.order, t.title)):
        answer_ids = answers_by_theme[theme.pk]
        codes = codes_by_theme[theme.pk]
        rows, results = [], []
        for code in codes:
            decisions = decisions_for_code(code.pk, answer_ids, applied_a, applied_b)
            result = agreement(decisions)
            results.append(result)
            rows.append(
                {
                    "code": code,
                    **_format_agreement(result),
                    **_format_alpha(alpha_with_interval(decisions, nominal_distance)),
                }
            )
        code_ids = {c.pk for c in codes}
        sets = [
            (frozenset(sets_a[a] & code_ids), frozenset(sets_b[a] & code_ids)) for a in answer_ids
        ]
        sections.append(
            {
                "theme": theme,
                "answer_count": len(answer_ids),
                "codes": rows,
                "unused_count": sum(not r.used for r in results),
                **_format_agreement(pooled(results)),
                "masi": _format_alpha(alpha_with_interval(sets, masi_distance)),
            }
        )
    return sections
