"""``app.json`` (orjson) writes what Flask's own provider writes, and reads strict JSON."""

import dataclasses
import datetime as dt
import decimal
import json
import uuid

import pytest
from flask.json.provider import DefaultJSONProvider


@dataclasses.dataclass
class Point:
    x: int
    y: str


VALUES = [
    {"b": 1, "a": [1.5, None, True, "é ✓"]},
    {"when": dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc), "day": dt.date(2026, 1, 2)},
    {"price": decimal.Decimal("1.10"), "id": uuid.UUID(int=5), "point": Point(1, "y")},
    {1: "int key", "s": "str key"},
]


@pytest.mark.parametrize("value", VALUES)
def test_dumps_matches_flasks_provider(app, value):
    ours = json.loads(app.json.dumps(value))
    flask_provider = DefaultJSONProvider(app)
    flask_provider.sort_keys = False  # (it can't sort int and str keys together)
    flasks = json.loads(flask_provider.dumps(value))
    assert ours == flasks


def test_replies_are_compact_json_with_a_newline(app):
    with app.test_request_context():
        res = app.json.response({"b": 2, "a": [1, 2]})
    assert res.mimetype == "application/json"
    assert res.get_data() == b'{"b":2,"a":[1,2]}\n'


def test_standard_library_options_still_work(app):
    assert app.json.dumps({"a": 1}, indent=2) == '{\n  "a": 1\n}'


@pytest.mark.parametrize("raw", ['{"a": NaN}', '"\\ud800"', "[" * 2000 + "]" * 2000, "{"])
def test_loads_refuses_what_rfc_8259_does_not_allow(app, raw):
    with pytest.raises(ValueError):
        app.json.loads(raw)


def test_loads_reads_bytes_and_text(app):
    assert app.json.loads(b'{"t": "\\u00e9"}') == app.json.loads('{"t": "é"}') == {"t": "é"}
