"""Cells of the spreadsheets the portal writes: kept from running as formulas.

Every export (the register's CSV, the action plan's CSV and XLSX) and the action plan's
import use these, so what counts as a formula is decided once.
"""

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def safe_cell(value):
    """A cell's value as written: text defused, numbers and dates as they are."""
    return defuse_formula(value) if isinstance(value, str) else value
