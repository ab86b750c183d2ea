"""A small fleet on one machine: two web servers and two Celery workers share one database and
one Redis, and every email is delivered exactly once, every submission saved.

Starts, on loopback: an SMTP sink (aiosmtpd), two gunicorn servers on different ports, two Celery
workers and one beat, against PostgreSQL (database `missions_fleet`, recreated each run) and
Redis db 5 (emptied each run; no other database is touched). Then, through both servers at
once: contact messages, and officers who sign up, verify their address with the emailed code,
join their authority, answer the whole questionnaire and submit. Finally it compares the outbox
with what the sink received and checks the database. Exits non-zero on any difference. Run:

    make fleet          # or: .venv/bin/python bench/fleet.py --officers 6 --messages 20
"""

import argparse
import collections
import email
import email.policy
import html
import http.cookiejar
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import stack  # noqa: E402

DATABASE = "missions_fleet"
DOMAIN = "fleet{n}.example.org"
CODE_RE = re.compile(r"^\s*([A-Z]{4}-[A-Z]{4})\s*$", re.MULTILINE)
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_RE = re.compile(r'name="version" value="(-?\d+)"')
PASSWORD = "fleet-Password-2026!"  # noqa: S105 (a throwaway account in a throwaway database)


class Sink:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]


def squeeze(value) -> str:
    """Header values as sent and as received (folded lines, spacing) compare equal."""
    return " ".join(str(value).split())


def text_of(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content().replace("\r\n", "\n").strip()


class BehindTheProxy(http.cookiejar.DefaultCookiePolicy):
    """The site is HTTPS only; here the visitor reaches it over loopback as the TLS proxy would,
    saying "https" in X-Forwarded-Proto, so its Secure cookies must still go back."""

    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    """A visitor with cookies, posting forms with their CSRF token like a browser."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(policy=BehindTheProxy()))
        )
        self.opener.addheaders = list(stack.HTTPS.items())
        self.page = ""

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:  # noqa: S310 (loopback)
            self.page = response.read().decode()
            self.url = response.url
        return self.page

    def post(self, path: str, data: dict, form_page: str | None = None) -> str:
        """GETs the form first (token and section version), then posts it; returns where it went."""
        self.get(form_page or path)
        fields = {"csrfmiddlewaretoken": CSRF_RE.search(self.page).group(1)}
        if version := VERSION_RE.search(self.page):
            fields["version"] = version.group(1)
        fields.update(data)
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        # The CSRF check of an HTTPS request wants an HTTPS Referer from this site.
        referer = self.base.replace("http://", "https://", 1) + path
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": referer})
        with self.opener.open(request, timeout=60) as response:  # noqa: S310 (loopback)
            self.page = response.read().decode()
            return urllib.parse.urlsplit(response.url).path


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.3)
    return result


def send_contact(base: str, n: int):
    browser = Browser(base)
    where = browser.post(
        "/contact/",
        {
            "name": f"Fleet visitor {n}",
            "email": f"visitor{n}@example.org",
            "organisation": "Fleet Council",
            "role": "Officer",
            "message": f"Message number {n}, sent through {base}.",
            "consent": "on",
        },
    )
    assert where == "/contact/sent/", f"contact {n} ended at {where}"


def officer_submits(base: str, n: int, authority: tuple[int, str], sink: Sink, plan: dict):
    address = f"officer{n}@{DOMAIN.format(n=n)}"
    browser = Browser(base)
    where = browser.post(
        "/accounts/signup/", {"email": address, "password1": PASSWORD, "password2": PASSWORD}
    )
    message = wait_for(lambda: sink.to(address), 60, f"the code for {address}")[0]
    code = CODE_RE.search(text_of(message)).group(1)
    assert browser.post(where, {"code": code}).startswith("/my/"), f"{address} not verified"
    pk, name = authority
    query = urllib.parse.urlencode({"q": name})
    browser.post(
        "/my/authority/",
        {"q": name, "authority": pk, "role": "Policy lead"},
        form_page=f"/my/authority/?{query}",
    )
    browser.post("/my/submission/about/", {**plan["about"], "continue": ""})
    browser.post("/my/submission/missions/add/", {**plan["mission"], "save": ""})
    browser.post("/my/submission/missions/", {"continue": ""})
    for slug, answers in plan["themes"].items():
        browser.post(f"/my/submission/themes/{slug}/", {**answers, "continue": ""})
    browser.post(
        "/my/submission/national-government/", {"national_government": "Funding.", "continue": ""}
    )
    browser.post(
        "/my/submission/consent/",
        {
            "publication": "named",
            "follow_up_contact": "yes",
            "privacy_agreed": "on",
            "continue": "",
        },
    )
    where = browser.post("/my/submission/check/", {"declaration": "on"})
    assert where == "/my/submission/confirmation/", (
        f"{address}: submit ended at {where}\n"
        + (html.unescape(re.sub(r"<[^>]+>", " ", browser.page))[:1500])
    )


def prepare(env, officers: int) -> tuple[list[tuple[int, str]], dict]:
    stack.ensure_database(DATABASE, fresh=True)
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # db 5 only: reserved for these scripts
    stack.manage(env, "migrate", "--noinput", "-v0")
    stack.manage(env, "collectstatic", "--noinput", "-v0")
    stack.manage(env, "load_authorities")
    import os

    import django

    os.environ.update(env)
    django.setup()
    from councils.models import Approach, Authority, NationalMission
    from instrument.models import Theme

    authorities = list(Authority.objects.filter(is_current=True).order_by("code")[:officers])
    for n, authority in enumerate(authorities):
        authority.email_domains = DOMAIN.format(n=n)
        authority.save(update_fields=["email_domains"])
    plan = {
        "about": {
            "uses_mission_language": "partly",
            "approaches": [Approach.objects.order_by("order").first().pk],
            "who_leads": "The chief executive.",
        },
        "mission": {
            "title": "No child goes hungry",
            "statement": "By 2030 no child here goes hungry.",
            "target_year": "2030",
            "stage": "delivering",
            "challenge_area": "Food poverty",
            "national_missions": [NationalMission.objects.order_by("order").first().pk],
            "partner_name": "Fleet Food Bank",
            "partner_type": "vcse-organisation",
        },
        "themes": {
            theme.slug: {
                **{
                    f"answer_{q.pk}": f"We worked with residents ({q.pk})."
                    for q in theme.questions.all()
                },
                "what_worked": "Listening first.",
                "what_didnt": "Short-term funding.",
            }
            for theme in Theme.objects.with_questions()
        },
    }
    return [(a.pk, a.name) for a in authorities], plan


def check(officers: int, messages: int, sink: Sink) -> list[str]:
    from contact.models import ContactMessage
    from outbox.models import OutboxEmail
    from submissions.models import Submission

    wait_for(
        lambda: not OutboxEmail.objects.exclude(state=OutboxEmail.State.SENT).exists(),
        120,
        "every outbox email to be sent",
    )
    time.sleep(3)  # anything delivered twice would arrive now
    # A sensitive email's text (a one-time code) is removed from the outbox once sent, so for
    # those only the recipient and subject are compared.
    rows = list(OutboxEmail.objects.all())
    expected = collections.Counter(
        (
            squeeze(", ".join(row.to)),
            squeeze(row.subject),
            None if row.sensitive else row.body_text.replace("\r\n", "\n").strip(),
        )
        for row in rows
    )
    sensitive = {(squeeze(", ".join(r.to)), squeeze(r.subject)) for r in rows if r.sensitive}
    with sink.lock:
        received = collections.Counter(
            (
                squeeze(m["To"]),
                squeeze(m["Subject"]),
                None if (squeeze(m["To"]), squeeze(m["Subject"])) in sensitive else text_of(m),
            )
            for m in sink.messages
        )
    problems = []
    for key in expected.keys() | received.keys():
        if expected[key] != received[key]:
            problems.append(
                f"{key[0]} “{key[1]}”: {expected[key]} in the outbox, {received[key]} received"
            )
    if ContactMessage.objects.count() != messages:
        problems.append(f"{ContactMessage.objects.count()} contact messages saved, not {messages}")
    submitted = Submission.objects.exclude(status=Submission.Status.DRAFT).count()
    if submitted != officers:
        problems.append(f"{submitted} submissions submitted, not {officers}")
    print(
        f"outbox {sum(expected.values())} emails, sink {sum(received.values())} received; "
        f"{ContactMessage.objects.count()} contact messages; {submitted} submissions"
    )
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--officers", type=int, default=6)
    parser.add_argument("--messages", type=int, default=20)
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=stack.free_port())
    smtp.start()
    env = stack.production_env(
        DATABASE,
        CELERY_EAGER="false",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        CONTACT_RATE_LIMIT="100000",
        OUTBOX_SWEEP_INTERVAL="2",
        OUTBOX_SWEEP_GRACE_SECONDS="5",
        SITE_URL="http://127.0.0.1",
    )
    authorities, plan = prepare(env, args.officers)
    python = str(stack.BIN / "python")
    celery = [python, "-m", "celery", "-A", "missions_project"]
    webs = [
        stack.gunicorn(f"fleet-web-{n}", "missions_project.wsgi", env, stack.free_port())
        for n in (1, 2)
    ]
    workers = [
        stack.Process(
            f"fleet-worker-{n}",
            [*celery, "worker", "--loglevel=INFO", "--concurrency=1", f"--hostname=fleet{n}@%h"],
            env,
        )
        for n in (1, 2)
    ]
    beat = stack.Process(
        "fleet-beat",
        [*celery, "beat", "--loglevel=INFO", f"--schedule={stack.OUT / 'fleet-beat-schedule'}"],
        env,
    )
    with stack.running(*webs, *workers, beat):
        for web in webs:
            web.wait_for(lambda web=web: stack.answers(f"{web.url}/healthz/"))
        for worker in workers:
            worker.wait_for(lambda worker=worker: " ready." in worker.log())
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            jobs = [pool.submit(send_contact, webs[n % 2].url, n) for n in range(args.messages)]
            jobs += [
                pool.submit(officer_submits, webs[n % 2].url, n, authority, sink, plan)
                for n, authority in enumerate(authorities)
            ]
            for job in jobs:
                job.result()
        print(
            f"{args.messages} contact messages and {args.officers} officers' sign-ups and "
            f"submissions through {webs[0].url} and {webs[1].url} in {time.monotonic() - started:.1f} s"
        )
        problems = check(args.officers, args.messages, sink)
        for process in webs:
            posts = process.log().count('"method": "POST"')
            print(f"{process.name}: {posts} POST requests")
        for process in workers:
            print(f"{process.name}: {process.log().count(' succeeded in ')} tasks run")
        if any(" succeeded in " not in process.log() for process in workers):
            problems.append("a Celery worker ran no task: the fleet did not share the work")
    smtp.stop()
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("OK: every email delivered exactly once, every submission saved.")


if __name__ == "__main__":
    main()
