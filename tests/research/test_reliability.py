"""Agreement statistics checked against published worked examples, and shown on the admin page."""

import pytest
from django.urls import reverse

from research.agreement import Agreement, agreement, pooled
from research.krippendorff import alpha, alpha_with_interval, masi_distance, nominal_distance
from research.models import Code, DoubleCodingAssignment

from .conftest import code_answer
from .test_agreement import coders, mark_for_double_coding, ten_answers  # noqa: F401

N = None
# Krippendorff, K. (2011) "Computing Krippendorff's Alpha-Reliability", Annenberg School for
# Communication, https://repository.upenn.edu/asc_papers/43, example C: nominal data, four
# observers, twelve units, missing values. Published: alpha = 0.743. (The same "C" data are the
# example of R's irr::kripp.alpha and DescTools::KrippAlpha.) One tuple per unit: A, B, C, D.
KRIPPENDORFF_2011_C = [
    (1, 1, N, 1),
    (2, 2, 3, 2),
    (3, 3, 3, 3),
    (3, 3, 3, 3),
    (2, 2, 2, 2),
    (1, 2, 3, 4),
    (4, 4, 4, 4),
    (1, 1, 2, 1),
    (2, 2, 2, 2),
    (N, 5, 5, 5),
    (N, N, 1, 1),
    (N, N, 3, N),  # one value only: not pairable, left out
]


def test_alpha_matches_krippendorffs_published_nominal_example():
    assert round(alpha(KRIPPENDORFF_2011_C, nominal_distance), 3) == 0.743


def test_alpha_with_interval_brackets_the_estimate_and_is_repeatable():
    first = alpha_with_interval(KRIPPENDORFF_2011_C)
    again = alpha_with_interval(KRIPPENDORFF_2011_C)

    assert round(first.alpha, 3) == 0.743
    assert first.units == 11  # the twelfth unit has a single value
    assert first.values == 40
    assert first.low <= first.alpha <= first.high <= 1
    assert (first.low, first.high) == (again.low, again.high)


def test_alpha_is_undefined_without_variation_or_pairs():
    assert alpha([(1, 1), (1, 1)]) is None
    assert alpha([(1, N), (N, 2)]) is None


def test_kappa_matches_the_textbook_two_by_two_example():
    """50 grant proposals read by two readers (the "simple example" of Cohen's kappa in
    Wikipedia and statistics primers): both yes 20, A yes B no 5, A no B yes 10, both no 15.
    p_o = 35/50 = 0.70, p_e = 0.5 × 0.6 + 0.5 × 0.4 = 0.50, kappa = 0.40."""
    table = Agreement(n=50, both=20, only_a=5, only_b=10, neither=15)

    assert table.observed == pytest.approx(0.70)
    assert table.expected == pytest.approx(0.50)
    assert table.kappa == pytest.approx(0.40)
    assert table.prevalence == pytest.approx(0.55)  # (25 + 30) / 100 "yes" decisions


def test_masi_follows_passonneau_2006():
    """Passonneau (2006), "Measuring agreement on set-valued items (MASI) for semantic and
    pragmatic annotation", LREC: MASI = Jaccard × monotonicity, monotonicity 1 (equal sets),
    2/3 (subset), 1/3 (overlap), 0 (disjoint); distance = 1 − MASI.

    NLTK's documented example masi_distance({1, 2}, {1, 2, 3, 4}) gives 0.665 because NLTK rounds
    2/3 to 0.67; the exact value is 1 − 0.5 × 2/3 = 0.667."""
    assert masi_distance(frozenset({1, 2}), frozenset({1, 2})) == 0
    assert masi_distance(frozenset({1, 2}), frozenset({1, 2, 3, 4})) == pytest.approx(2 / 3)
    assert round(masi_distance({1, 2}, {1, 2, 3, 4}), 2) == round(0.665, 2)
    # Overlap without containment: Jaccard 1/3, monotonicity 1/3.
    assert masi_distance({1, 2}, {2, 3}) == pytest.approx(1 - 1 / 9)
    assert masi_distance({1}, {2}) == 1
    assert masi_distance(frozenset(), {1}) == 1


def test_alpha_takes_any_number_of_coders_with_sets():
    same = [(frozenset({1}), frozenset({1}), frozenset({1})), (frozenset(), frozenset(), N)]
    assert alpha(same, masi_distance) == 1


def test_pooled_leaves_out_codes_neither_coder_used():
    used = agreement([(True, True), (True, False), (False, False), (False, False)])
    unused = agreement([(False, False)] * 4)

    assert not unused.used
    assert pooled([used, unused]) == used
    assert pooled([used, unused]).kappa == used.kappa


@pytest.mark.django_db
def test_agreement_page_shows_prevalence_alpha_and_ignores_unused_codes(
    coders,  # noqa: F811
    ten_answers,  # noqa: F811
    researcher_client,
):
    """As test_agreement_report_gives_the_hand_computed_kappa, plus a code nobody used.

    Code X (A: answers 1–6, B: 1–5 and 7): 20 values, 12 "applied", 8 not; two answers
    disagree. D_o = 4/20 = 0.2; D_e = 2 × 12 × 8 / (20 × 19) = 0.5053; alpha = 0.604 → "0.60".
    Prevalence (6 + 6) / 20 = 60%.
    Theme, MASI over sets: {X,Y}×4, {X}×8, {}×8 values; answers 6 and 7 disagree fully
    ({X} vs {}): D_o = 0.2; D_e = 2 × (4×8×2/3 + 4×8×1 + 8×8×1) / 380 = 0.6175;
    alpha = 0.676 → "0.68". Pooled kappa over X and Y stays 0.79 although Z is listed.
    """
    ada, bo = coders
    theme, answers = ten_answers
    code_x = Code.objects.create(theme=theme, name="Code X")
    code_y = Code.objects.create(theme=theme, name="Code Y")
    code_z = Code.objects.create(theme=theme, name="Code Z (never used)")
    mark_for_double_coding(researcher_client, answers, ada, bo)
    for n, answer in enumerate(answers, start=1):
        if n <= 6:
            code_answer(answer, code_x, ada)
        if n <= 5 or n == 7:
            code_answer(answer, code_x, bo)
        if n <= 2:
            code_answer(answer, code_y, ada)
            code_answer(answer, code_y, bo)
    DoubleCodingAssignment.objects.update(coder_a_done=True, coder_b_done=True)

    content = researcher_client.get(reverse("admin:research_codableanswer_agreement")).content
    content = content.decode()

    assert f'data-code-alpha="{code_x.pk}">0.60<' in content
    assert f'data-code-prevalence="{code_x.pk}">60%<' in content
    assert f'data-code-kappa="{code_z.pk}">n/a<' in content
    assert f'data-theme-kappa="{theme.pk}">0.79<' in content
    assert f'data-theme-observed="{theme.pk}">90%<' in content
    assert f'data-theme-masi="{theme.pk}">0.68<' in content
    assert "1 code neither coder used left out" in content
