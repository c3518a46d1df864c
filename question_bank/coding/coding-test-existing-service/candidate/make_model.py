"""python make_model.py [OUTDIR]: trains the churn model from a fixed seed and writes
OUTDIR/model/churn_lr.joblib and OUTDIR/model/feature_columns.json (the training column order).
The artifact is generated, never committed, because joblib files depend on library versions."""
import json
import sys
from pathlib import Path

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

COLUMNS = ["tenure_months", "monthly_spend", "support_tickets_90d", "logins_30d", "days_since_last_login",
           "plan_tier", "num_devices", "late_payments_12m", "discount_pct", "age", "app_rating",
           "sessions_7d", "avg_session_min", "referrals"]


def main(outdir):
    rng = np.random.default_rng(35)
    n = 3000
    X = np.column_stack([
        rng.integers(0, 96, n), rng.gamma(3, 15, n), rng.poisson(1.2, n), rng.poisson(12, n),
        rng.integers(0, 60, n), rng.integers(1, 4, n), rng.integers(1, 6, n), rng.poisson(0.3, n),
        rng.choice([0, 5, 10, 20], n), rng.integers(18, 80, n), rng.uniform(1, 5, n), rng.poisson(4, n),
        rng.gamma(2, 6, n), rng.poisson(0.4, n),
    ]).astype(float)
    z = (-0.04 * X[:, 0] + 0.6 * X[:, 2] - 0.08 * X[:, 3] + 0.05 * X[:, 4] + 0.8 * X[:, 7]
         - 0.5 * X[:, 10] - 0.15 * X[:, 11] + 0.5)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-z))).astype(int)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, y)
    out = Path(outdir) / "model"
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out / "churn_lr.joblib")
    (out / "feature_columns.json").write_text(json.dumps(COLUMNS, indent=1) + "\n")


def cli(argv):
    args = [a for a in argv if not a.startswith("--")]
    outdir = args[0] if args else str(Path(__file__).parent)
    main(outdir)


if __name__ == "__main__":
    cli(sys.argv[1:])
