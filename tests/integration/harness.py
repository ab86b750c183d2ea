"""Real services for the integration tests and the whole-loop browser journey: an SMTP sink, a
TCP proxy in front of Redis that can be stopped and started, and a Celery worker (with beat) in a
separate process."""

import contextlib
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from bench.stack import free_port, stop_process_group

BASE_DIR = Path(settings.BASE_DIR)
# Redis database used only by these tests, so purging it touches nothing else.
TEST_REDIS_DB = 14

SERVICES_REASON = (
    "integration and real-stack tests need PostgreSQL and Redis: set DATABASE_URL=postgres://... "
    "and REDIS_URL=redis://... (they use a real Celery worker and an SMTP sink)"
)
SERVICES_AVAILABLE = bool(settings.USING_POSTGRES and settings.REDIS_URL)


def without_services(environ=os.environ) -> None:
    """Skip a test that needs the real stack, with the one line saying what to set; in CI
    (CI=true) fail instead, so a run without the services never passes as green."""
    if environ.get("CI", "").lower() == "true":
        pytest.fail(SERVICES_REASON, pytrace=False)
    pytest.skip(SERVICES_REASON)


def wait_for(condition, timeout: float = 30, interval: float = 0.1, message: str = ""):
    """Poll until condition() is truthy; fail with message after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:g} s: {message}")
        time.sleep(interval)


def redis_url(db: int = TEST_REDIS_DB, host: str | None = None, port: int | None = None) -> str:
    """settings.REDIS_URL with another database number (and optionally host and port)."""
    parts = urlsplit(settings.REDIS_URL)
    netloc = parts.netloc
    if host or port:
        credentials = netloc.rpartition("@")[0]
        netloc = f"{credentials}@" if credentials else ""
        netloc += f"{host or parts.hostname}:{port or parts.port or 6379}"
    return urlunsplit((parts.scheme, netloc, f"/{db}", "", ""))


def redis_address() -> tuple[str, int]:
    parts = urlsplit(settings.REDIS_URL)
    return parts.hostname or "127.0.0.1", parts.port or 6379


def database_url_for(settings_dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


# --- SMTP sink --------------------------------------------------------------------------


class SinkHandler:
    """Keeps every message accepted; can refuse mail to chosen recipients a few times first."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.refusals: dict[str, int] = {}
        self.refused: list[str] = []

    def reset(self):
        with self.lock:
            self.messages.clear()
            self.refusals.clear()
            self.refused.clear()

    def refuse(self, recipient: str, times: int):
        with self.lock:
            self.refusals[recipient] = times

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for recipient in envelope.rcpt_tos:
                if self.refusals.get(recipient, 0) > 0:
                    self.refusals[recipient] -= 1
                    self.refused.append(recipient)
                    return "451 4.3.0 Try again later"
            # The modern policy decodes what a reader sees: RFC 2047 subjects, address lists,
            # quoted-printable or base64 bodies (get_body(...).get_content()).
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def received(self) -> list[EmailMessage]:
        """Every message accepted so far, oldest first (a copy: the server thread appends)."""
        with self.lock:
            return list(self.messages)

    def received_by(self, recipient: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if recipient in m["To"]]


def start_smtp_sink() -> tuple[Controller, SinkHandler]:
    handler = SinkHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, handler


# --- TCP proxy --------------------------------------------------------------------------


class TcpProxy:
    """Forwards a local port to Redis. stop() closes the port and every connection through it,
    so clients see "connection refused" exactly as if Redis were down; start() restores it."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._listener is not None

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        listener.settimeout(0.1)
        self._stopping.clear()
        self._listener = listener
        self._thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._thread.start()

    def stop(self):
        self._stopping.set()
        if self._thread:
            self._thread.join(timeout=5)
        if self._listener:
            self._listener.close()
            self._listener = None
        with self._lock:
            connections, self._connections = self._connections, set()
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def _accept(self, listener):
        while not self._stopping.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            with self._lock:
                self._connections.update({client, upstream})
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for conn in (src, dst):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


# --- Celery worker ----------------------------------------------------------------------


class Worker:
    """`celery worker -B` in its own process group, logging to a file."""

    def __init__(self, env: dict[str, str], log_path: Path, schedule_path: Path):
        self.log_path = log_path
        self._log = open(log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [
                sys.executable,  # this virtualenv's Python: `python -m celery`
                "-m",
                "celery",
                "-A",
                "missions_project",
                "worker",
                "-B",
                f"--schedule={schedule_path}",
                "--loglevel=INFO",
                "--concurrency=1",
                "--pool=solo",
                "--hostname=outbox-integration@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_ready(self, timeout: float = 30):
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"Celery worker exited early:\n{self.log()}")
            log = self.log()
            return " ready." in log and "beat: Starting" in log

        try:
            wait_for(ready, timeout=timeout, interval=0.2, message="Celery worker to be ready")
        except AssertionError:
            print(self.log())
            raise

    def stop(self):
        stop_process_group(self.process, grace=10)
        # Beat runs in a child process of the same group: make sure nothing is left behind.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self._log.close()
