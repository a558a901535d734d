"""Reading an uploaded spreadsheet for the activities' import.

django-import-export reads CSV as comma-separated text in one encoding, and XLSX with the
cached values of formula cells (none, in a file that no spreadsheet program has computed).
Swedish Excel writes CSV with semicolons, with or without a byte-order mark, and a formula
must be refused rather than read as empty; so the formats here read the bytes themselves,
check the columns and the size, and raise `SpreadsheetError` with a message for the person
who uploaded the file. Everything else (preview, per-row errors, saving) stays the library's.
"""

import csv
import datetime
import io
import zipfile

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024


class SpreadsheetError(ValueError):
    """The file cannot be imported at all; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_csv(data: bytes, columns: tuple[str, ...]) -> tablib.Dataset:
    """A dataset from CSV bytes: UTF-8 with or without BOM, comma or semicolon."""
    _check_size(data)
    if b"\x00" in data:
        raise SpreadsheetError(_("The file is not a spreadsheet saved as CSV."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                "The file is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma "
                "delimited)”, or upload it as XLSX."
            )
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(_limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error:
        raise SpreadsheetError(_("The file is not a spreadsheet saved as CSV.")) from None
    return _dataset(rows, columns)


def read_xlsx(data: bytes, columns: tuple[str, ...]) -> tablib.Dataset:
    """A dataset from the first sheet of an XLSX workbook; formulas kept as their text
    (starting with "="), so that the import can refuse them."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _check_size(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise SpreadsheetError(_("The file is not an Excel workbook (XLSX).")) from None
    try:
        rows = [
            [_cell(value) for value in row]
            for row in _limited(book.active.iter_rows(values_only=True))
        ]
    finally:
        book.close()
    return _dataset(rows, columns)


def _check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )


def _limited(rows):
    """The rows, refusing a file longer than the header and MAX_ROWS rows."""
    for number, row in enumerate(rows):
        if number > MAX_ROWS:
            raise SpreadsheetError(
                _("The file has more than %(max)s rows; import at most %(max)s at a time.")
                % {"max": f"{MAX_ROWS:,}".replace(",", " ")}
            )
        yield row


def _cell(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _dataset(rows: list[list], columns: tuple[str, ...]) -> tablib.Dataset:
    rows = [row for row in rows if not all(_blank(value) for value in row)]
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    header = [str(value).strip().lower() if not _blank(value) else "" for value in rows[0]]
    while header and header[-1] == "":
        header.pop()
    missing = [name for name in columns if name not in header]
    unknown = [name for name in header if name not in columns]
    if missing or unknown or len(set(header)) != len(header):
        raise SpreadsheetError(
            _(
                "The first row must name the columns %(columns)s (as in the export). "
                "Missing: %(missing)s. Not recognised: %(unknown)s."
            )
            % {
                "columns": ", ".join(columns),
                "missing": ", ".join(missing) or "–",
                "unknown": ", ".join(name or '""' for name in unknown) or "–",
            }
        )
    width = len(header)
    dataset = tablib.Dataset(headers=header)
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row[:width]) + [None] * (width - len(row))
        if any(not _blank(value) for value in row[width:]):
            raise SpreadsheetError(
                _("Row %(row)d has more cells than there are columns.") % {"row": number}
            )
        dataset.append([None if _blank(value) else value for value in cells])
    if not len(dataset):
        raise SpreadsheetError(_("The file has column names but no rows."))
    return dataset


class CSV(base_formats.CSV):
    """CSV as Excel writes it; the columns expected are set by a subclass."""

    columns: tuple[str, ...] = ()

    def is_binary(self) -> bool:
        # Read the bytes ourselves: the encoding is checked, not assumed.
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return read_csv(in_stream, self.columns)


class XLSX(base_formats.XLSX):
    columns: tuple[str, ...] = ()

    def create_dataset(self, in_stream) -> tablib.Dataset:
        return read_xlsx(in_stream, self.columns)
