"""Writing rows to CSV (streamed) and XLSX (through a temporary file), safely for spreadsheets.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (and openpyxl writes a string starting with "=" as one), so an
officer's answer could run a formula on a researcher's computer. Such text is prefixed with an
apostrophe, as OWASP recommends for CSV injection; the words themselves are unchanged.

CSV is written by `csv_cell`, which gives exactly what `csv.writer` (the excel dialect) writes
for one cell (tests/research/test_spreadsheet.py compares them), because callers can then render
a cell that repeats on many rows (an authority, a question) once, and the response can send
many rows per chunk: `csv.writer` copies every character of every row one at a time, which at
200,000 long answers was slower than the 50,000 rows/s an export must reach.
"""

import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice

from django.http import FileResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Lines per chunk of a streamed CSV: a few MB at most, far fewer writes than one per row.
LINES_PER_CHUNK = 1000


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


def csv_cell(value) -> str:
    """One cell as CSV text, formula-safe: quoted when it holds a comma, a double quote (then
    doubled) or a line break, as csv.writer does; None is empty, numbers are str()."""
    if type(value) is str:  # the common case first: every cell is rendered this way
        if not value:
            return value
        if value.startswith(FORMULA_STARTS):
            value = "'" + value
    elif value is None:
        return ""
    elif isinstance(value, str):
        value = safe_cell(value)
    else:
        value = str(value)
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def csv_cells(values: Iterable) -> str:
    """Adjacent cells of a line, as CSV text: callers render a run of cells that repeats on many
    lines (one submission's, one question's) once, and join the runs with ","."""
    return ",".join([csv_cell(value) for value in values])


def csv_row(row: Iterable) -> str:
    """A whole line, without its line end (csv.writer writes a line whose only cell is empty
    as "", so that it is not read as no cell at all)."""
    cells = [value if value == "" else csv_cell(value) for value in row]  # many are empty
    return ",".join(cells) or ('""' if cells else "")


def csv_stream(lines: Iterable[str]) -> Iterator[bytes]:
    """The bytes of a CSV file from its lines (without line ends), many lines per chunk."""
    # A byte-order mark first, so Excel reads the file as UTF-8.
    yield "\ufeff".encode()
    lines = iter(lines)
    while chunk := list(islice(lines, LINES_PER_CHUNK)):
        chunk.append("")
        yield "\r\n".join(chunk).encode("utf-8")


def csv_lines_response(lines: Iterable[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_stream(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    return csv_lines_response(map(csv_row, rows), filename)


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
