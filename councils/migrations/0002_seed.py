"""Seed the five national missions and the adjacent approaches named in the launch article.

Researchers can edit the wording in the admin afterwards; re-running this migration (e.g. on a
fresh database) only creates what is missing, by slug.
"""

from django.db import migrations

NATIONAL_MISSIONS = [
    ("kickstart-economic-growth", "Kickstart economic growth"),
    ("clean-energy-superpower", "Make Britain a clean energy superpower"),
    ("take-back-our-streets", "Take back our streets"),
    ("break-down-barriers-to-opportunity", "Break down barriers to opportunity"),
    ("nhs-fit-for-the-future", "Build an NHS fit for the future"),
]

APPROACHES = [
    (
        "place-based-strategy",
        "Place-based strategy",
        "Setting long-term goals for a whole place, across organisations, rather than service by service.",
    ),
    (
        "local-economic-development",
        "Local economic development",
        "Using the council's powers, land and spending to shape a fairer, stronger local economy.",
    ),
    (
        "anchor-institutions",
        "Anchor institutions",
        "Convening large local employers such as hospitals, universities and colleges to use their jobs, spending and buildings for the place.",
    ),
    (
        "commissioning-and-procurement",
        "Commissioning and procurement",
        "Designing how services are bought and contracted so that public spending advances long-term goals.",
    ),
    (
        "new-municipalism",
        "New Municipalism",
        "A movement for councils to work with citizens to democratise the local economy and public services.",
    ),
    (
        "data-and-digital",
        "Data and digital",
        "Using data, digital tools and innovation to understand challenges and follow progress.",
    ),
    (
        "deliberative-and-participatory-approaches",
        "Deliberative and participatory approaches",
        "Involving residents directly in decisions, for example through citizens' assemblies and participatory budgeting.",
    ),
    (
        "municipal-wealth-funds",
        "Municipal wealth funds",
        "Publicly owned investment funds that build and hold long-term wealth for a place.",
    ),
    (
        "total-place",
        "Total Place",
        "Looking at all public spending in a place together to redesign services around people rather than organisations.",
    ),
]


def seed(apps, schema_editor):
    NationalMission = apps.get_model("councils", "NationalMission")
    Approach = apps.get_model("councils", "Approach")
    for order, (slug, name) in enumerate(NATIONAL_MISSIONS, start=1):
        NationalMission.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
    for order, (slug, name, description) in enumerate(APPROACHES, start=1):
        Approach.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order, "description": description}
        )


def unseed(apps, schema_editor):
    apps.get_model("councils", "NationalMission").objects.filter(
        slug__in=[slug for slug, _ in NATIONAL_MISSIONS]
    ).delete()
    apps.get_model("councils", "Approach").objects.filter(
        slug__in=[slug for slug, _, _ in APPROACHES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
