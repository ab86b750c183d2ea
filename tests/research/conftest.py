import pytest

from councils.models import Authority
from instrument.models import Round, Theme
from research.models import Code, Coding
from submissions.models import Answer, Submission, ThemeReflection
from tests.factories import AuthorityFactory, QuestionFactory, ThemeFactory


@pytest.fixture
def a_round(db):
    return Round.objects.create(
        title="Call for practice 2030",
        slug="cfp-2030",
        opens_on="2030-01-01",
        closes_on="2030-12-31",
    )


@pytest.fixture
def theme(a_round):
    theme = ThemeFactory(title="Working with communities", slug="working-with-communities")
    QuestionFactory(round=a_round, theme=theme, text="How do residents shape the mission?", order=1)
    QuestionFactory(round=a_round, theme=theme, text="Who do you partner with?", order=2)
    return theme


def make_submission(
    round,
    theme: Theme,
    *,
    name: str,
    type=Authority.Type.UNITARY,
    nation=Authority.Nation.ENGLAND,
    status=Submission.Status.SUBMITTED,
    text: str = "We held citizens' assemblies.",
):
    """A submission with an answer to every question of `theme` and a reflection on it."""
    council = AuthorityFactory(name=name, type=type, nation=nation)
    submission = Submission.objects.create(
        authority=council, round=round, status=status, reference=f"REF-{council.code}"
    )
    for question in theme.questions.all():
        Answer.objects.create(
            submission=submission, question=question, text=f"{name}: {text} Q{question.order}."
        )
    ThemeReflection.objects.create(
        submission=submission,
        theme=theme,
        what_worked=f"{name} worked: listening.",
        what_didnt=f"{name} didn't: funding.",
    )
    return submission


def code_answer(answer, code: Code, coder, excerpt: str = "", memo: str = "") -> Coding:
    return Coding.objects.create(
        answer_id=answer.pk, code=code, coder=coder, excerpt=excerpt, memo=memo
    )


@pytest.fixture
def private_media(settings, tmp_path):
    """Exported files and evidence in a folder of this test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
