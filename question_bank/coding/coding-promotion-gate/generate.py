"""Write the holdout set and the three model artifacts for coding-promotion-gate.

Usage: python generate.py OUTDIR
  OUTDIR/data/holdout.csv
  OUTDIR/registry/models/churn-v12.joblib   production (logistic regression with segment terms)
  OUTDIR/registry/models/churn-v13.joblib   candidate: boosted trees trained without new customers
  OUTDIR/registry/models/churn-v14.joblib   a later candidate trained on everyone

Model files are generated, never committed: a pickle is tied to the scikit-learn version that
wrote it. Everything uses fixed seeds.
"""
import sys
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

FEATURES = ["usage_trend", "support_tickets", "discount_share", "is_new_customer"]


def simulate(rng, n, new_share):
    is_new = (rng.random(n) < new_share).astype(int)
    x1, x2, x3 = rng.normal(size=n), rng.poisson(1.5, n).astype(float), rng.random(n)
    z = np.where(is_new == 1, -0.5 + 3.0 * (x3 - 0.5) - 0.3 * x1,
                 -1.8 - 0.8 * x1 + 1.2 * x1 ** 2 + 0.4 * x2)
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    return pd.DataFrame({"usage_trend": x1, "support_tickets": x2, "discount_share": x3,
                         "is_new_customer": is_new, "churned": y})


def main(outdir):
    out = Path(outdir)
    rng = np.random.default_rng(1312)
    train = simulate(rng, 6000, 0.2)
    holdout = simulate(rng, 4000, 0.1)
    holdout["segment"] = np.where(holdout["is_new_customer"] == 1, "new_customer", "existing")
    small = rng.random(len(holdout)) < 0.03
    holdout.loc[small & (holdout["segment"] == "existing"), "segment"] = "partner_channel"
    holdout["observed_at"] = pd.Timestamp("2026-03-09") + pd.to_timedelta(rng.integers(0, 14, len(holdout)), unit="D")
    holdout["observed_at"] = holdout["observed_at"].dt.strftime("%Y-%m-%d")
    (out / "data").mkdir(parents=True, exist_ok=True)
    holdout.to_csv(out / "data" / "holdout.csv", index=False, float_format="%.5f")

    X, y = train[FEATURES], train["churned"]
    v12 = make_pipeline(PolynomialFeatures(2, interaction_only=True), StandardScaler(), LogisticRegression(max_iter=2000))
    v12.fit(X, y)
    existing = train["is_new_customer"] == 0
    v13 = GradientBoostingClassifier(random_state=0, n_estimators=150, max_depth=3)
    v13.fit(X[existing].assign(discount_share=0.5), y[existing])
    v14 = GradientBoostingClassifier(random_state=0, n_estimators=150, max_depth=3)
    v14.fit(X, y)
    (out / "registry" / "models").mkdir(parents=True, exist_ok=True)
    for name, model in (("v12", v12), ("v13", v13), ("v14", v14)):
        joblib.dump(model, out / "registry" / "models" / f"churn-{name}.joblib")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
