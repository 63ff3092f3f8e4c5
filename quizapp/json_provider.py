"""JSON through orjson: requests and replies (Flask's own ``DefaultJSONProvider`` with a faster
encoder and a stricter decoder), and the text of JSON columns.

What goes out is what Flask's provider writes (dates as HTTP dates, ``Decimal`` and ``UUID`` as
strings, dataclasses as objects, a newline after a reply), only compact. What comes in must be
JSON as RFC 8259 defines it: no ``NaN`` or ``Infinity``, no lone surrogates, integers within 64
bits, nesting under 1,024 levels; anything else reads as no JSON (the API answers 400).
"""

from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def json_column_dumps(value: Any) -> str:
    """The text stored in a JSON column (the engine's ``json_serializer``)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


class OrjsonProvider(DefaultJSONProvider):
    """``app.json``: orjson where it can, the standard library where a caller asks for its
    options (``indent``, ``separators`` and the like)."""

    def _options(self) -> int:
        return _OPTIONS | orjson.OPT_SORT_KEYS if self.sort_keys else _OPTIONS

    def _encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj, default=self.default, option=self._options())

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:
            return super().dumps(obj, **kwargs)
        return self._encode(obj).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        if kwargs:
            return super().loads(s, **kwargs)
        return orjson.loads(s)  # its JSONDecodeError is the standard library's (a ValueError)

    def response(self, *args: Any, **kwargs: Any):
        obj = self._prepare_response_obj(args, kwargs)
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(obj)  # indented, for reading in a browser while debugging
        return self._app.response_class(self._encode(obj) + b"\n", mimetype=self.mimetype)
