"""Lighthouse scores for home, the case-study list, a case study and contact.

Starts gunicorn with production settings on the `missions_bench` database (made by
bench/public_pages.py; with the register and demo content if it is empty), runs npm's lighthouse
12.8.2 (installed by `make lighthouse` into bench/lighthouse-tool from its own pinned package.json
and lock, apart from the site's front-end build) against Debian's Chromium (CHROME_PATH, default
/usr/bin/chromium) for each page, prints the scores and writes them into docs/performance.md
between the lighthouse markers. Each page is measured LIGHTHOUSE_RUNS times (default 3) and the
run with the median performance score is reported, as Lighthouse's own guide to variability
advises: on a shared machine one run can be far off.
Run: `make lighthouse`. Targets: performance ≥ 95, accessibility 100, best practices ≥ 95, SEO ≥ 95.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import stack  # noqa: E402

DATABASE = "missions_bench"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
DOC = stack.ROOT / "docs" / "performance.md"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
LIGHTHOUSE = stack.ROOT / "bench" / "lighthouse-tool" / "node_modules" / ".bin" / "lighthouse"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)


def prepare(env) -> dict[str, str]:
    stack.ensure_database(DATABASE)
    stack.manage(env, "migrate", "--noinput", "-v0")
    stack.manage(env, "collectstatic", "--noinput", "-v0")
    import django

    os.environ.update(env)
    django.setup()
    from casestudies.models import CaseStudy

    if not CaseStudy.objects.published().exists():
        stack.manage(env, "load_authorities")
        stack.manage(env, "load_demo")
    case_study = CaseStudy.objects.published().order_by("-published_at").first()
    return {
        "home": "/",
        "case studies": "/case-studies/",
        "a case study": case_study.get_absolute_url(),
        "contact": "/contact/",
    }


def lighthouse(url: str, name: str) -> dict[str, int]:
    # Every full report is kept for reading what an audit found (build/bench/).
    out = stack.OUT / f"lighthouse-{name.replace(' ', '-')}.json"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        check=True,
        timeout=300,
    )
    report = json.loads(out.read_text())
    scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
    failing = [
        audit["title"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") == "binary"
    ]
    scores["failing"] = failing
    scores["metrics"] = ", ".join(
        f"{label} {report['audits'][audit]['displayValue']}"
        for label, audit in (
            ("LCP", "largest-contentful-paint"),
            ("TBT", "total-blocking-time"),
            ("CLS", "cumulative-layout-shift"),
        )
    )
    return scores


def main():
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make lighthouse` (it installs it first).")
    # TLS ends at the load balancer in production (docs/deploy.md); here Lighthouse talks plain
    # HTTP to gunicorn on loopback, so the redirect to HTTPS is off (it would send Chromium, and
    # Lighthouse's own robots.txt fetch, to a port that has no TLS).
    env = stack.production_env(DATABASE, CELERY_EAGER="true", SECURE_SSL_REDIRECT="false")
    pages = prepare(env)
    web = stack.gunicorn("lighthouse-web", "missions_project.wsgi", env, stack.free_port())
    results = {}
    with stack.running(web):
        web.wait_for(lambda: stack.answers(f"{web.url}/healthz/"))
        for name, path in pages.items():
            runs = [lighthouse(web.url + path, f"{name} {run + 1}") for run in range(RUNS)]
            print(name, runs, flush=True)
            runs.sort(key=lambda scores: scores["performance"])
            results[name] = runs[len(runs) // 2]
            if RUNS > 1:
                performance = ", ".join(str(scores["performance"]) for scores in runs)
                results[name]["metrics"] += f" (performance in {RUNS} runs: {performance})"
    lines = [
        "| page | performance | accessibility | best practices | SEO | metrics | audits failing |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for name, s in results.items():
        cells = [
            f"{s[k]}{'' if s[k] >= target else ' (target ' + str(target) + ')'}"
            for k, target in TARGETS.items()
        ]
        failing = "; ".join(s["failing"]) or "-"
        lines.append(f"| {name} | {' | '.join(cells)} | {s['metrics']} | {failing} |")
    table = "\n".join(lines)
    print(table)
    text = DOC.read_text()
    if START in text:
        text = re.sub(f"{START}.*?{END}", f"{START}\n{table}\n{END}", text, flags=re.S)
        DOC.write_text(text)
    met = all(s[k] >= t for s in results.values() for k, t in TARGETS.items())
    print("Targets met." if met else "Some targets NOT met (marked in the table).")


if __name__ == "__main__":
    main()
