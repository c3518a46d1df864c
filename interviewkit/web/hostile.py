"""Guards against hostile input that would otherwise reach a 500.

- Integers in URLs are bounded to what every supported database stores (PostgreSQL INTEGER,
  2**31 - 1): a larger id is simply not found (404), instead of an overflow in the driver.
- Query and form integers read with `type=int` (or `safe_int`) get the same bound: an
  out-of-range value counts as missing.
- JSON bodies are checked for size and nesting depth before they are parsed, so a body of
  100,000 `[` is a 400 and never a RecursionError.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask.wrappers import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2**31 - 1
JSON_MAX_DEPTH = 64


def safe_int(value: Any, *, minimum: int = 0, maximum: int = DB_INT_MAX) -> int:
    """Parse a decimal integer within [minimum, maximum]; raise ValueError otherwise.

    Usable as `request.args.get("page", 1, type=safe_int)` and as a WTForms `coerce`.
    """
    text = str(value).strip()
    if not text or len(text) > 12 or not text.lstrip("+-").isdigit():
        raise ValueError(f"not a whole number: {text[:20]!r}")
    number = int(text)
    if not minimum <= number <= maximum:
        raise ValueError(f"out of range: {number}")
    return number


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` in every route: at most 2**31 - 1, so larger ids are 404."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = None, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min,
                         max=DB_INT_MAX if max is None else max, signed=signed)


class BoundedArgs(ImmutableMultiDict):
    """Query and form values where `type=int` also refuses integers beyond the database's."""

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's signature
        return super().get(key, default, safe_int if type is int else type)

    def getlist(self, key, type=None):  # noqa: A002
        return super().getlist(key, safe_int if type is int else type)


class HardenedRequest(Request):
    parameter_storage_class = BoundedArgs


class JSONTooDeep(BadRequest):
    description = f"The JSON body is nested more than {JSON_MAX_DEPTH} levels deep."


class JSONTooLarge(BadRequest):
    description = "The JSON body is larger than the server accepts."


def json_depth_ok(text: str, limit: int = JSON_MAX_DEPTH) -> bool:
    """Return whether brackets outside strings nest at most `limit` deep (a linear scan)."""
    opens = text.count("[") + text.count("{")
    if opens <= limit:
        return True
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing bodies too large or too deep before parsing them."""

    max_bytes = 2 * 1024 * 1024

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        if len(s) > self.max_bytes:
            raise JSONTooLarge()
        text = s.decode("utf-8", "replace") if isinstance(s, bytes | bytearray) else s
        if not json_depth_ok(text):
            raise JSONTooDeep()
        try:
            return json.loads(s, **kwargs)
        except RecursionError as error:  # pragma: no cover - the scan above bounds depth
            raise JSONTooDeep() from error


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.request_class = HardenedRequest
    provider = BoundedJSONProvider(app)
    provider.max_bytes = int(app.config.get("JSON_MAX_BYTES") or provider.max_bytes)
    app.json = provider
