# The plain many-to-many link between submissions and missions becomes the SubmittedMission
# model on the same table (no row is lost), then gains its own fields.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0003_outcomes_indicators_sharing"),
        ("submissions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="SubmittedMission",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "mission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="councils.mission"
                            ),
                        ),
                        (
                            "submission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="submissions.submission",
                            ),
                        ),
                    ],
                    options={"db_table": "submissions_submission_missions"},
                ),
                migrations.AlterField(
                    model_name="submission",
                    name="missions",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="submissions",
                        through="submissions.SubmittedMission",
                        to="councils.mission",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="submittedmission",
            name="added_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="submittedmission",
            name="carried_from",
            field=models.ForeignKey(
                blank=True,
                help_text="The same mission in the authority's previous round",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="carried_to",
                to="submissions.submittedmission",
            ),
        ),
        migrations.AddConstraint(
            model_name="submittedmission",
            constraint=models.UniqueConstraint(
                fields=("submission", "mission"), name="one_link_per_mission"
            ),
        ),
    ]
