"""Spreadsheet cells kept from running as formulas (common.cells)."""

import pytest

from common.cells import FORMULA_STARTS, defuse_formula


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_it_defuses_a_cell_a_spreadsheet_would_run_as_a_formula(start):
    cell = f'{start}HYPERLINK("https://evil.test")'

    assert defuse_formula(cell) == f"'{cell}"


@pytest.mark.parametrize("text", ["Föreningen Ängen", "", "1+1", "https://exempel.se", "a=b"])
def test_it_leaves_ordinary_text_as_it_is(text):
    assert defuse_formula(text) == text
