"""Validate a /predict payload against the model card and build the frame the model expects."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

CARD_PATH = Path(__file__).with_name("model_card.json")
# "49,90" from the older Android build: a decimal comma, no thousands separator.
DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class InvalidRequest(ValueError):
    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


def load_card(path: Path = CARD_PATH) -> dict:
    return json.loads(path.read_text())


def _number(name: str, value, integer: bool, errors: list[FieldError]):
    if isinstance(value, bool):
        errors.append(FieldError(name, "expected a number, got true/false"))
        return None
    if isinstance(value, str):
        text = value.strip()
        if DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            errors.append(FieldError(name, f"expected a number, got {value!r}"))
            return None
    if not isinstance(value, int | float) or math.isnan(value) or math.isinf(value):
        errors.append(FieldError(name, f"expected a number, got {value!r}"))
        return None
    if integer and float(value) != int(value):
        errors.append(FieldError(name, f"expected a whole number, got {value!r}"))
        return None
    return float(value)


def parse_request(payload, card: dict) -> dict:
    """Return {column: value} in training order, NaN for a missing optional field.

    Raises InvalidRequest listing every bad field. Unknown fields are ignored (clients send
    extras such as promo_code); the caller may log them.
    """
    if not isinstance(payload, dict):
        raise InvalidRequest([FieldError("(body)", "expected a JSON object")])
    errors: list[FieldError] = []
    row: dict = {}
    for column in card["columns"]:
        name, kind = column["name"], column["type"]
        value = payload.get(name)
        if value is None:
            if column["required"]:
                errors.append(FieldError(name, "required"))
            # Missing optional fields were missing in training too: the pipeline imputes them.
            row[name] = math.nan
            continue
        if kind == "boolean":
            if not isinstance(value, bool):
                errors.append(FieldError(name, f"expected true or false, got {value!r}"))
                continue
            row[name] = int(value)
        elif kind == "category":
            if not isinstance(value, str) or not value.strip():
                errors.append(FieldError(name, f"expected a text value, got {value!r}"))
                continue
            allowed = column.get("values")
            if allowed and value not in allowed:
                errors.append(FieldError(name, f"expected one of {', '.join(allowed)}, "
                                               f"got {value!r}"))
                continue
            row[name] = value
        else:
            number = _number(name, value, kind == "integer", errors)
            if number is None:
                continue
            low, high = column.get("min"), column.get("max")
            if low is not None and number < low:
                errors.append(FieldError(name, f"must be at least {low}, got {value!r}"))
                continue
            if high is not None and number > high:
                errors.append(FieldError(name, f"must be at most {high}, got {value!r}"))
                continue
            row[name] = number
    if errors:
        raise InvalidRequest(errors)
    return row


def feature_frame(row: dict, card: dict) -> pd.DataFrame:
    """One-row frame with the columns in training order (the model card's order)."""
    columns = [c["name"] for c in card["columns"]]
    return pd.DataFrame([[row[c] for c in columns]], columns=columns)
