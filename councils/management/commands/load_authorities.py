from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councils.services import AUTHORITIES_CSV, RegisterError, authorities_load, authorities_read_csv


class Command(BaseCommand):
    help = (
        "Load the UK local authority register from councils/data/authorities.csv. Safe to run "
        "again: unchanged rows are not touched, changed rows are updated, and researchers' "
        "edits to email domains and tiers are kept (a tier is only set when a record is created)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=AUTHORITIES_CSV, help="Register CSV (default: shipped)"
        )

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"No register file at {path}")
        try:
            result = authorities_load(rows=authorities_read_csv(path=path))
        except RegisterError as error:
            raise CommandError(f"The register file has a problem: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Authorities: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
