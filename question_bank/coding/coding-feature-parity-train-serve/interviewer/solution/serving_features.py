"""Features for one scoring request: the shared implementation, nothing of its own."""

from features import compute_features, load_fill_values

FILL_VALUES = load_fill_values()


def features_for_request(request, history):
    """request: {customer_id, as_of (ISO, UTC), timezone}; history: that customer's orders.

    The customer's time zone is deliberately unused: features are defined in UTC instants.
    """
    return compute_features(history, request["as_of"], FILL_VALUES)
