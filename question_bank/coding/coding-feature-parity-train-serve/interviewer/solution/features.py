"""The one implementation of the churn features, called by training and by serving.

Definitions (agreed with the data science team, see README):
- orders_7d, spend_7d: orders with as_of - 7 days <= ordered_at < as_of, in UTC instants;
- avg_basket: mean amount of every order before as_of; no orders -> the fill value saved with
  the model (artifacts/fill_values.json), never recomputed at serving time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

WINDOW = timedelta(days=7)
FILL_VALUES = Path(__file__).with_name("artifacts") / "fill_values.json"
FEATURES = ("orders_7d", "spend_7d", "avg_basket")


def load_fill_values(path: Path = FILL_VALUES) -> dict:
    return json.loads(Path(path).read_text())


def as_utc(value) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {value!r}")
    return moment.astimezone(UTC)


def compute_features(history, as_of, fill_values: dict) -> dict:
    """Return the feature vector of one customer at one instant. Pure: no I/O, no clock."""
    as_of = as_utc(as_of)
    past = [(as_utc(o["ordered_at"]), float(o["amount"])) for o in history]
    past = [(t, amount) for t, amount in past if t < as_of]
    recent = [amount for t, amount in past if t >= as_of - WINDOW]
    return {
        "orders_7d": len(recent),
        "spend_7d": round(sum(recent), 2),
        "avg_basket": (round(sum(a for _, a in past) / len(past), 2) if past
                       else float(fill_values["avg_basket"])),
    }
