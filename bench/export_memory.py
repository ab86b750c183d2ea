"""How long the answers exports take, and the real memory (RSS) they use, for many varied answers.

Builds a throwaway test database with the authority register and ROWS answers of varied text
(`manage.py generate_scale_data`, default 200,000 answers over 5,000 submissions), then runs the
CSV and the XLSX export each in a forked child process, sampling the child's resident set size
every 10 ms while the file is written, and reports rows per second, size, and peak RSS above the
child's starting point and in total. Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/missions_bench .venv/bin/python bench/export_memory.py
    ROWS=20000 .venv/bin/python bench/export_memory.py   # SQLite, quicker

Targets (issue: "fast at scale"): CSV ≥ 50,000 rows/s with peak RSS < 150 MB.
"""

import os
import sys
import threading
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missions_project.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from research.exports import export_answers_csv, export_answers_xlsx  # noqa: E402
from submissions.models import Answer, Submission  # noqa: E402

ROWS = int(os.environ.get("ROWS", "200000"))
PER_SUBMISSION = 40


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure(label, export):
    """Runs the export in a forked child; returns nothing, prints one line from the child."""
    if connection.vendor != "sqlite":  # an in-memory SQLite test database would vanish
        connections.close_all()  # the child opens its own connection
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        start_rss, peak = rss_mb(), [rss_mb()]
        done = threading.Event()

        def sample():
            while not done.wait(0.01):
                peak[0] = max(peak[0], rss_mb())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        response = export(Submission.objects.all())
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
        peak[0] = max(peak[0], rss_mb())
        line = (
            f"{label}: {ROWS:,} rows, {size / 1e6:.1f} MB in {elapsed:.2f} s "
            f"({ROWS / elapsed:,.0f} rows/s); peak RSS {peak[0]:.0f} MB "
            f"({peak[0] - start_rss:+.0f} MB over the {start_rss:.0f} MB it started with)\n"
        )
        os.write(write_end, line.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        print(pipe.read(), end="")
    os.waitpid(pid, 0)


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("load_authorities", stdout=StringIO())
        call_command(
            "generate_scale_data",
            case_studies=0,
            submissions=max(1, ROWS // PER_SUBMISSION),
            answers=ROWS,
            coded_share=0.05,
            stdout=StringIO(),
        )
        print(f"{Answer.objects.count():,} answers of varied text on {connection.vendor}")
        measure("CSV ", export_answers_csv)
        measure("XLSX", export_answers_xlsx)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
