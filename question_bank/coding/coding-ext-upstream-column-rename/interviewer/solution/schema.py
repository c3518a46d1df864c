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
# Input names that upstream renamed: {new name: the name the model was trained on}. Both are
# accepted during the switch; drop the old one once no client sends it.
RENAMED = {"monthly_spend_eur": "monthly_spend"}


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


def normalise_names(payload: dict) -> dict:
    """Return the payload under the model's names; raise InvalidRequest on a conflict."""
    out = dict(payload)
    errors = []
    for new, old in RENAMED.items():
        if new not in out:
            continue
        value = out.pop(new)
        if old in out and out[old] != value:
            errors.append(FieldError(new, f"differs from {old} ({out[old]!r}); send one of them"))
        out[old] = value
    if errors:
        raise InvalidRequest(errors)
    return out


def unseen_categories(payload, card: dict) -> dict[str, str]:
    """Return {column: value} for category values the model never saw in training."""
    if not isinstance(payload, dict):
        return {}
    return {c["name"]: payload[c["name"]] for c in card["columns"]
            if c["type"] == "category" and c.get("values")
            and isinstance(payload.get(c["name"]), str)
            and payload[c["name"]] not in c["values"]}


def parse_request(payload, card: dict) -> dict:
    """Return {column: value} in training order, NaN for a missing optional field.

    Raises InvalidRequest listing every bad field. Unknown fields are ignored (clients send
    extras such as promo_code); the caller may log them.
    """
    if not isinstance(payload, dict):
        raise InvalidRequest([FieldError("(body)", "expected a JSON object")])
    payload = normalise_names(payload)
    renamed_to = {old: new for new, old in RENAMED.items()}
    errors: list[FieldError] = []
    row: dict = {}
    for column in card["columns"]:
        name, kind = column["name"], column["type"]
        value = payload.get(name)
        if value is None:
            if column["required"] and name in renamed_to:
                errors.append(FieldError(renamed_to[name], f"required (the old name {name} "
                                                          "is accepted until the switch is over)"))
            elif column["required"]:
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
                # Policy: a value the model never saw is refused, not scored. The encoder would
                # turn it into all zeros ("no plan"), which moves the score without anyone
                # noticing. The app counts these; they are accepted once the model is retrained.
                errors.append(FieldError(name, f"{value!r} is not a value the model was trained "
                                               f"on ({', '.join(allowed)})"))
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
