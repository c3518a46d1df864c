"""The keyword rules in production today (right about 70% of the time). Do not change them."""

RULES = [
    ("refund", "refunds"), ("money back", "refunds"),
    ("charge", "billing"), ("invoice", "billing"), ("bill", "billing"), ("payment", "billing"),
    ("password", "account_access"), ("log in", "account_access"), ("locked", "account_access"),
    ("package", "shipping"), ("tracking", "shipping"), ("delivery", "shipping"), ("parcel", "shipping"),
    ("return", "returns"), ("exchange", "returns"),
    ("broken", "product_defect"), ("stopped working", "product_defect"), ("missing", "product_defect"),
    ("app", "technical_support"), ("error", "technical_support"), ("website", "technical_support"),
    ("stolen", "fraud_report"), ("did not make", "fraud_report"),
]


def rules_route(text):
    lowered = text.lower()
    for keyword, queue in RULES:
        if keyword in lowered:
            return queue
    return "general"
