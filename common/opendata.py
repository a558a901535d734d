"""Open data as CSV and JSON: one writer for every register the portal publishes.

A view hands over its rows (dicts) and its fields, an explicit list of (name, description),
so that a new column on a model never leaks into the open data by itself. Both formats may
be fetched from any origin. In CSV a list becomes one cell with the items separated by `;`,
and every text cell is kept from running as a formula (`common.cells`); JSON keeps lists and
says what each field means.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence

from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)

from common.cells import safe_cell

Fields = Sequence[tuple[str, object]]  # (name, description, a lazy translation)

# Lines are sent in chunks of about 64 KB: one write per line would mean 10,000 small writes
# to the socket for a register of 10,000 rows.
CSV_CHUNK_SIZE = 64 * 1024
LIST_SEPARATOR = ";"


def _cell(value):
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(value)
    return safe_cell(value)


def csv_chunks(rows: Iterable[dict], fields: Fields) -> Iterator[str]:
    """The header line and one line per row, in chunks of about CSV_CHUNK_SIZE."""
    names = [name for name, _description in fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in names])
        if buffer.tell() >= CSV_CHUNK_SIZE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_response(
    rows: Iterable[dict], fields: Fields, *, filename: str, stream: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """The rows as a CSV download; `stream`: sent while the rows are read (large registers)."""
    chunks = csv_chunks(rows, fields)
    content_type = "text/csv; charset=utf-8"
    if stream:
        response = StreamingHttpResponse(chunks, content_type=content_type)
    else:
        response = HttpResponse("".join(chunks), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename={filename}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def json_response(rows: Iterable[dict], fields: Fields) -> HttpResponse:
    """The rows as JSON: their count, what each field means, and the rows."""
    results = list(rows)
    payload = {
        "count": len(results),
        "fields": {name: str(description) for name, description in fields},
        "results": results,
    }
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def invalid_filters_text(errors: dict) -> HttpResponseBadRequest:
    """A 400 naming each filter that is wrong and why, one per line (for CSV requests)."""
    lines = [f"{name}: {' '.join(messages)}" for name, messages in errors.items()]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def invalid_filters_json(errors) -> JsonResponse:
    """A 400 with the form's errors as JSON (`form.errors`)."""
    return JsonResponse(
        {"errors": errors.get_json_data()}, status=400, json_dumps_params={"ensure_ascii": False}
    )
