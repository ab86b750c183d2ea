"""Load demonstration content, clearly labelled, from public sources.

Each step is a small function taking the command (for output) and returning nothing; add new ones
to STEPS. Every step must be safe to run again (upserts keyed on natural keys).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from councils.models import Authority
from demo.casestudies import STEPS as CASE_STUDY_STEPS
from demo.missions import REQUIRED_GSS_CODES, load_camden_missions, load_west_yorkshire_missions

# Case studies last: the UK ones link to the missions loaded above.
STEPS = [load_camden_missions, load_west_yorkshire_missions, *CASE_STUDY_STEPS]


class Command(BaseCommand):
    help = (
        "Load demonstration content (labelled 'Demo content' on the site) from public sources. "
        "Needs the authority register: run load_authorities first. Safe to run again."
    )

    def handle(self, *args, **options):
        found = set(
            Authority.objects.filter(gss_code__in=REQUIRED_GSS_CODES).values_list(
                "gss_code", flat=True
            )
        )
        if missing := [code for code in REQUIRED_GSS_CODES if code not in found]:
            raise CommandError(
                f"The authority register is not loaded (no authority with GSS code "
                f"{', '.join(missing)}). Run `manage.py load_authorities` first, then load_demo."
            )
        with transaction.atomic():
            for step in STEPS:
                step(self)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
