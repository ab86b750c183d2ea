"""`make run PORT=...`: the links in emails and printed logins follow the address served."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_passes_the_served_address_as_site_url_unless_it_is_set():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8210"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout

    commands = [line for line in dry_run.splitlines() if "manage.py" in line]
    assert commands
    for command in commands:
        assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8210}" in command
    assert "runserver 127.0.0.1:8210" in commands[-1]


def test_the_readme_says_how_to_choose_the_port():
    assert "make run PORT=" in (ROOT / "README.md").read_text()
