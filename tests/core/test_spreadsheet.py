"""CSV cells a spreadsheet shows as text and never runs as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.spreadsheet import FORMULA_STARTS, csv_text, safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(1+1)", "'=SUM(1+1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Pat Product", "Pat Product"),
        (42, "42"),
        (None, ""),
        ("a=b", "a=b"),
    ],
)
def test_safe_cell_table(value, cell):
    assert safe_cell(value) == cell


@given(st.text())
def test_no_cell_starts_like_a_formula_and_nothing_else_changes(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)
    assert (cell != text) == text.startswith(FORMULA_STARTS)


@given(st.lists(st.lists(st.text(), min_size=2, max_size=2), max_size=5))
def test_every_row_reads_back_neutralised(rows):
    read = list(csv.reader(io.StringIO(csv_text(["a", "b"], rows), newline="")))
    assert read[0] == ["a", "b"]
    assert read[1:] == [[safe_cell(cell) for cell in row] for row in rows]
