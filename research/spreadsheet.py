"""Writing rows to CSV (streamed) and XLSX (through a temporary file), safely for spreadsheets.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (and openpyxl writes a string starting with "=" as one), so an
officer's answer could run a formula on a researcher's computer. Such text is prefixed with an
apostrophe, as OWASP recommends for CSV injection; the words themselves are unchanged.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


class _Echo:
    """A file-like object whose write() hands back the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    # A byte-order mark first, so Excel reads the file as UTF-8.
    yield "\ufeff"
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(safe_row(row))


def csv_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_write(sheets: Iterable[tuple[str, Iterable[Iterable]]], output) -> None:
    """One worksheet per (title, rows), written row by row (openpyxl's write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(safe_row(row))
    workbook.save(output)


def xlsx_response(sheets: Iterable[tuple[str, Iterable[Iterable]]], filename: str) -> FileResponse:
    """The workbook streamed from a temporary file (the site builds XLSX in a Celery task,
    research/export_jobs.py; this serves bench/export_memory.py)."""
    # Deleted when the response closes it (FileResponse closes the file after streaming).
    output = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    xlsx_write(sheets, output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
