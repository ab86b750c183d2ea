"""Remove casestudies.PartnerType: 0005 copied every case study's partner types to councils.

A migration of its own: on PostgreSQL a table cannot be altered in the transaction that wrote
its rows with deferred foreign-key checks pending.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0005_partner_types_from_councils"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="casestudy",
            name="partner_types",
        ),
        migrations.DeleteModel(
            name="PartnerType",
        ),
        migrations.RenameField(
            model_name="casestudy",
            old_name="new_partner_types",
            new_name="partner_types",
        ),
        migrations.AlterField(
            model_name="casestudy",
            name="partner_types",
            field=models.ManyToManyField(
                blank=True, related_name="case_studies", to="councils.partnertype"
            ),
        ),
    ]
