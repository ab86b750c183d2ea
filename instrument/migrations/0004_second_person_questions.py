"""Put the first round's questions in the second person, one question at a time, and add the
questions of Learning and enablers.

Every question belongs to a round: the questions seeded by 0002 are the first round's. Each
question keeps, as its research question, the launch article's wording it comes from (New
Local, "Beyond the 'what': How local governments are pioneering mission-led approaches",
9 July 2025); officers are asked it in the second person, and the article's compound
questions (partnerships; governance, capabilities and infrastructure; accountability,
learning and impact) are asked as separate questions.

A theme's questions are rewritten only while they are still exactly 0002's wording and none
has answers: researchers' edits, and answers, are left alone.
"""

import datetime
import importlib

from django.db import connection as default_connection
from django.db import migrations

SETTING = (
    "How are councils and strategic authorities using missions, or adjacent approaches in "
    "practice? How are they setting the missions and determining the challenges that are a "
    "best fit for a mission-led approach?"
)
PARTNERSHIPS = (
    "How are councils and strategic authorities working with partners (including communities, "
    "VCSE organisations, other public sector organisations, and businesses) to build consensus "
    "and shared ownership around long-term goals or missions?"
)
LEADING = [
    "How does it look and feel as a council or strategic authority to work in a "
    "mission-orientated way?",
    "How do senior leaders understand their role and the roles of their teams in mission-led "
    "governance?",
    "What is the role of political leadership in developing and championing missions?",
    "How in practice is a long-term view balanced against the reality of political cycles?",
]
INFRASTRUCTURE = (
    "How are local areas developing governance, capabilities and collaborative infrastructure "
    "to support place-wide action on missions?"
)
INNOVATION = (
    "How is mission-led governing supporting and enabling innovative practice and surfacing "
    "unexpected solutions?"
)
IMPACT = (
    "How are local areas developing approaches to accountability, learning and impact to "
    "support progress on missions?"
)
AMPLIFY = (
    "The project will seek to identify actions needed across policy and practice to amplify, "
    "deepen and enable mission-led approaches in local government."
)
INTERNATIONAL = (
    "We will draw on academic work and international case studies to help challenge and "
    "deepen existing practice."
)

# slug -> 0002's wording (to recognise an unedited theme), then (research question, text,
# help text) for each question asked now.
THEMES = {
    "setting-and-shaping-missions": (
        [
            "How are councils and strategic authorities using missions, or adjacent approaches "
            "in practice?",
            "How are they setting the missions and determining the challenges that are a best "
            "fit for a mission-led approach?",
        ],
        [
            (
                SETTING,
                "How is your authority using missions, or adjacent approaches, in practice?",
                "",
            ),
            (SETTING, "How does your authority set its missions?", ""),
            (
                SETTING,
                "How does your authority decide which challenges suit a mission?",
                "What makes a challenge a good fit for a mission-led approach, in your experience?",
            ),
        ],
    ),
    "building-partnerships": (
        [PARTNERSHIPS],
        [
            (
                PARTNERSHIPS,
                "How does your authority work with communities on its long-term goals or missions?",
                "",
            ),
            (
                PARTNERSHIPS,
                "How does your authority work with VCSE organisations, other public sector "
                "organisations and businesses on those goals or missions?",
                "Tell us about each kind of partner you work with.",
            ),
            (
                PARTNERSHIPS,
                "How does your authority build consensus with its partners around those goals "
                "or missions?",
                "",
            ),
            (
                PARTNERSHIPS,
                "How does your authority build shared ownership of those goals or missions "
                "with its partners?",
                "",
            ),
        ],
    ),
    "leading-change": (
        LEADING,
        [
            (
                LEADING[0],
                "How does it look and feel, in your authority, to work in a "
                "mission-orientated way?",
                "",
            ),
            (
                LEADING[1],
                "How do your senior leaders understand their role, and the roles of their "
                "teams, in mission-led governance?",
                "",
            ),
            (
                LEADING[2],
                "What role does your political leadership play in developing and championing "
                "missions?",
                "",
            ),
            (
                LEADING[3],
                "How, in practice, does your authority balance a long-term view against the "
                "reality of political cycles?",
                "",
            ),
        ],
    ),
    "creating-infrastructure": (
        [INFRASTRUCTURE],
        [
            (
                INFRASTRUCTURE,
                "How is your area developing governance to support place-wide action on missions?",
                "For example boards, partnership agreements or decision-making arrangements.",
            ),
            (
                INFRASTRUCTURE,
                "How is your area developing the capabilities it needs for place-wide action "
                "on missions?",
                "For example skills, teams, data or funding.",
            ),
            (
                INFRASTRUCTURE,
                "How is your area developing collaborative infrastructure to support "
                "place-wide action on missions?",
                "For example shared spaces, networks, platforms or ways of working together.",
            ),
        ],
    ),
    "driving-innovation": (
        [INNOVATION],
        [
            (
                INNOVATION,
                "How is mission-led governing supporting and enabling innovative practice in "
                "your authority?",
                "",
            ),
            (
                INNOVATION,
                "What unexpected solutions has mission-led governing surfaced in your area?",
                "",
            ),
        ],
    ),
    "measuring-impact": (
        [IMPACT],
        [
            (
                IMPACT,
                "How is your area developing approaches to accountability, to support "
                "progress on missions?",
                "",
            ),
            (
                IMPACT,
                "How is your area developing approaches to learning, to support progress on "
                "missions?",
                "",
            ),
            (
                IMPACT,
                "How is your area developing approaches to understanding impact, to support "
                "progress on missions?",
                "",
            ),
        ],
    ),
}

LEARNING = [
    (
        AMPLIFY,
        "What in policy and practice would amplify, deepen and enable your authority's "
        "mission-led work?",
        "The enablers you have, and those you need: for example from national government, "
        "regional bodies, partners or within your authority.",
    ),
    (
        AMPLIFY,
        "What in policy and practice gets in the way of your authority's mission-led work?",
        "The barriers you meet: for example from national government, funding rules, "
        "regulation, partners or within your authority.",
    ),
    (
        INTERNATIONAL,
        "What research, programmes or international examples has your authority learned from "
        "in its mission-led work?",
        "For example academic work on missions, or places such as València, the Blekinge "
        "Region in Sweden, or Bogotá's Care Blocks. Tell us what you took from them.",
    ),
]

FIRST_ROUND = {
    "slug": "call-for-practice-2026-27",
    "title": "Call for practice 2026–27",
    "opens_on": datetime.date(2026, 9, 1),
    "closes_on": datetime.date(2027, 6, 30),
}


def first_round(apps):
    Round = apps.get_model("instrument", "Round")
    round, _ = Round.objects.get_or_create(
        slug=FIRST_ROUND["slug"],
        defaults={k: v for k, v in FIRST_ROUND.items() if k != "slug"},
    )
    return round


def has_answers(connection, question_ids) -> bool:
    """Whether any of the questions has answers. Read with SQL, as answers belong to an app
    above this one; on a new database their table does not exist yet."""
    if not question_ids or "submissions_answer" not in connection.introspection.table_names():
        return False
    placeholders = ", ".join(["%s"] * len(question_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            # Only %s placeholders are formatted in; the ids are parameters.
            f"SELECT 1 FROM submissions_answer WHERE question_id IN ({placeholders}) LIMIT 1",  # noqa: S608
            list(question_ids),
        )
        return cursor.fetchone() is not None


def reword(apps, schema_editor):
    Theme = apps.get_model("instrument", "Theme")
    Question = apps.get_model("instrument", "Question")
    connection = schema_editor.connection if schema_editor else default_connection
    round = first_round(apps)
    Question.objects.filter(round__isnull=True).update(round=round)

    for slug, (seeded, asked) in THEMES.items():
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            continue
        existing = list(Question.objects.filter(round=round, theme=theme).order_by("order", "pk"))
        unedited = [q.text for q in existing] == seeded
        if not unedited or has_answers(connection, [q.pk for q in existing]):
            continue
        for position, (research_question, text, help_text) in enumerate(asked, start=1):
            question = existing[position - 1] if position <= len(existing) else None
            if question is None:
                question = Question(round=round, theme=theme, section="theme")
            question.text, question.research_question = text, research_question
            question.help_text, question.order = help_text, position
            question.save()

    if not Question.objects.filter(round=round, section="learning").exists():
        Question.objects.bulk_create(
            Question(
                round=round,
                section="learning",
                theme=None,
                text=text,
                research_question=research_question,
                help_text=help_text,
                order=position,
            )
            for position, (research_question, text, help_text) in enumerate(LEARNING, start=1)
        )


def seed(apps, schema_editor):
    """Everything 0002 and this migration make, on a database that has none of it (browser
    tests flush the database): the themes, the first round, and its questions as asked now.
    Creates only what is missing."""
    Theme = apps.get_model("instrument", "Theme")
    Question = apps.get_model("instrument", "Question")
    round = first_round(apps)
    earlier = importlib.import_module("instrument.migrations.0002_seed")
    for order, data in enumerate(earlier.THEMES, start=1):
        theme, _ = Theme.objects.get_or_create(
            slug=data["slug"],
            defaults={"title": data["title"], "summary": data["summary"], "order": order},
        )
        if Question.objects.filter(round=round, theme=theme).exists():
            continue
        Question.objects.bulk_create(
            Question(
                round=round,
                theme=theme,
                section="theme",
                text=text,
                research_question=research_question,
                help_text=help_text,
                order=position,
            )
            for position, (research_question, text, help_text) in enumerate(
                THEMES[data["slug"]][1], start=1
            )
        )
    reword(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("instrument", "0003_question_round_and_versions"),
    ]

    # Reversing keeps the new wording: it may already have answers.
    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
