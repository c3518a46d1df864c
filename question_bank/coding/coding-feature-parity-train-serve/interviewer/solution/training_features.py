"""Training features: the shared implementation applied to every example."""

import pandas as pd

from features import FEATURES, compute_features, load_fill_values


def build_training_frame(orders, examples, fill_values=None):
    """orders: order_id, customer_id, ordered_at, amount; examples: customer_id, as_of."""
    fill_values = fill_values or load_fill_values()
    by_customer = {cid: group.to_dict("records") for cid, group in orders.groupby("customer_id")}
    rows = []
    for example in examples.to_dict("records"):
        values = compute_features(by_customer.get(example["customer_id"], []), example["as_of"],
                                  fill_values)
        rows.append({"customer_id": example["customer_id"],
                     "as_of": pd.Timestamp(example["as_of"]), **values})
    return pd.DataFrame(rows, columns=["customer_id", "as_of", *FEATURES])
