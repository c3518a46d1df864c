"""Growth team: lifetime orders for the upsell model (training, batch SQL ported to pandas)."""


def customer_lifetime_orders(events):
    return events.groupby("customer_id")["order_id"].nunique()
