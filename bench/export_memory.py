"""Speed and peak memory (real RSS) of each researcher export at 200,000 answers, against the
targets of the issue "fast at scale": CSV at 50,000 rows/s or more, and every export under
150 MB peak resident memory.

Each export runs in a fresh subprocess that streams the whole file to nowhere; "peak RSS" is that
process's own high-water mark (resource.getrusage ru_maxrss), i.e. the real resident memory of
Python, Django and the export together, not a tracemalloc estimate, and one export's memory is
not hidden by another's. Rows/s is the export's data rows (answers; submissions for the wide
file; every row of the long file) over the seconds from the call to the last byte.

Two sources of data:

    .venv/bin/python bench/export_memory.py
        builds ROWS answers (default 200,000) in a throwaway SQLite file: 20–400 words each,
        drawn from a fixed vocabulary with a seeded generator, so texts vary as real answers do.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/missions_<you> \\
        .venv/bin/python bench/export_memory.py --prepare
        uses that database (PostgreSQL, as in production); --prepare first migrates it, loads
        the authority register and runs `manage.py generate_scale_data --case-studies 0
        --answers ROWS` (varied answers built from 3,000 seeded sentences, codings on a tenth).
        Without --prepare it exports what the database holds.

--only answers-csv,answers-xlsx runs some of the exports (default: all six). The numbers go
into docs/performance.md ("Researchers' exports at 200,000 answers"); they are only as quiet
as the machine.
"""

import argparse
import os
import platform
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
CSV_ROWS_PER_SECOND = 50_000
PEAK_RSS_MB = 150
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
# The CSV files with a row per answer; the wide file's rows are submissions, and XLSX is built by
# a worker (research/export_jobs.py), so neither has a rows/s target.
SPEED_TARGETED = {"answers-csv", "long-csv"}
EXPORTS = ["answers-csv", "answers-xlsx", "wide-csv", "wide-xlsx", "long-csv", "long-xlsx"]


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def build(database_url: str) -> None:
    setup_django(database_url)
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
    print(f"SQLite: {Answer.objects.count():,} answers of varied text")


def prepare(database_url: str) -> None:
    """Fill the given database with scale data (only what generate_scale_data marks as its own is
    replaced)."""
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_authorities", verbosity=0)
    call_command(
        "generate_scale_data",
        case_studies=0,
        submissions=max(1, ROWS // 40),
        answers=ROWS,
        verbosity=1,
    )


class Counted:
    """Rows passed through, counted (the header is not a data row)."""

    def __init__(self, rows):
        self.rows, self.count = rows, -1

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def run_one(database_url: str, export: str) -> None:
    """In a fresh process: stream one export to nowhere; print rows, bytes, seconds, CPU
    seconds and peak RSS (KiB)."""
    setup_django(database_url)
    from research import datasets
    from research.exports import export_answers_csv, export_answers_xlsx
    from research.spreadsheet import csv_response, xlsx_response
    from submissions.models import Answer, Submission

    submissions = Submission.objects.all()
    kind, file_format = export.split("-")
    answers = Answer.objects.filter(submission__in=submissions).count()
    rows = None
    started = time.perf_counter()
    cpu = time.process_time()
    if kind == "answers":
        export_fn = export_answers_csv if file_format == "csv" else export_answers_xlsx
        response = export_fn(submissions)
    else:
        rows = Counted(
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
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    count = answers if rows is None else rows.count
    print(f"{export}\t{count}\t{size}\t{elapsed:.2f}\t{cpu:.2f}\t{peak}")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def describe() -> None:
    """The data and the database, for the record (in a subprocess, like the exports)."""
    setup_django(os.environ["DATABASE_URL"])
    from django.db import connection

    from submissions.models import Answer, Submission

    if connection.vendor == "postgresql":
        number = connection.cursor().connection.info.server_version  # e.g. 150020
        version = f"PostgreSQL {number // 10000}.{number % 100}"
    else:
        version = f"SQLite {connection.Database.sqlite_version}"
    print(
        f"{Answer.objects.count():,} answers in {Submission.objects.count():,} submissions "
        f"on {version}"
    )


def child(database_url: str, *args: str) -> str:
    """The last line this script prints when run with `args` in a fresh process."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, *args],
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def measure(database_url: str, exports: list[str]) -> None:
    print(
        f"{child(database_url, '--describe')}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start"
    )
    print(
        f"{'export':<13} {'rows':>9} {'file MB':>8} {'seconds':>8} {'rows/s':>8} {'CPU s':>6}"
        f" {'peak RSS MB':>12}   ≥ {CSV_ROWS_PER_SECOND:,} rows/s   < {PEAK_RSS_MB} MB"
    )
    for export in exports:
        name, rows, size, seconds, cpu, peak = child(database_url, "--one", export).split("\t")
        rate, peak_mb = int(rows) / float(seconds), int(peak) / 1024
        speed = verdict(rate >= CSV_ROWS_PER_SECOND) if name in SPEED_TARGETED else "no target"
        print(
            f"{name:<13} {int(rows):>9,} {int(size) / 1e6:>8.1f} {float(seconds):>8.2f}"
            f" {rate:>8,.0f} {float(cpu):>6.2f} {peak_mb:>12.0f}   {speed:<17}"
            f"   {verdict(peak_mb < PEAK_RSS_MB)}"
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", action="store_true", help="fill DATABASE_URL first")
    parser.add_argument("--only", default=",".join(EXPORTS), help="comma-separated exports")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # one export, in this process
    parser.add_argument("--describe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--build", choices=["sqlite", "scale"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return run_one(os.environ["DATABASE_URL"], args.one)
    if args.describe:
        return describe()
    if args.build:
        return (build if args.build == "sqlite" else prepare)(os.environ["DATABASE_URL"])
    exports = [e for e in args.only.split(",") if e]
    if unknown := set(exports) - set(EXPORTS):
        parser.error(f"unknown exports: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory() as tmp:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url or args.prepare:
            database_url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            started = time.perf_counter()
            print(child(database_url, "--build", "scale" if args.prepare else "sqlite"))
            print(f"(built in {time.perf_counter() - started:.0f} s)")
        measure(database_url, exports)


if __name__ == "__main__":
    main()
