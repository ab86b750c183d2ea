"""How long the answers export takes, and how much memory it uses, for many answers.

Builds ROWS answers (default 20,000) in a throwaway test database, then times the CSV and XLSX
exports end to end and reports tracemalloc's peak while each streams. Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/missions .venv/bin/python bench/export_memory.py
    ROWS=100000 .venv/bin/python bench/export_memory.py   # SQLite

The test suite checks the memory bound (tests/research/test_exports.py); this reports timings.
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missions_project.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from councils.models import Authority  # noqa: E402
from instrument.models import Question, Round, Theme  # noqa: E402
from research.exports import export_answers_csv, export_answers_xlsx  # noqa: E402
from submissions.models import Answer, Submission  # noqa: E402

ROWS = int(os.environ.get("ROWS", "20000"))
QUESTIONS = 10


def build_data():
    theme = Theme.objects.create(title="Benchmark theme", slug="benchmark-theme", order=99)
    questions = Question.objects.bulk_create(
        Question(theme=theme, text=f"Benchmark question {i}?", order=i) for i in range(QUESTIONS)
    )
    round = Round.objects.create(
        title="Benchmark round", slug="benchmark", opens_on="2030-01-01", closes_on="2030-12-31"
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
        Submission(authority=a, round=round, status="submitted", reference=f"B-{a.code}")
        for a in authorities
    )
    text = "We worked with residents and partners over many years. " * 20
    Answer.objects.bulk_create(
        (Answer(submission=s, question=q, text=text) for s in submissions for q in questions),
        batch_size=5000,
    )


def measure(label, export):
    started = time.perf_counter()
    tracemalloc.start()
    response = export(Submission.objects.all())
    size = sum(len(chunk) for chunk in response.streaming_content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    response.close()
    elapsed = time.perf_counter() - started
    print(f"{label}: {size / 1e6:.1f} MB written in {elapsed:.2f} s, peak {peak / 1e6:.1f} MB")


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        build_data()
        print(f"{Answer.objects.count():,} answers on {connection.vendor}")
        measure("CSV ", export_answers_csv)
        measure("XLSX", export_answers_xlsx)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
