"""Public pages under load, against a bare Django page and a static file on the same machine.

Creates (once) the PostgreSQL database `missions_bench` with the register and the scale data
(manage.py generate_scale_data), starts gunicorn with production settings (DEBUG off, a throwaway
SECRET_KEY, Redis db 5 as the cache), then a bare Django app (bench/bare/) rendering a template of
the pages' median size and a static file through whitenoise, each under the same gunicorn config;
drives every URL with wrk at the same concurrency and prints, for each page: requests per second
as a ratio to the bare page and to the static file, p50/p95/p99 latency, queries per request
(counted with Django's test client on the same database) and each target met or not. Run:

    make bench                                     # or:
    .venv/bin/python bench/public_pages.py --duration 5 --connections 32

Results also go to build/bench/public_pages.json. Loopback only; bounded runs (wrk -d).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import stack  # noqa: E402

DATABASE = "missions_bench"
TARGET_BARE = 0.5  # HTML pages, no page cache: at least half the bare page's throughput
TARGET_STATIC_CACHED = 0.9  # HTML pages, anonymous, with the page cache: near the static file
TARGET_STATIC_FILE = 0.5  # open data and the sitemap, served from a file
TARGET_P95_MS = 100
FILES = {"sitemap", "open data CSV", "open data JSON"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per URL")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--case-studies", type=int, default=10_000)
    parser.add_argument("--submissions", type=int, default=5_000)
    parser.add_argument("--answers", type=int, default=200_000)
    parser.add_argument("--regenerate", action="store_true", help="rebuild the database")
    parser.add_argument("--only", help="comma-separated page names to run")
    parser.add_argument("--report-only", action="store_true", help="reprint the last run's table")
    parser.add_argument(
        "--counts-from-last-run",
        action="store_true",
        help="reuse the last run's query counts and sizes (quicker; stale if the code changed)",
    )
    parser.add_argument(
        "--no-reuse",
        action="store_true",
        help="a new database connection for every request (no pool, CONN_MAX_AGE=0), for comparison",
    )
    return parser.parse_args()


def prepare(env, args):
    stack.ensure_database(DATABASE, fresh=args.regenerate)
    stack.manage(env, "migrate", "--noinput", "-v0")
    stack.manage(env, "collectstatic", "--noinput", "-v0")
    import django

    os.environ.update(env)
    django.setup()
    from casestudies.models import CaseStudy

    if CaseStudy.objects.filter(slug__startswith="scale-").count() != args.case_studies:
        stack.manage(env, "load_authorities")
        stack.manage(
            env,
            "generate_scale_data",
            f"--case-studies={args.case_studies}",
            f"--submissions={args.submissions}",
            f"--answers={args.answers}",
        )


def pages() -> dict[str, str]:
    from django.db.models import Count

    from casestudies.models import CaseStudy
    from councils.models import Authority, PartnerType
    from instrument.models import Theme

    theme = Theme.objects.order_by("order", "pk").first()
    partner = PartnerType.objects.order_by("pk").first()
    authority = (
        Authority.objects.filter(case_studies__state="published", case_studies__is_anonymised=False)
        .annotate(n=Count("case_studies"))
        .order_by("-n", "code")
        .first()
    )
    case_study = CaseStudy.objects.published().filter(slug__startswith="scale-").first()
    return {
        "home": "/",
        "themes": "/themes/",
        "a theme": f"/themes/{theme.slug}/",
        "authorities, searched": "/authorities/?q=north",
        "an authority": f"/authorities/{authority.slug}/",
        "case studies, 2 facets + search": (
            f"/case-studies/?theme={theme.slug}&partner_type={partner.slug}&q=housing"
        ),
        "a case study": case_study.get_absolute_url(),
        "map": "/case-studies/map/",
        "feed": "/case-studies/feed/",
        "sitemap": "/sitemap.xml",
        "open data CSV": "/case-studies.csv",
        "open data JSON": "/case-studies.json",
        "contact": "/contact/",
    }


def queries_and_size(urls: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Queries per request and response size, from a warm second request in this process
    (run with PAGE_CACHE off, so a page's own queries are counted, not a cache hit's)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", headers=stack.HTTPS)
    counts = {}
    for name, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = (len(captured), len(body))
    return counts


def wrk(url: str, args) -> dict:
    result = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout=30s",
            *[arg for name, value in stack.HTTPS.items() for arg in ("-H", f"{name}: {value}")],
            "-s",
            str(Path(__file__).parent / "wrk_report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=args.duration + 120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def settle(server, limit: float = 30, path: str = "/healthz/") -> bool:
    """Wait (bounded) until requests queued by the last run are done, so they do not slow the
    next URL: a slow page leaves up to `connections` requests behind when wrk stops."""
    import time
    import urllib.request

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(server.url + path, timeout=30):
                pass
        except OSError:
            time.sleep(0.5)
            continue
        if time.monotonic() - started < 0.05:
            return True
        time.sleep(0.5)
    return False


def warm(url: str) -> bytes:
    """One request first, so the run does not measure a cold start; it must be a 200 (a
    redirect or an error would be measured as if it were the page)."""
    import urllib.request

    request = urllib.request.Request(url, headers=stack.HTTPS)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310 (loopback)
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            return body
    except OSError as error:  # e.g. a 500 when gunicorn's timeout kills a slow request
        print(f"  warm-up request to {url} failed: {error}", flush=True)
        return b""


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main():
    args = parse_args()
    if args.report_only:
        return report_again()
    env = stack.production_env(DATABASE, CELERY_EAGER="true")
    if args.no_reuse:
        env.update(DATABASE_POOL="false", DATABASE_CONN_MAX_AGE="0")
    prepare({**env, "PAGE_CACHE": "false"}, args)
    urls = pages()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        urls = {name: url for name, url in urls.items() if name in wanted}
    stack.OUT.mkdir(parents=True, exist_ok=True)
    saved = stack.OUT / "counts.json"
    if args.counts_from_last_run and saved.exists():
        counts = {k: tuple(v) for k, v in json.loads(saved.read_text()).items() if k in urls}
    else:
        counts = queries_and_size(urls)
        saved.write_text(json.dumps(counts))
    html = {name: url for name, url in urls.items() if name not in FILES}
    results = {"no cache": {}, "cache": {}}

    html_sizes = [size for name, (_, size) in counts.items() if name not in FILES]
    static_root = stack.OUT / "bare-static"
    static_root.mkdir(parents=True, exist_ok=True)
    (static_root / "site.css").write_bytes((stack.ROOT / "build/static/css/site.css").read_bytes())
    bare_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "bare.settings",
        "BARE_STATIC_ROOT": str(static_root),
        "BARE_PAGE_BYTES": str(int(statistics.median(html_sizes or [30_000]))),
    }

    def start_web(page_cache: bool):
        server = stack.gunicorn(
            "bench-web",
            "missions_project.wsgi",
            {**env, "PAGE_CACHE": str(page_cache).lower()},
            stack.free_port(),
            workers=args.workers,
        )
        server.wait_for(lambda: stack.answers(f"{server.url}/healthz/"))
        return server

    # Each open-data file and the sitemap is compared with the same bytes served as a static
    # file by whitenoise (its "twin"): a 45 MB file cannot match a 130 KB one request for request.
    twins = {}
    web = start_web(True)
    try:
        for name in sorted(FILES & set(urls)):
            body = warm(web.url + urls[name])
            twins[name] = f"/static/twin-{name.replace(' ', '-')}"
            (static_root / twins[name].removeprefix("/static/")).write_bytes(body)
    finally:
        web.stop()

    bare = stack.gunicorn(
        "bench-bare",
        "bare.wsgi",
        bare_env,
        stack.free_port(),
        workers=args.workers,
        cwd=stack.ROOT / "bench",
    )
    yardsticks = {"bare page": "/", "static file": "/static/site.css"}
    yardsticks |= {f"{name} as a static file": path for name, path in twins.items()}

    def measure_yardsticks(round_: int):
        for name, path in yardsticks.items():
            warm(bare.url + path)
            results.setdefault(name, []).append(wrk(bare.url + path, args))
            settle(bare, path="/static/site.css")
            print(f"  {name} ({round_}): {results[name][-1]['rps']:.1f} req/s", flush=True)

    def measure(kind: str, page_cache: bool, wanted: dict):
        web = start_web(page_cache)
        try:
            for name, url in wanted.items():
                warm(web.url + url)
                results[kind][name] = wrk(web.url + url, args)
                print(f"  {name} ({kind}): {results[kind][name]['rps']:.1f} req/s", flush=True)
                if not settle(web):
                    # A slow page leaves up to `connections` requests queued after wrk stops;
                    # a fresh server is quicker than waiting for them.
                    web.stop()
                    web = start_web(page_cache)
        finally:
            web.stop()

    # The yardsticks are measured before and after the pages and averaged, so a machine busier
    # at one end of the run skews less.
    with stack.running(bare):
        bare.wait_for(lambda: stack.answers(f"{bare.url}/"))
        measure_yardsticks(1)
        measure("no cache", False, html)
        measure("cache", True, urls)
        measure_yardsticks(2)
    for name in yardsticks:
        runs = results.pop(name)
        results[name] = {key: statistics.mean(run[key] for run in runs) for key in runs[0]} | {
            "runs": [round(run["rps"], 1) for run in runs]
        }

    report(results, counts, args, bare_env["BARE_PAGE_BYTES"])


def report(results, counts, args, bare_bytes):
    bare, static = results["bare page"]["rps"], results["static file"]["rps"]
    lines = [
        f"{args.connections} connections, {args.duration} s a URL, {args.workers} gunicorn workers;"
        f" bare page {bare:.0f} req/s ({bare_bytes} bytes, runs:"
        f" {', '.join(map(str, results['bare page']['runs']))}), static file {static:.0f} req/s"
        f" (runs: {', '.join(map(str, results['static file']['runs']))}).",
        "",
        "| page | no page cache: req/s | × bare | p95 ms | page cache: req/s | × static "
        "| p50 ms | p95 ms | p99 ms | queries | KB | errors | ≥ 0.5× bare, no cache "
        "| ≥ 0.9× static, cached (files: ≥ 0.5× their static twin) | p95 < 100 ms, cached |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| --- | --- | --- |",
    ]
    for name, cached in results["cache"].items():
        queries, size = counts.get(name, (0, 0))
        uncached = results["no cache"].get(name)
        if name in FILES:
            twin = results.get(f"{name} as a static file", {}).get("rps") or float("nan")
            ratio = cached["rps"] / twin
            first, second = "n/a (file)", f"{verdict(ratio >= TARGET_STATIC_FILE)} ({ratio:.2f}×)"
            plain = "—"
            to_bare = "—"
            plain_p95 = "—"
        else:
            ratio = cached["rps"] / static
            first = verdict(uncached["rps"] / bare >= TARGET_BARE)
            second = verdict(ratio >= TARGET_STATIC_CACHED)
            plain = f"{uncached['rps']:.1f}"
            to_bare = f"{uncached['rps'] / bare:.3f}"
            plain_p95 = f"{uncached['p95_ms']:.0f}" if uncached["requests"] else "—"
        if cached["requests"]:
            latency = f"{cached['p50_ms']:.0f} | {cached['p95_ms']:.0f} | {cached['p99_ms']:.0f}"
            fast = verdict(cached["p95_ms"] < TARGET_P95_MS)
        else:
            latency, fast = "— | — | —", "NOT met (no request finished)"
        errors = cached["errors"] + (uncached or {}).get("errors", 0)
        lines.append(
            f"| {name} | {plain} | {to_bare} | {plain_p95} | {cached['rps']:.1f} "
            f"| {cached['rps'] / static:.3f} | {latency} | {queries} | {size / 1024:,.0f} "
            f"| {errors} | {first} | {second} | {fast} |"
        )
    for name, r in results.items():
        if name in ("cache", "no cache"):
            continue
        lines.append(
            f"| {name} (yardstick) | — | {r['rps'] / bare:.3f} | — | {r['rps']:.1f} "
            f"| {r['rps'] / static:.3f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} "
            f"| {r['p99_ms']:.0f} | - | - | {r['errors']} | | | |"
        )
    table = "\n".join(lines)
    print(table)
    (stack.OUT / "public_pages.json").write_text(
        json.dumps(
            {
                "results": results,
                "counts": counts,
                "args": vars(args),
                "bare_bytes": bare_bytes,
            }
        )
    )
    (stack.OUT / "public_pages.md").write_text(table + "\n")


def report_again():
    """`--report-only`: print the last run's table again (e.g. after changing the report)."""
    saved = json.loads((stack.OUT / "public_pages.json").read_text())
    report(
        saved["results"],
        {k: tuple(v) for k, v in saved["counts"].items()},
        argparse.Namespace(**saved["args"]),
        saved["bare_bytes"],
    )


if __name__ == "__main__":
    main()
