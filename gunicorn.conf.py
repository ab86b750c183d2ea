"""gunicorn settings for production (Procfile's `web`). Environment variables override each.

Workers default to 2 × CPUs + 1 (gunicorn's advice for synchronous workers); each is a separate
process with its own database pool, so max database connections = workers × DATABASE_POOL_MAX_SIZE
per machine.
"""

import json
import multiprocessing
import os

from gunicorn import glogging

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request still running after this many seconds is killed and its worker replaced. Slow work
# (XLSX exports, email) belongs in Celery, not in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Behind a load balancer that reuses connections, outlive its idle timeout (often 60 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Replace each worker after a while so a slow leak cannot grow without bound; jitter spreads
# the restarts out.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
# Load the app once in the master so workers share its memory and a broken release fails fast.
preload_app = True
# Temporary files in memory, not a disk that may stall (gunicorn's advice for containers).
SHM = "/dev/shm"  # noqa: S108 (gunicorn only keeps heartbeat files here)
worker_tmp_dir = SHM if os.path.isdir(SHM) else None
# gunicorn's runtime control socket has one default path per user, so two servers on a machine
# would share it: off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
if not control_socket:
    del control_socket
# Trust X-Forwarded-* only from these addresses (the load balancer); comma-separated.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# One JSON object a line on stdout, for the log pipeline: time, method, path, status, bytes,
# duration in microseconds, the client and the request id the load balancer set. Values are
# JSON-escaped (a user agent may hold quotes), so each line always parses.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
ACCESS_FIELDS = {
    "time": "t",
    "remote": "h",
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_us": "D",
    "referer": "f",
    "user_agent": "a",
    "request_id": "{x-request-id}i",
}


class JsonAccessLogger(glogging.Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms_wrapper_class(self.atoms(resp, req, environ, request_time))
        record = {field: atoms[atom] for field, atom in ACCESS_FIELDS.items()}
        for number in ("status", "bytes", "duration_us"):
            record[number] = int(record[number]) if str(record[number]).isdigit() else None
        self.access_log.info(json.dumps(record))


logger_class = JsonAccessLogger
