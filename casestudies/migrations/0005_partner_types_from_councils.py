"""Case studies' partner-type facet points at councils.PartnerType, the one partner-type list.

Each case study's partner types are copied across by slug (the two lists were seeded with the
same slugs). A type only case studies had is created in councils, and a researcher's renaming
of a facet is kept. 0006 removes the old field and model.
"""

from django.db import migrations, models


def copy_partner_types(apps, schema_editor):
    Old = apps.get_model("casestudies", "PartnerType")
    New = apps.get_model("councils", "PartnerType")
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    new_by_old_pk = {}
    for old in Old.objects.all():
        new_by_old_pk[old.pk], _ = New.objects.update_or_create(
            slug=old.slug, defaults={"name": old.name, "order": old.order}
        )
    for case_study in CaseStudy.objects.prefetch_related("partner_types"):
        case_study.new_partner_types.set(
            [new_by_old_pk[t.pk] for t in case_study.partner_types.all()]
        )


def copy_partner_types_back(apps, schema_editor):
    Old = apps.get_model("casestudies", "PartnerType")
    New = apps.get_model("councils", "PartnerType")
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    old_by_new_pk = {}
    for new in New.objects.all():
        old_by_new_pk[new.pk], _ = Old.objects.update_or_create(
            slug=new.slug, defaults={"name": new.name, "order": new.order}
        )
    for case_study in CaseStudy.objects.prefetch_related("new_partner_types"):
        case_study.partner_types.set(
            [old_by_new_pk[t.pk] for t in case_study.new_partner_types.all()]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0004_search_document"),
        ("councils", "0004_partner_type_model"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestudy",
            name="new_partner_types",
            field=models.ManyToManyField(blank=True, related_name="+", to="councils.partnertype"),
        ),
        migrations.RunPython(copy_partner_types, copy_partner_types_back),
    ]
