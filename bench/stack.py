"""What bench/public_pages.py and bench/fleet.py share: a database of their own, production-like
environment, and gunicorn or Celery processes started and always stopped (loopback only)."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "build" / "bench"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")
REDIS_DB = 5  # reserved for these scripts; never another database
# The site is HTTPS only; the TLS-terminating proxy in front of it says so in this header.
HTTPS = {"X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_group(process: subprocess.Popen, *, grace: float) -> None:
    """SIGTERM the process's group, then SIGKILL it if it has not gone within `grace` seconds
    (also used by tests/integration/harness.py)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def ensure_database(name: str, *, fresh: bool = False):
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc"]
    if fresh:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True
        )
    exists = subprocess.run(
        [*psql, f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def production_env(database: str, **extra) -> dict[str, str]:
    """Production settings (DEBUG off) with a throwaway secret, on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="missions_project.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        DATABASE_URL=f"{PG}/{database}",
        REDIS_URL=f"{REDIS}/{REDIS_DB}",
        ADMIN_REQUIRES_SECOND_FACTOR="true",
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(env, *args):
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


class Process:
    """A child process in its own process group, logging to a file; stop() ends the group."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], cwd: Path = ROOT):
        OUT.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.log_path = OUT / f"{name}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, condition, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self.name} not ready after {timeout} s:\n{self.log()[-3000:]}"
                )
            time.sleep(0.2)

    def stop(self):
        stop_process_group(self.process, grace=30)
        self._log.close()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except OSError:
        return False


def gunicorn(
    name: str, app: str, env: dict[str, str], port: int, workers: int = 2, **kw
) -> Process:
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    server = Process(
        name, [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), app], env, **kw
    )
    server.url = f"http://127.0.0.1:{port}"
    return server


@contextlib.contextmanager
def running(*processes: Process):
    try:
        yield processes
    finally:
        for process in processes:
            process.stop()
