"""Features for one scoring request, computed from the customer's order history.

Hand-written for the request path (no pandas in the service).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def features_for_request(request, history):
    """request: {customer_id, as_of (ISO, UTC), timezone}; history: that customer's orders."""
    zone = ZoneInfo(request["timezone"])
    as_of = datetime.fromisoformat(request["as_of"])
    today = as_of.astimezone(zone).date()
    start = today - timedelta(days=7)
    recent = []
    amounts = []
    for order in history:
        ordered = datetime.fromisoformat(order["ordered_at"])
        if ordered >= as_of:
            continue
        amounts.append(order["amount"])
        local_day = ordered.astimezone(zone).date()
        if start <= local_day < today:
            recent.append(order["amount"])
    return {
        "orders_7d": len(recent),
        "spend_7d": round(sum(recent), 2),
        "avg_basket": round(sum(amounts) / len(amounts), 2) if amounts else 0.0,
    }
