import pandas as pd


def load_data(path):
    """Read a customer file; ids stay strings, nothing is parsed yet (features do that)."""
    return pd.read_csv(path, dtype={"customer_id": str, "monthly_spend": str, "plan": str, "region": str},
                       keep_default_na=False, na_values={"monthly_spend": [""]})
