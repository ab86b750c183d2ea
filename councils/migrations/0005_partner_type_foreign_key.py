"""Partner.type is now the foreign key 0004 filled in; the old choice column goes.

A migration of its own: on PostgreSQL a table cannot be altered in the transaction that
updated its rows with deferred foreign-key checks pending.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0004_partner_type_model"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="partner",
            name="type",
        ),
        migrations.RenameField(
            model_name="partner",
            old_name="new_type",
            new_name="type",
        ),
        migrations.AlterField(
            model_name="partner",
            name="type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="partners",
                to="councils.partnertype",
            ),
        ),
    ]
