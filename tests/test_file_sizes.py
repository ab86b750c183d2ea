"""No file of the project's own code runs past 400 lines (migrations and tests aside): a file
that long is doing more than one job (docs/architecture.md says where each job goes)."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 400


def test_no_code_file_is_over_400_lines():
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    too_long = {
        name: lines
        for name in files
        if "/migrations/" not in name
        and not name.startswith("tests/")
        and (lines := len((ROOT / name).read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert not too_long, f"over {LIMIT} lines: {too_long}"
