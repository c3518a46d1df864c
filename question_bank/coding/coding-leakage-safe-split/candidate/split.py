"""Train/test split for the 30-day readmission model.

Used by the training pipeline as:
    train, test = make_splits(visits, test_start="2025-07-01")
"""
import pandas as pd
from sklearn.model_selection import train_test_split


def load_visits(path):
    return pd.read_csv(path)


def make_splits(df, test_start):
    # TODO: test_start is not used yet; a random stratified split keeps the positive rate equal
    train, test = train_test_split(df, test_size=0.2, shuffle=True, stratify=df["readmitted"])
    return train, test


if __name__ == "__main__":
    import sys

    visits = load_visits(sys.argv[1] if len(sys.argv) > 1 else "data/visits.csv")
    train, test = make_splits(visits, "2025-07-01")
    print(f"train {len(train)} rows, test {len(test)} rows")
    print(f"positive rate: train {train['readmitted'].mean():.3f}, test {test['readmitted'].mean():.3f}")
