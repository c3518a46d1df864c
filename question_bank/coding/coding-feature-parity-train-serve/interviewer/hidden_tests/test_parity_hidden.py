"""Grade train/serve parity through the two entry points, on the logged requests and edges."""

import csv
import json
from datetime import datetime, timedelta

import pandas as pd
import pytest

from serving_features import features_for_request
from training_features import build_training_frame

ORDERS = list(csv.DictReader(open("data/orders.csv")))
for order in ORDERS:
    order["amount"] = float(order["amount"])
REQUESTS = [json.loads(line) for line in open("data/logged_requests.jsonl")]
FILL = json.load(open("artifacts/fill_values.json"))["avg_basket"]


def ts(value):
    return datetime.fromisoformat(value)


def oracle(customer_id, as_of, orders=ORDERS):
    """The agreed definitions, written out plainly."""
    at = ts(as_of)
    past = [o for o in orders if o["customer_id"] == customer_id and ts(o["ordered_at"]) < at]
    recent = [o["amount"] for o in past if ts(o["ordered_at"]) >= at - timedelta(days=7)]
    return {"orders_7d": len(recent), "spend_7d": round(sum(recent), 2),
            "avg_basket": round(sum(o["amount"] for o in past) / len(past), 2) if past
            else FILL}


def training_row(customer_id, as_of, orders=ORDERS):
    frame = build_training_frame(pd.DataFrame(orders), pd.DataFrame(
        [{"customer_id": customer_id, "as_of": as_of}]))
    row = frame.iloc[0]
    return {k: float(row[k]) for k in ("orders_7d", "spend_7d", "avg_basket")}


def serving_row(customer_id, as_of, timezone, orders=ORDERS):
    history = [o for o in orders if o["customer_id"] == customer_id]
    values = features_for_request({"customer_id": customer_id, "as_of": as_of,
                                   "timezone": timezone}, history)
    return {k: float(values[k]) for k in ("orders_7d", "spend_7d", "avg_basket")}


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: r["request_id"])
def test_logged_requests_agree_on_both_paths_and_with_the_definition(request_):
    args = (request_["customer_id"], request_["as_of"])
    expected = oracle(*args)
    served = serving_row(*args, request_["timezone"])
    trained = training_row(*args)
    for key, value in expected.items():
        assert served[key] == pytest.approx(value, abs=0.005), key
        assert trained[key] == pytest.approx(value, abs=0.005), key


EDGE = [
    {"order_id": "x1", "customer_id": "edge", "ordered_at": "2026-03-10T23:59:00Z",
     "amount": 10.0},
    {"order_id": "x2", "customer_id": "edge", "ordered_at": "2026-03-11T00:01:00Z",
     "amount": 30.0},
    {"order_id": "x3", "customer_id": "edge", "ordered_at": "2026-03-04T00:05:00Z",
     "amount": 50.0},
]


@pytest.mark.parametrize("as_of,zone", [
    ("2026-03-11T00:00:00Z", "America/Los_Angeles"),   # midnight UTC: x2 is in the future
    ("2026-03-11T00:02:00Z", "Asia/Singapore"),        # just after x2
    ("2026-03-11T00:04:00Z", "Europe/Berlin"),         # x3 is just inside the 7 days
    ("2026-03-11T00:06:00Z", "UTC"),                   # x3 is 7 days and 1 minute old: out
])
def test_day_boundary_edges_agree(as_of, zone):
    expected = oracle("edge", as_of, EDGE)
    assert serving_row("edge", as_of, zone, EDGE) == pytest.approx(expected)
    assert training_row("edge", as_of, EDGE) == pytest.approx(expected)


def test_a_customer_without_orders_gets_the_saved_fill_value_on_both_paths():
    assert serving_row("nobody", "2026-03-15T10:00:00Z", "UTC", EDGE)["avg_basket"] == FILL
    assert training_row("nobody", "2026-03-15T10:00:00Z", EDGE)["avg_basket"] == FILL
