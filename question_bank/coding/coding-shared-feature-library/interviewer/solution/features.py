"""Shared feature definitions, registered once for all teams (reference)."""
from featurelib import registry


@registry.feature(name="customer_lifetime_orders", version=1, entity="customer_id",
                  owner="growth+risk+retention", freshness="1h", default=0)
def customer_lifetime_orders(events):
    """Distinct orders placed before the as-of time and not cancelled before it."""
    placed = set(events.loc[events["status"] == "placed", "order_id"])
    cancelled = set(events.loc[events["status"] == "cancelled", "order_id"])
    return len(placed - cancelled)
