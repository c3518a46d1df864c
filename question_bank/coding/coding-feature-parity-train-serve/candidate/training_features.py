"""Training features, exported from the notebook `churn_features.ipynb`."""

import pandas as pd


def build_training_frame(orders, examples):
    """orders: order_id, customer_id, ordered_at, amount; examples: customer_id, as_of."""
    orders = orders.copy()
    orders["ordered_at"] = pd.to_datetime(orders["ordered_at"], utc=True)
    orders["day"] = orders["ordered_at"].dt.floor("D")
    examples = examples.copy()
    examples["as_of"] = pd.to_datetime(examples["as_of"], utc=True)
    rows = []
    for example in examples.itertuples():
        mine = orders[orders["customer_id"] == example.customer_id]
        as_of_day = example.as_of.floor("D")
        window = mine[(mine["day"] > as_of_day - pd.Timedelta(days=7))
                      & (mine["day"] <= as_of_day)]
        past = mine[mine["ordered_at"] < example.as_of]
        rows.append({
            "customer_id": example.customer_id,
            "as_of": example.as_of,
            "orders_7d": len(window),
            "spend_7d": round(float(window["amount"].sum()), 2),
            "avg_basket": round(float(past["amount"].mean()), 2) if len(past) else None,
        })
    frame = pd.DataFrame(rows)
    frame["avg_basket"] = frame["avg_basket"].fillna(frame["avg_basket"].median())
    return frame
