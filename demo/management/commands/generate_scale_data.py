"""Generate a large, deterministic data set for load tests and query-budget checks.

On top of the real register (`manage.py load_authorities`): published case studies spread over
authorities, themes, approaches and partner types; submissions over as many past rounds as the
register needs (one submission per authority and round) with their answers; and codings on a
share of the answers. The same --seed gives the same rows. Running it again replaces what an
earlier run made (everything it makes is marked with the `scale` prefix), and nothing else.

For benchmark and test databases only: where the questionnaire has fewer questions than
answers per submission, it adds questions to the themes.
"""

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from casestudies.models import CaseStudy
from common import pagecache
from councils.models import Approach, Authority, PartnerType
from instrument.models import Question, Round, Theme
from research.models import Code, Coding
from submissions.models import Answer, Submission

PREFIX = "scale"
BATCH = 2000
WORDS = [
    "residents",
    "council",
    "housing",
    "transport",
    "climate",
    "health",
    "children",
    "skills",
    "jobs",
    "neighbourhood",
    "partnership",
    "mission",
    "outcome",
    "data",
    "community",
    "energy",
    "retrofit",
    "estate",
    "youth",
    "care",
    "prevention",
    "budget",
    "budgeting",
    "assembly",
    "citizens",
    "board",
    "target",
    "measure",
    "evidence",
    "pilot",
    "fund",
    "place",
    "inequality",
    "poverty",
    "wellbeing",
    "green",
    "economy",
    "investment",
    "travel",
    "school",
    "library",
    "volunteers",
    "officers",
    "leadership",
    "accountability",
    "learning",
    "trust",
    "culture",
    "experiment",
    "scale",
    "reporting",
]
OPENINGS = [
    "We worked with",
    "Officers learned that",
    "The board agreed that",
    "Residents told us that",
    "Over three years",
    "Our first pilot showed that",
    "Partners asked whether",
    "The mission team found that",
]
PLACES = [
    ("Medellín", "Colombia"),
    ("Amsterdam", "Netherlands"),
    ("Seoul", "South Korea"),
    ("Barcelona", "Spain"),
    ("Helsinki", "Finland"),
    ("Melbourne", "Australia"),
]
CODE_NAMES = [
    "Co-design with residents",
    "Cross-party support",
    "Long-term budget",
    "Shared measures",
    "Partner accountability",
    "Learning loops",
    "Political leadership",
    "Data sharing",
]


class Text:
    """Varied, readable-ish text from a seeded generator (real answers are not one sentence)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(8, 22))
        return f"{self.rng.choice(OPENINGS)} {' '.join(words)}."

    def paragraph(self, sentences: tuple[int, int] = (3, 7)) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def title(self) -> str:
        words = self.rng.sample(WORDS, 4)
        return f"{words[0].capitalize()} and {words[1]}: {words[2]} {words[3]}"


class Command(BaseCommand):
    help = (
        "Generate deterministic scale data (case studies, submissions, answers, codings) on top "
        "of the authority register, for load tests. Benchmark and test databases only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--case-studies", type=int, default=10_000)
        parser.add_argument("--submissions", type=int, default=5_000)
        parser.add_argument("--answers", type=int, default=200_000, help="Total answers")
        parser.add_argument(
            "--coded-share", type=float, default=0.1, help="Share of answers given codings"
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        authorities = list(Authority.objects.filter(is_current=True).order_by("code"))
        if not authorities:
            raise CommandError("No authorities: run `manage.py load_authorities` first.")
        started = time.monotonic()
        rng = random.Random(options["seed"])
        text = Text(rng)
        with transaction.atomic():
            self.clear()
            made = self.case_studies(rng, text, authorities, options["case_studies"])
            submissions = self.submissions(rng, authorities, options["submissions"])
            answers = self.answers(rng, text, submissions, options["answers"])
            codings = self.codings(rng, text, answers, options["coded_share"])
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would make a while later: without them the
            # planner takes the new tables for empty and picks slow plans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        pagecache.bump()
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data: {made:,} published case studies, {len(submissions):,} submissions, "
                f"{len(answers):,} answers, {codings:,} codings "
                f"in {time.monotonic() - started:.1f} s."
            )
        )

    def clear(self):
        Coding.objects.filter(code__name__startswith=f"{PREFIX}: ").delete()
        Code.objects.filter(name__startswith=f"{PREFIX}: ").delete()
        Submission.objects.filter(round__slug__startswith=f"{PREFIX}-").delete()
        Round.objects.filter(slug__startswith=f"{PREFIX}-").delete()
        Question.objects.filter(text__startswith=f"{PREFIX}: ").delete()
        CaseStudy.objects.filter(slug__startswith=f"{PREFIX}-").delete()

    def case_studies(self, rng, text, authorities, count) -> int:
        themes = list(Theme.objects.order_by("pk"))
        approaches = list(Approach.objects.order_by("pk"))
        partner_types = list(PartnerType.objects.order_by("pk"))
        start = timezone.make_aware(dt.datetime(2026, 1, 1, 9, 0))
        rows = []
        for i in range(count):
            international = rng.random() < 0.1
            place, country = rng.choice(PLACES) if international else ("", "")
            rows.append(
                CaseStudy(
                    title=f"{text.title()} ({i + 1})",
                    slug=f"{PREFIX}-case-study-{i + 1}",
                    summary=text.paragraph((2, 3)),
                    body="\n\n".join(text.paragraph() for _ in range(rng.randint(3, 6))),
                    what_worked=text.paragraph((1, 3)),
                    what_didnt=text.paragraph((1, 3)),
                    authority=None if international else rng.choice(authorities),
                    place_name=place,
                    country=country,
                    is_anonymised=not international and rng.random() < 0.05,
                    state=CaseStudy.State.PUBLISHED,
                    published_at=start - dt.timedelta(hours=i),
                )
            )
        made = CaseStudy.objects.bulk_create(rows, batch_size=BATCH)
        links = {"themes": themes, "approaches": approaches, "partner_types": partner_types}
        for field, choices in links.items():
            if not choices:
                continue
            relation = getattr(CaseStudy, field)
            source = relation.field.m2m_field_name()
            target = relation.field.m2m_reverse_field_name()
            relation.through.objects.bulk_create(
                (
                    relation.through(**{f"{source}_id": case_study.pk, f"{target}_id": choice.pk})
                    for case_study in made
                    for choice in rng.sample(choices, rng.randint(1, min(3, len(choices))))
                ),
                batch_size=BATCH * 5,
            )
        return len(made)

    def submissions(self, rng, authorities, count) -> list[Submission]:
        rounds_needed = -(-count // len(authorities))
        rounds = Round.objects.bulk_create(
            Round(
                title=f"Scale round {n + 1}",
                slug=f"{PREFIX}-round-{n + 1}",
                opens_on=dt.date(2010 + n, 1, 1),
                closes_on=dt.date(2010 + n, 3, 31),
            )
            for n in range(rounds_needed)
        )
        statuses = [s for s, _ in Submission.Status.choices if s != Submission.Status.DRAFT]
        rows = []
        for i in range(count):
            round_ = rounds[i // len(authorities)]
            rows.append(
                Submission(
                    authority=authorities[i % len(authorities)],
                    round=round_,
                    status=rng.choice(statuses),
                    reference=f"SC-{i + 1:07d}",
                    submitted_at=timezone.make_aware(
                        dt.datetime.combine(round_.opens_on, dt.time(12))
                        + dt.timedelta(days=i % 80)
                    ),
                    declaration=True,
                )
            )
        return Submission.objects.bulk_create(rows, batch_size=BATCH)

    def answers(self, rng, text, submissions, total) -> list[tuple[int, int]]:
        if not submissions or total <= 0:
            return []
        per_submission = max(1, total // len(submissions))
        questions = list(Question.objects.filter(theme__isnull=False).order_by("pk"))
        themes = list(Theme.objects.order_by("order", "pk"))
        if not themes:
            raise CommandError("No themes: the instrument app's seed migration has not run.")
        extra = [
            Question(
                round_id=questions[0].round_id,
                theme=themes[n % len(themes)],
                text=f"{PREFIX}: follow-up question {n + 1}?",
                order=100 + n,
            )
            for n in range(per_submission - len(questions))
        ]
        questions += Question.objects.bulk_create(extra)
        # A fixed pool of sentences keeps 200,000 varied answers quick to build.
        pool = [text.sentence() for _ in range(3000)]
        made, rows = [], []
        for submission in submissions:
            for question in questions[:per_submission]:
                rows.append(
                    Answer(
                        submission=submission,
                        question=question,
                        text=" ".join(rng.choices(pool, k=rng.randint(2, 9))),
                    )
                )
            if len(rows) >= BATCH * 5:
                made += self._save_answers(rows)
                rows = []
        return made + self._save_answers(rows)

    @staticmethod
    def _save_answers(rows) -> list[tuple[int, int]]:
        """Saves a chunk, keeping only (pk, question_id): 200,000 answers' text stays out of memory."""
        return [(a.pk, a.question_id) for a in Answer.objects.bulk_create(rows, batch_size=BATCH)]

    def codings(self, rng, text, answers, share) -> int:
        if not answers or share <= 0:
            return 0
        coder, _ = get_user_model().objects.get_or_create(
            username=f"{PREFIX}-coder", defaults={"email": f"{PREFIX}-coder@example.org"}
        )
        codes = {}
        for theme in Theme.objects.order_by("pk"):
            codes[theme.pk] = Code.objects.bulk_create(
                Code(theme=theme, name=f"{PREFIX}: {name}") for name in CODE_NAMES
            )
        theme_of = dict(Question.objects.values_list("pk", "theme_id"))
        rows = []
        for answer_id, question_id in answers:
            if rng.random() >= share:
                continue
            for code in rng.sample(codes[theme_of[question_id]], rng.randint(1, 2)):
                rows.append(
                    Coding(answer_id=answer_id, code=code, coder=coder, memo=text.sentence())
                )
        return len(Coding.objects.bulk_create(rows, batch_size=BATCH * 2))
