"""The CSV writer (research/spreadsheet.py) writes what csv.writer writes, formula-safe.

Exports render repeated cells once and send many lines per chunk, so they do not call
csv.writer; these tests hold them to its output, byte for byte, on awkward text.
"""

import csv
import io
import random

import pytest
from django.utils.safestring import mark_safe

from research.spreadsheet import csv_cell, csv_cells, csv_row, csv_stream, safe_row

AWKWARD = [
    "",
    " ",
    "plain words",
    'She said "yes", then left',
    '"',
    '""',
    ",",
    "a,b",
    "line\nbreak",
    "carriage\rreturn",
    "windows\r\nline",
    "\n",
    "=1+1",
    "+44 20 7946 0000",
    "-2",
    "@SUM(A1)",
    "\ttabbed",
    "\rreturned",
    '=HYPERLINK("http://evil")',
    "'already quoted",
    "Ynys Môn – Cyngor Sir “Môn”",
    "emoji 🏘️, and more",
    "trailing space ",
    "semi; colon",
    "\x00nul",
]
VALUES = [*AWKWARD, None, 0, 1, -2, 3.5, True, 2030, mark_safe("=a, str subclass"), mark_safe("")]


def written_by_csv_writer(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(safe_row(row) for row in rows)
    return buffer.getvalue()


def written_by_us(rows) -> str:
    return "".join(csv_row(row) + "\r\n" for row in rows)


@pytest.mark.parametrize("value", VALUES)
def test_a_cell_is_written_as_csv_writer_writes_it(value):
    assert written_by_us([[value], [value, value], ["x", value, "y"]]) == written_by_csv_writer(
        [[value], [value, value], ["x", value, "y"]]
    )


def test_random_rows_of_awkward_text_are_written_as_csv_writer_writes_them():
    rng = random.Random(2030)
    pieces = [*AWKWARD, "a", "b", " ", ",", '"', "\n", "\r", "=", "-", "@", "\t"]
    rows = [
        [
            "".join(rng.choices(pieces, k=rng.randint(0, 6))) if rng.random() < 0.9 else None
            for _ in range(rng.randint(0, 8))
        ]
        for _ in range(3000)
    ]

    assert written_by_us(rows) == written_by_csv_writer(rows)


def test_runs_of_cells_join_into_the_same_line():
    row = ["=formula", "a,b", None, 7, 'say "hi"', "", "end"]

    assert ",".join([csv_cells(row[:3]), csv_cells(row[3:5]), csv_cells(row[5:])]) == csv_row(row)


def test_formula_like_text_keeps_its_apostrophe_and_numbers_are_left_alone():
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell('=HYPERLINK("x")') == '"\'=HYPERLINK(""x"")"'
    assert csv_cell(-2) == "-2"


def test_the_stream_starts_with_a_byte_order_mark_and_ends_every_line():
    lines = [f"line {i}" for i in range(2500)]

    body = b"".join(csv_stream(lines)).decode("utf-8")

    assert body == "\ufeff" + "".join(f"line {i}\r\n" for i in range(2500))
    assert b"".join(csv_stream([])) == "\ufeff".encode()
