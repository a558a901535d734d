"""Open data as CSV and JSON (common.opendata)."""

import csv
import io
import json

from django import forms

from common import opendata

FIELDS = [
    ("name", "The name."),
    ("areas", "Areas: a list in JSON, separated by semicolons in CSV."),
    ("count", "A number."),
]
ROWS = [
    {"name": "Föreningen Ängen", "areas": ["Idrott", "Kultur"], "count": 3},
    {"name": '=HYPERLINK("https://evil.test")', "areas": ["-Minus"], "count": -1},
]


def read_csv(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content)))


def test_it_writes_the_fields_in_order_with_lists_in_one_cell_and_formulas_defused():
    response = opendata.csv_response(iter(ROWS), FIELDS, filename="register.csv")

    assert read_csv(response.content.decode()) == [
        ["name", "areas", "count"],
        ["Föreningen Ängen", "Idrott;Kultur", "3"],
        ['\'=HYPERLINK("https://evil.test")', "'-Minus", "-1"],
    ]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == "attachment; filename=register.csv"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_it_streams_a_large_register_in_chunks(monkeypatch):
    monkeypatch.setattr(opendata, "CSV_CHUNK_SIZE", 100)
    rows = [{"name": f"Förening {n}", "areas": [], "count": n} for n in range(50)]

    response = opendata.csv_response(iter(rows), FIELDS, filename="register.csv", stream=True)

    chunks = [chunk.decode() for chunk in response.streaming_content]
    assert len(chunks) > 5
    lines = read_csv("".join(chunks))
    assert len(lines) == 51 and lines[-1] == ["Förening 49", "", "49"]


def test_it_writes_json_with_the_count_what_each_field_means_and_lists_kept():
    response = opendata.json_response(iter(ROWS), FIELDS)

    payload = json.loads(response.content)
    assert payload["count"] == 2
    assert payload["fields"] == dict(FIELDS)
    assert payload["results"][0]["areas"] == ["Idrott", "Kultur"]
    # JSON is data, not a spreadsheet: the text stays as it is.
    assert payload["results"][1]["name"] == ROWS[1]["name"]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Föreningen Ängen" in response.content.decode()  # not escaped


class Filters(forms.Form):
    ar = forms.IntegerField()


def test_it_says_which_filter_is_wrong_in_both_formats():
    form = Filters({"ar": "tjugo"})
    assert not form.is_valid()

    text = opendata.invalid_filters_text(form.errors)
    as_json = opendata.invalid_filters_json(form.errors)

    assert text.status_code == as_json.status_code == 400
    assert text.content.decode().startswith("ar: ")
    assert list(json.loads(as_json.content)["errors"]) == ["ar"]
