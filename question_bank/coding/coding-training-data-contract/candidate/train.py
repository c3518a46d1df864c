"""Weekly churn retrain. Usage: python train.py data/week_2026-48_good.csv"""
import sys

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

FEATURES = ["tenure_months", "monthly_spend", "support_tickets_90d"]


def load_training_table(path):
    df = pd.read_csv(path)
    # sanity checks added after the incident in week 31
    assert len(df) > 500, "too few rows"
    assert df["churned"].isin([0, 1]).all(), "bad labels"
    return df


def train(df):
    X = df[FEATURES].fillna(0)
    y = df["churned"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    return model, auc


if __name__ == "__main__":
    model, auc = train(load_training_table(sys.argv[1]))
    print(f"trained on {sys.argv[1]}: holdout AUC {auc:.3f}")
