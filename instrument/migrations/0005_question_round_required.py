import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("instrument", "0004_second_person_questions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="question",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="questions",
                to="instrument.round",
            ),
        ),
    ]
