"""Seed the six question themes and their questions from the launch article, and the first round.

Source: New Local, "Beyond the 'what': How local governments are pioneering mission-led
approaches" (Isadora Spillman-Schappell, 9 July 2025). Each theme's text is split into its
separate questions at each question mark; the wording is the article's, unchanged. The
summaries are ours. Copied here so that migrating never depends on files outside the project.
"""

import datetime

from django.db import migrations

THEMES = [
    {
        "slug": "setting-and-shaping-missions",
        "title": "Setting and shaping missions",
        "summary": "How councils and strategic authorities choose their missions and decide which challenges suit a mission-led approach.",
        "questions": [
            "How are councils and strategic authorities using missions, or adjacent approaches in practice?",
            "How are they setting the missions and determining the challenges that are a best fit for a mission-led approach?",
        ],
    },
    {
        "slug": "building-partnerships",
        "title": "Building partnerships",
        "summary": "How authorities build consensus and shared ownership of long-term missions with communities, VCSE organisations, other public bodies and businesses.",
        "questions": [
            "How are councils and strategic authorities working with partners (including communities, VCSE organisations, other public sector organisations, and businesses) to build consensus and shared ownership around long-term goals or missions?",
        ],
    },
    {
        "slug": "leading-change",
        "title": "Leading change",
        "summary": "What working in a mission-led way means for senior leaders, their teams and political leadership, over the long term and across political cycles.",
        "questions": [
            "How does it look and feel as a council or strategic authority to work in a mission-orientated way?",
            "How do senior leaders understand their role and the roles of their teams in mission-led governance?",
            "What is the role of political leadership in developing and championing missions?",
            "How in practice is a long-term view balanced against the reality of political cycles?",
        ],
    },
    {
        "slug": "creating-infrastructure",
        "title": "Creating infrastructure",
        "summary": "The governance, capabilities and ways of working together that places build to act on missions across the whole area.",
        "questions": [
            "How are local areas developing governance, capabilities and collaborative infrastructure to support place-wide action on missions?",
        ],
    },
    {
        "slug": "driving-innovation",
        "title": "Driving innovation",
        "summary": "How mission-led governing opens the way to innovative practice and solutions nobody expected.",
        "questions": [
            "How is mission-led governing supporting and enabling innovative practice and surfacing unexpected solutions?",
        ],
    },
    {
        "slug": "measuring-impact",
        "title": "Measuring impact",
        "summary": "How places approach accountability, learning and impact so they can see and support progress on their missions.",
        "questions": [
            "How are local areas developing approaches to accountability, learning and impact to support progress on missions?",
        ],
    },
]


FIRST_ROUND = {
    "slug": "call-for-practice-2026-27",
    "title": "Call for practice 2026–27",
    "opens_on": datetime.date(2026, 9, 1),
    "closes_on": datetime.date(2027, 6, 30),
}


def seed_themes(apps, schema_editor):
    Theme = apps.get_model("instrument", "Theme")
    Question = apps.get_model("instrument", "Question")
    for order, data in enumerate(THEMES, start=1):
        # Leave a theme alone if it already exists: researchers may have edited it.
        theme, created = Theme.objects.get_or_create(
            slug=data["slug"],
            defaults={"title": data["title"], "summary": data["summary"], "order": order},
        )
        if created:
            Question.objects.bulk_create(
                Question(theme=theme, text=text, order=position)
                for position, text in enumerate(data["questions"], start=1)
            )


def seed_first_round(apps, schema_editor):
    Round = apps.get_model("instrument", "Round")
    # Only create it: if it exists, researchers may have changed its dates.
    Round.objects.get_or_create(
        slug=FIRST_ROUND["slug"],
        defaults={k: v for k, v in FIRST_ROUND.items() if k != "slug"},
    )


def seed(apps, schema_editor):
    seed_themes(apps, schema_editor)
    seed_first_round(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("instrument", "0001_initial"),
    ]

    # Reversing keeps the rows: they may hold researchers' edits, and submissions may belong to
    # the round (0001's reversal drops the tables).
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
