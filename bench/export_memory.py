"""Peak memory (real RSS) of each export at many answers.

Builds ROWS answers (default 200,000) with varied text (random words from a fixed vocabulary,
seeded, so every run writes the same data) in a throwaway SQLite file, then runs each export in
its own subprocess and reads that process's peak resident set size (resource.getrusage,
ru_maxrss), so one export's memory is not hidden by another's. Run:

    .venv/bin/python bench/export_memory.py            # SQLite, 200,000 answers
    ROWS=20000 .venv/bin/python bench/export_memory.py

The figures go into docs/performance.md ("Export memory"). The test suite checks the bound at a
smaller size (tests/research/test_exports.py).
"""

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missions_project.settings_test")

ROWS = int(os.environ.get("ROWS", "200000"))
QUESTIONS = 10
SEED = 2030
VOCABULARY = [
    "residents",
    "partners",
    "council",
    "mission",
    "board",
    "funding",
    "housing",
    "health",
    "transport",
    "climate",
    "community",
    "evidence",
    "outcome",
    "indicator",
    "baseline",
    "target",
    "progress",
    "learning",
    "barrier",
    "enabler",
    "government",
    "national",
    "local",
    "authority",
    "officer",
    "strategy",
    "delivery",
    "assembly",
    "co-design",
    "citizens",
    "youth",
    "poverty",
    "homes",
    "warm",
    "streets",
    "skills",
    "jobs",
    "care",
    "data",
    "evaluation",
    "budget",
    "procurement",
    "anchor",
    "institutions",
    "university",
    "business",
    "charity",
    "volunteers",
    "neighbourhood",
    "place",
    "accountability",
]
EXPORTS = ["answers-csv", "answers-xlsx", "wide-csv", "wide-xlsx", "long-csv", "long-xlsx"]


def setup_django(db_path: str):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()


def build(db_path: str) -> None:
    setup_django(db_path)
    from django.core.management import call_command

    from councils.models import Authority
    from instrument.models import Question, Round, Theme
    from submissions.models import Answer, Submission

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    theme = Theme.objects.create(title="Benchmark theme", slug="benchmark-theme", order=99)
    round = Round.objects.create(
        title="Benchmark round", slug="benchmark", opens_on="2030-01-01", closes_on="2030-12-31"
    )
    questions = Question.objects.bulk_create(
        Question(round=round, theme=theme, text=f"Benchmark question {i}?", order=i)
        for i in range(QUESTIONS)
    )
    authorities = Authority.objects.bulk_create(
        Authority(
            code=f"B{i:05d}",
            name=f"Benchshire {i}",
            official_name=f"Benchshire {i} Council",
            slug=f"benchshire-{i}",
            type=Authority.Type.DISTRICT,
            nation=Authority.Nation.ENGLAND,
        )
        for i in range(ROWS // QUESTIONS)
    )
    submissions = Submission.objects.bulk_create(
        Submission(
            authority=a,
            round=round,
            status="submitted",
            reference=f"B-{a.code}",
            national_government=" ".join(rng.choices(VOCABULARY, k=40)),
        )
        for a in authorities
    )

    def text():
        return " ".join(rng.choices(VOCABULARY, k=rng.randint(20, 400))).capitalize() + "."

    Answer.objects.bulk_create(
        (
            Answer(
                submission=s,
                question=q,
                question_text=q.text,
                question_version=1,
                text=text(),
            )
            for s in submissions
            for q in questions
        ),
        batch_size=5000,
    )


def run_one(db_path: str, export: str) -> None:
    """In a fresh process: stream one export to nowhere, print size, seconds and peak RSS."""
    setup_django(db_path)
    from research import datasets
    from research.exports import export_answers_csv, export_answers_xlsx
    from research.spreadsheet import csv_response, xlsx_response
    from submissions.models import Submission

    submissions = Submission.objects.all()
    kind, file_format = export.split("-")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if kind == "answers":
        export_fn = export_answers_csv if file_format == "csv" else export_answers_xlsx
        response = export_fn(submissions)
    else:
        rows = (
            datasets.wide_rows(submissions)
            if kind == "wide"
            else datasets.long_rows(submissions, user=None)
        )
        response = (
            csv_response(rows, "bench.csv")
            if file_format == "csv"
            else xlsx_response([(kind.title(), rows)], "bench.xlsx")
        )
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"{export}\t{size}\t{elapsed:.1f}\t{before}\t{peak}")


def main():
    if len(sys.argv) == 3:
        run_one(sys.argv[1], sys.argv[2])
        return
    with tempfile.TemporaryDirectory() as tmp:
        db_path = str(Path(tmp) / "bench.sqlite3")
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build", db_path], check=True)  # noqa: S603
        print(f"Built {ROWS:,} answers in {time.perf_counter() - started:.0f} s (SQLite)")
        print("export        file MB   seconds   RSS after setup MB   peak RSS MB")
        for export in EXPORTS:
            result = subprocess.run(  # noqa: S603
                [sys.executable, __file__, db_path, export],
                check=True,
                capture_output=True,
                text=True,
            )
            out = result.stdout.strip().splitlines()[-1]
            name, size, seconds, before, peak = out.split("\t")
            print(
                f"{name:<13} {int(size) / 1e6:>7.1f}   {float(seconds):>7.1f}"
                f"   {int(before) / 1024:>18.0f}   {int(peak) / 1024:>11.0f}"
            )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--build":
        build(sys.argv[2])
    else:
        main()
