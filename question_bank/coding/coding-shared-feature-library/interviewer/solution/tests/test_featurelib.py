import features  # noqa: F401
import pandas as pd
import pytest
from featurelib import FeatureConflictError, Registry, registry


def test_conflicting_definition_is_refused():
    reg = Registry()
    reg.feature(name="x", version=1, entity="customer_id", owner="a", freshness="1h", default=0)(lambda e: 1)
    with pytest.raises(FeatureConflictError):
        reg.feature(name="x", version=1, entity="customer_id", owner="b", freshness="1h", default=0)(lambda e: 2)


def test_train_serve_parity_on_sample():
    events = pd.read_csv("data/order_events.csv")
    spine = pd.read_csv("data/training_spine.csv")
    feats = [("customer_lifetime_orders", 1)]
    train = registry.training_frame(spine, events, feats)
    for row in train.itertuples(index=False):
        served = registry.serve(row.customer_id, events[events.customer_id == row.customer_id], row.as_of, feats)
        assert served["values"]["customer_lifetime_orders"] == row.customer_lifetime_orders
