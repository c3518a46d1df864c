"""Feature engineering with explicit, tested parsing instead of `try: ... except: pass`.

One-hot columns come from fixed category lists, so a scoring batch that lacks a category (or
has its columns in another order) produces exactly the training columns.
"""
import numpy as np
import pandas as pd

PLANS = ["basic", "plus", "pro"]
REGIONS = ["north", "south", "east", "west"]
MISSING_SPEND = {"", "unknown", "n/a", "na"}


def parse_spend(value):
    """'44.71' and '21,53' are amounts; 'unknown' is missing (NaN); anything else is an error."""
    text = str(value).strip()
    if text.lower() in MISSING_SPEND or value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"monthly_spend {value!r} is not an amount") from None


def build_features(df, as_of="2025-06-30"):
    missing = {"monthly_spend", "signup_date", "support_calls", "age", "plan", "region"} - set(df.columns)
    if missing:
        raise ValueError(f"input lacks columns {sorted(missing)}")
    out = pd.DataFrame(index=df.index)
    out["monthly_spend"] = df["monthly_spend"].map(parse_spend).astype(float)
    out["spend_missing"] = out["monthly_spend"].isna().astype(int)
    out["support_calls"] = pd.to_numeric(df["support_calls"], errors="raise").astype(float)
    out["age"] = pd.to_numeric(df["age"], errors="raise").astype(float)
    signup = pd.to_datetime(df["signup_date"], errors="raise")
    out["tenure_months"] = (pd.Timestamp(as_of) - signup).dt.days / 30.4
    out["spend_per_call"] = out["monthly_spend"] / (out["support_calls"] + 1)
    out["senior"] = (out["age"] >= 65).astype(int)
    for col, cats in (("plan", PLANS), ("region", REGIONS)):
        unknown = set(df[col]) - set(cats)
        if unknown:
            raise ValueError(f"unknown {col} values {sorted(unknown)}")
        for cat in cats:
            out[f"{col}_{cat}"] = (df[col] == cat).astype(int)
    return out
