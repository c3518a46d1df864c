"""Merge three annotators' labels and measure agreement.   python agreement.py"""
from collections import Counter

import pandas as pd

ANNOTATORS = ["anna", "ben", "chen"]


def normalize_label(raw):
    return raw.strip().lower()


def load_labels(paths=None):
    """One row per (item_id, annotator) with a canonical label."""
    paths = paths or {a: f"data/labels_{a}.csv" for a in ANNOTATORS}
    frames = []
    for annotator, path in paths.items():
        df = pd.read_csv(path)
        df["annotator"] = annotator
        df["label"] = df["label"].map(normalize_label)
        frames.append(df)
    labels = pd.concat(frames)
    return labels.drop_duplicates(["item_id", "annotator"])[["item_id", "annotator", "label"]]


def percent_agreement(labels):
    wide = labels.pivot(index="item_id", columns="annotator", values="label").dropna()
    return float((wide.nunique(axis=1) == 1).mean())


def majority_labels(labels):
    rows = []
    for item, g in labels.groupby("item_id"):
        label, _ = Counter(g["label"]).most_common(1)[0]
        rows.append({"item_id": item, "label": label})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    labels = load_labels()
    print(f"agreement: {percent_agreement(labels):.1%}")
    print(majority_labels(labels)["label"].value_counts())
