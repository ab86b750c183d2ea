"""Lighthouse scores for home, the case-study list, a case study and contact.

Starts gunicorn with production settings on the `missions_bench` database (made by
bench/public_pages.py; with the register and demo content if it is empty), runs npm's
lighthouse@12.2.3 against Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) for each
page, prints the scores and writes them into docs/performance.md between the lighthouse markers.
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


def lighthouse(url: str) -> dict[str, int]:
    out = stack.OUT / "lighthouse.json"
    subprocess.run(
        [
            "npx",
            "--yes",
            "lighthouse@12.2.3",
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
    env = stack.production_env(DATABASE, CELERY_EAGER="true")
    pages = prepare(env)
    web = stack.gunicorn("lighthouse-web", "missions_project.wsgi", env, stack.free_port())
    results = {}
    with stack.running(web):
        web.wait_for(lambda: stack.answers(f"{web.url}/healthz/"))
        for name, path in pages.items():
            results[name] = lighthouse(web.url + path)
            print(name, results[name], flush=True)
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
