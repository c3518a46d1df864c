"""Risk team: lifetime orders for the fraud model (serving path, one customer at a time)."""


def customer_lifetime_orders(events_for_customer):
    return sum(1 for e in events_for_customer if e["status"] != "cancelled")
