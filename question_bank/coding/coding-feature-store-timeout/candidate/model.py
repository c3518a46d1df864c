"""Stand-in for the fraud GBM: same interface, same feature list, deterministic.

The real model is a gradient-boosted classifier trained on 40 features. For this exercise only
its interface matters: `predict(features)` takes a dict with all 40 features and returns a
probability, and it takes about 6 ms (the fake advances the clock when one is given).
TRAINING_MEDIANS holds each feature's median in the training data.
"""
import math

CRITICAL = ["card_txn_count_1h", "card_amount_sum_24h", "device_seen_before"]
OTHER = [
    "acct_age_days", "email_age_days", "billing_shipping_distance_km", "merchant_risk_score",
    "merchant_chargeback_rate_90d", "card_txn_count_24h", "card_txn_count_7d",
    "card_distinct_merchants_24h", "card_declines_24h", "device_accounts_7d",
    "ip_accounts_24h", "ip_country_mismatch", "hour_of_day_risk", "avg_ticket_30d",
    "amount_vs_avg_ratio", "days_since_last_txn", "password_reset_7d", "address_change_30d",
    "phone_change_30d", "login_failures_24h", "new_payee", "payee_age_days",
    "session_duration_s", "pages_before_checkout", "copy_paste_card", "browser_risk",
    "vpn_flag", "emulator_flag", "card_bin_risk", "issuer_country_risk",
    "merchant_category_risk", "refunds_90d", "disputes_365d", "loyalty_member",
    "saved_card", "cart_items", "shipping_speed_express",
]
FEATURES = CRITICAL + OTHER
TRAINING_MEDIANS = {name: float(1 + (i * 37) % 11) for i, name in enumerate(FEATURES)}
_WEIGHTS = {name: ((i * 53) % 17 - 8) / 40 for i, name in enumerate(FEATURES)}
_WEIGHTS.update({"card_txn_count_1h": 0.6, "card_amount_sum_24h": 0.5, "device_seen_before": -0.7})
MODEL_VERSION = "fraud-gbm-2026-02-11"


class FraudModel:
    version = MODEL_VERSION
    feature_names = FEATURES
    latency_s = 0.006

    def __init__(self, clock=None):
        self.clock = clock

    def predict(self, features):
        missing = [f for f in FEATURES if f not in features or features[f] is None]
        if missing:
            raise KeyError(f"model needs all features; missing {missing[:3]}...")
        if self.clock is not None:
            self.clock.advance(self.latency_s)
        z = sum(_WEIGHTS[f] * (float(features[f]) - TRAINING_MEDIANS[f]) for f in FEATURES) / 4
        return 1 / (1 + math.exp(-z))
