"""generate_scale_data: the sizes asked for, on top of the real register, the same every time."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casestudies.models import CaseStudy
from councils.models import Authority
from instrument.models import Question, Round
from research.models import Coding
from submissions.models import Answer, Submission

pytestmark = pytest.mark.django_db

SMALL = {"case_studies": 60, "submissions": 30, "answers": 360, "coded_share": 0.5, "seed": 7}


@pytest.fixture
def register():
    call_command("load_authorities", stdout=StringIO())


def generate(**options):
    out = StringIO()
    call_command("generate_scale_data", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def fingerprint() -> str:
    """A digest of what was generated, independent of primary keys."""
    rows = [
        (
            c.slug,
            c.title,
            c.body,
            c.authority.code if c.authority else c.place_name,
            c.is_anonymised,
            tuple(sorted(t.slug for t in c.themes.all())),
            tuple(sorted(a.slug for a in c.approaches.all())),
            tuple(sorted(p.slug for p in c.partner_types.all())),
        )
        for c in CaseStudy.objects.filter(slug__startswith="scale-")
        .select_related("authority")
        .prefetch_related("themes", "approaches", "partner_types")
        .order_by("slug")
    ]
    rows += [
        (a.submission.reference, a.submission.authority.code, a.question.text, a.text)
        for a in Answer.objects.select_related("submission__authority", "question").order_by(
            "submission__reference", "question__order", "question__text"
        )
    ]
    rows += sorted(
        (c.answer.submission.reference, c.answer.question.text, c.code.name)
        for c in Coding.objects.select_related("answer__submission", "answer__question", "code")
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_needs_the_register():
    with pytest.raises(CommandError, match="load_authorities"):
        generate()


def test_generates_the_sizes_asked_for(register):
    message = generate(answers=900)
    assert "60 published case studies" in message
    published = CaseStudy.objects.published().filter(slug__startswith="scale-")
    assert published.count() == 60
    assert published.filter(authority__isnull=False).count() > 40
    assert published.filter(themes__isnull=False).distinct().count() == 60
    assert published.filter(approaches__isnull=False).distinct().count() == 60
    assert published.filter(partner_types__isnull=False).distinct().count() == 60
    assert published.values("authority").distinct().count() > 20
    assert Submission.objects.count() == 30
    assert Answer.objects.count() == 900
    # 30 answers a submission: more than the questionnaire's questions, so some were added.
    assert Question.objects.filter(text__startswith="scale: ").exists()
    coded = Coding.objects.values("answer").distinct().count()
    assert 900 * 0.3 < coded < 900 * 0.7
    assert len({answer.text for answer in Answer.objects.all()}) > 300


def test_submissions_spread_over_rounds_when_the_register_is_too_small(register):
    authorities = Authority.objects.filter(is_current=True).count()
    generate(submissions=authorities + 5, answers=authorities + 5, case_studies=1)
    assert Submission.objects.count() == authorities + 5
    assert Round.objects.filter(slug__startswith="scale-").count() == 2


def test_the_same_seed_gives_the_same_data_and_a_rerun_replaces_it(register):
    generate()
    first = fingerprint()
    generate()
    assert fingerprint() == first
    assert CaseStudy.objects.filter(slug__startswith="scale-").count() == 60
    assert Answer.objects.count() == 360
    generate(seed=8)
    assert fingerprint() != first
