"""Partner types become a model: seed them, and give each partner a foreign key to its type.

The slugs and names are the ones case studies were filtered by (casestudies 0002), so the two
lists become one. Each partner's old choice value maps to the slug its label slugified to; an
unknown value maps to "other", as before. 0005 removes the old column.
"""

import django.db.models.deletion
from django.db import migrations, models

PARTNER_TYPES = [
    ("community-group", "Community group"),
    ("vcse-organisation", "VCSE organisation"),
    ("public-sector-body", "Public sector body"),
    ("business", "Business"),
    ("academic-institution", "Academic institution"),
    ("other", "Other"),
]

# The old Partner.Type choice values and the slug of each.
OLD_TO_SLUG = {
    "community": "community-group",
    "vcse": "vcse-organisation",
    "public": "public-sector-body",
    "business": "business",
    "academic": "academic-institution",
    "other": "other",
}


def seed(apps, schema_editor):
    PartnerType = apps.get_model("councils", "PartnerType")
    for order, (slug, name) in enumerate(PARTNER_TYPES, start=1):
        PartnerType.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


def copy_types(apps, schema_editor):
    PartnerType = apps.get_model("councils", "PartnerType")
    Partner = apps.get_model("councils", "Partner")
    by_slug = {t.slug: t for t in PartnerType.objects.all()}
    for old, slug in OLD_TO_SLUG.items():
        Partner.objects.filter(type=old).update(new_type=by_slug[slug])
    Partner.objects.filter(new_type__isnull=True).update(new_type=by_slug["other"])


def copy_types_back(apps, schema_editor):
    Partner = apps.get_model("councils", "Partner")
    for old, slug in OLD_TO_SLUG.items():
        Partner.objects.filter(new_type__slug=slug).update(type=old)


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0003_outcomes_indicators_sharing"),
    ]

    operations = [
        migrations.CreateModel(
            name="PartnerType",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("order", models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                "ordering": ["order", "name"],
            },
        ),
        migrations.AddField(
            model_name="partner",
            name="new_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="councils.partnertype",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(copy_types, copy_types_back),
    ]
