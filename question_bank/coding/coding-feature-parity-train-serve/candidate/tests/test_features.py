import pandas as pd

from serving_features import features_for_request
from training_features import build_training_frame

ORDERS = [
    {"order_id": "a", "customer_id": "c1", "ordered_at": "2026-03-05T10:00:00Z", "amount": 20.0},
    {"order_id": "b", "customer_id": "c1", "ordered_at": "2026-03-08T10:00:00Z", "amount": 40.0},
]


def test_training_counts_the_week():
    frame = build_training_frame(pd.DataFrame(ORDERS), pd.DataFrame(
        [{"customer_id": "c1", "as_of": "2026-03-10T12:00:00Z"}]))
    row = frame.iloc[0]
    assert (row["orders_7d"], row["spend_7d"], row["avg_basket"]) == (2, 60.0, 30.0)


def test_serving_counts_the_week():
    request = {"customer_id": "c1", "as_of": "2026-03-10T12:00:00Z", "timezone": "UTC"}
    assert features_for_request(request, ORDERS) == {"orders_7d": 2, "spend_7d": 60.0,
                                                     "avg_basket": 30.0}
