"""Retention team: lifetime orders for the churn model."""


def customer_lifetime_orders(events, as_of):
    placed = events[(events["status"] == "placed") & (events["event_time"] <= as_of)]
    return placed.groupby("customer_id").size()
