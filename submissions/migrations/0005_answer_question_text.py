"""Record, on each answer saved before answers kept it, the wording of the question it
answered (the question's current wording, version 1: no wording had changed under answers)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Answer = apps.get_model("submissions", "Answer")
    Question = apps.get_model("instrument", "Question")
    Answer.objects.filter(question_text="").update(
        question_text=Subquery(Question.objects.filter(pk=OuterRef("question_id")).values("text"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0004_answer_versions_not_yet_evidence"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
