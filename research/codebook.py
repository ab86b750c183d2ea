"""The codebook as CSV: export it, and import one developed elsewhere.

Columns: theme (the theme's slug or title), code, description, parent (the name of a broader
code in the same theme, in the file or already in the codebook). An import checks every row
first and changes nothing if any row is wrong; codes already in the codebook (same theme and
name) get the file's description and parent.
"""

import csv
import io
from dataclasses import dataclass

from django.db import transaction

from instrument.models import Theme

from .models import Code

COLUMNS = ["theme", "code", "description", "parent"]
MAX_BYTES = 2_000_000


def codebook_rows():
    yield COLUMNS
    for code in Code.objects.select_related("theme", "parent").order_by(
        "theme__order", "theme__title", "name"
    ):
        yield [
            code.theme.slug,
            code.name,
            code.description,
            code.parent.name if code.parent else "",
        ]


class CodebookError(Exception):
    """The file cannot be imported; `problems` says why, row by row, in plain English."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    created: int
    updated: int


def _read(data: bytes) -> list[dict]:
    if len(data) > MAX_BYTES:
        raise CodebookError(["The file is larger than 2 MB. Is it the right file?"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CodebookError(
            ["The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”."]
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("theme", "code") if c not in header]
    if missing:
        raise CodebookError(
            [
                "The first row must name the columns theme, code, description and parent; "
                f"this file has no {' or '.join(missing)} column."
            ]
        )
    reader.fieldnames = header
    try:
        rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except csv.Error as error:
        raise CodebookError([f"The file is not a readable CSV file ({error})."]) from None
    if not rows:
        raise CodebookError(["The file has no codes in it, only a header row."])
    return rows


def _check(rows: list[dict]) -> list[tuple[Theme, dict]]:
    themes = {}
    for theme in Theme.objects.all():
        themes[theme.slug.lower()] = theme
        themes.setdefault(theme.title.lower(), theme)
    existing = {(c.theme_id, c.name.lower()) for c in Code.objects.all()}
    problems, checked, seen = [], [], {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        theme = themes.get(row.get("theme", "").lower())
        name = row.get("code", "")
        if not row.get("theme"):
            problems.append(f"Row {number}: the theme is empty.")
        elif theme is None:
            problems.append(
                f"Row {number}: there is no theme “{row['theme']}” (use its slug or title)."
            )
        if not name:
            problems.append(f"Row {number}: the code's name is empty.")
        elif len(name) > 200:
            problems.append(f"Row {number}: the code's name is longer than 200 characters.")
        if theme is None or not name:
            continue
        key = (theme.pk, name.lower())
        if key in seen:
            problems.append(
                f"Row {number}: “{name}” is already on row {seen[key]} for the same theme."
            )
            continue
        seen[key] = number
        checked.append((theme, row))
    for theme, row in checked:
        parent = row.get("parent", "")
        if not parent:
            continue
        key = (theme.pk, parent.lower())
        if parent.lower() == row["code"].lower():
            problems.append(
                f"Row {seen[(theme.pk, row['code'].lower())]}: a code cannot be its own parent."
            )
        elif key not in seen and key not in existing:
            problems.append(
                f"Row {seen[(theme.pk, row['code'].lower())]}: the parent “{parent}” is not a code "
                f"of the theme “{theme.title}” in the file or the codebook."
            )
    if problems:
        raise CodebookError(problems)
    return checked


@transaction.atomic
def codebook_import(*, data: bytes) -> ImportResult:
    """Create or update the file's codes, all or none. Raises CodebookError."""
    checked = _check(_read(data))
    created = updated = 0
    by_key = {(c.theme_id, c.name.lower()): c for c in Code.objects.select_for_update()}
    for theme, row in checked:
        key = (theme.pk, row["code"].lower())
        code = by_key.get(key)
        if code is None:
            code = Code.objects.create(
                theme=theme, name=row["code"], description=row.get("description", "")
            )
            by_key[key] = code
            created += 1
        else:
            code.description = row.get("description", "")
            code.save(update_fields=["description"])
            updated += 1
    for theme, row in checked:
        code = by_key[(theme.pk, row["code"].lower())]
        parent = (
            by_key.get((theme.pk, row.get("parent", "").lower())) if row.get("parent") else None
        )
        if code.parent_id != (parent.pk if parent else None):
            code.parent = parent
            code.save(update_fields=["parent"])
    _refuse_cycles(by_key.values())
    return ImportResult(created=created, updated=updated)


def _refuse_cycles(codes):
    parent_of = {c.pk: c.parent_id for c in codes}
    names = {c.pk: c.name for c in codes}
    for start in parent_of:
        seen, node = set(), start
        while node is not None:
            if node in seen:
                # Raised inside the transaction, so nothing is kept.
                raise CodebookError(
                    [
                        f"The parents form a loop (through “{names[node]}”): a code cannot be its own ancestor."
                    ]
                )
            seen.add(node)
            node = parent_of.get(node)
