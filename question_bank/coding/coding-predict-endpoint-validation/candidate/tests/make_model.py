"""Rebuild churn_model.joblib: the retention team's pipeline on 14 columns, from a fixed seed.

    python tests/make_model.py    # writes churn_model.joblib into the folder above tests/

A pickled scikit-learn pipeline loads reliably only with the library versions that saved it.
If `joblib.load("churn_model.joblib")` fails or warns on your machine, run this once: it
rebuilds the same pipeline from the same seeded data with the versions you have installed.
This is not part of the task; the model is given and you should not change it. (It lives in
tests/ only to keep the top of the folder to the files the task is about.)
"""

import json
import sys
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = Path(__file__).resolve().parent.parent  # the problem folder, where model_card.json is
CARD = json.loads((HERE / "model_card.json").read_text())
NUMERIC = [c["name"] for c in CARD["columns"] if c["type"] in ("number", "integer", "boolean")]
CATEGORICAL = [c["name"] for c in CARD["columns"] if c["type"] == "category"]


def training_frame(rows: int = 3000) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(20260301)
    frame = pd.DataFrame({
        "age": rng.integers(18, 80, rows),
        "tenure_months": rng.integers(0, 96, rows).astype(float),
        "monthly_spend": rng.gamma(3.0, 15.0, rows).round(2),
        "plan": rng.choice(["basic", "plus", "premium"], rows, p=[0.5, 0.35, 0.15]),
        "country": rng.choice(["DE", "FR", "NL", "ES", "IT"], rows),
        "device": rng.choice(["ios", "android", "web"], rows),
        "support_tickets_90d": rng.poisson(1.2, rows),
        "logins_30d": rng.poisson(9, rows),
        "days_since_last_login": rng.integers(0, 60, rows).astype(float),
        "payment_failures_90d": rng.poisson(0.3, rows),
        "discount_pct": rng.choice([0, 0, 0, 10, 20, 30], rows).astype(float),
        "autopay": rng.integers(0, 2, rows),
        "num_seats": rng.integers(1, 6, rows),
        "contract": rng.choice(["monthly", "annual"], rows, p=[0.7, 0.3]),
    })
    # Optional fields were missing in training too: the pipeline imputes them (median).
    for column, share in (("tenure_months", 0.12), ("days_since_last_login", 0.08),
                          ("discount_pct", 0.2)):
        frame.loc[rng.random(rows) < share, column] = np.nan
    logit = (-1.0 - 0.03 * frame["tenure_months"].fillna(30) + 0.02 * frame["monthly_spend"]
             + 0.35 * frame["support_tickets_90d"] - 0.08 * frame["logins_30d"]
             + 0.04 * frame["days_since_last_login"].fillna(20)
             + 0.6 * frame["payment_failures_90d"] - 0.5 * frame["autopay"]
             - 0.8 * (frame["contract"] == "annual"))
    labels = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return frame[[c["name"] for c in CARD["columns"]]], labels


def main(out: Path) -> None:
    frame, labels = training_frame()
    numeric = Pipeline([("impute", SimpleImputer(strategy="median")),
                        ("scale", StandardScaler())])
    categorical = Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                            ("encode", OneHotEncoder(handle_unknown="ignore"))])
    model = Pipeline([
        ("features", ColumnTransformer([("num", numeric, NUMERIC),
                                        ("cat", categorical, CATEGORICAL)])),
        ("classifier", LogisticRegression(max_iter=1000)),
    ])
    model.fit(frame, labels)
    model.model_version = CARD["version"]
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out / "churn_model.joblib")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
