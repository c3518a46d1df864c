"""Merge three annotators' labels and measure agreement (reference).   python agreement.py

- Labels map through an explicit table per spelling; an unknown spelling raises (we never
  guess a class).
- Repeats: the latest `labelled_at` per (annotator, item) wins.
- Agreement: Cohen's kappa per annotator pair (items both labelled); overall Krippendorff's
  alpha (nominal), which uses every item with at least two labels; per class: alpha on the
  one-vs-rest binary labels.
- Gold: majority label when strictly more than half of the item's labels agree and there are
  at least two labels; otherwise `label` is empty and `needs_adjudication` is True.
"""
import re
from collections import Counter
from itertools import combinations

import pandas as pd

ANNOTATORS = ["anna", "ben", "chen"]
CLASSES = ["relevant", "partially_relevant", "not_relevant", "spam", "harmful"]
SPELLINGS = {
    "relevant": "relevant", "r": "relevant",
    "partially_relevant": "partially_relevant", "partially relevant": "partially_relevant",
    "partly relevant": "partially_relevant", "pr": "partially_relevant",
    "not_relevant": "not_relevant", "not relevant": "not_relevant", "nr": "not_relevant", "n/r": "not_relevant",
    "spam": "spam", "harmful": "harmful", "harm": "harmful",
}


def normalize_label(raw):
    key = re.sub(r"\s+", " ", str(raw).strip().lower())
    if key not in SPELLINGS:
        raise ValueError(f"unknown label spelling {raw!r}: add it to SPELLINGS")
    return SPELLINGS[key]


def load_labels(paths=None):
    paths = paths or {a: f"data/labels_{a}.csv" for a in ANNOTATORS}
    frames = []
    for annotator, path in paths.items():
        df = pd.read_csv(path, dtype=str)
        df["annotator"] = annotator
        df["label"] = df["label"].map(normalize_label)
        df["labelled_at"] = pd.to_datetime(df["labelled_at"])
        frames.append(df)
    labels = pd.concat(frames, ignore_index=True).sort_values("labelled_at")
    latest = labels.drop_duplicates(["item_id", "annotator"], keep="last")
    return latest[["item_id", "annotator", "label"]].sort_values(["item_id", "annotator"]).reset_index(drop=True)


def cohens_kappa(a, b):
    n = len(a)
    if n == 0 or n != len(b):
        raise ValueError("need two equally long, non-empty label lists")
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def pairwise_kappa(labels):
    wide = labels.pivot(index="item_id", columns="annotator", values="label")
    out = {}
    for a, b in combinations(sorted(wide.columns), 2):
        both = wide[[a, b]].dropna()
        out[(a, b)] = cohens_kappa(list(both[a]), list(both[b])) if len(both) else float("nan")
    return out


def krippendorff_alpha(units):
    """Nominal alpha. units: iterable of label lists (one list per item; missing labels left out)."""
    coincidence = Counter()
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, x in enumerate(values):
            for j, y in enumerate(values):
                if i != j:
                    coincidence[(x, y)] += 1 / (m - 1)
    totals = Counter()
    for (x, _), w in coincidence.items():
        totals[x] += w
    n = sum(totals.values())
    if n <= 1:
        raise ValueError("no item has two labels")
    observed = sum(w for (x, y), w in coincidence.items() if x != y) / n
    expected = sum(totals[x] * totals[y] for x in totals for y in totals if x != y) / (n * (n - 1))
    return 1.0 if expected == 0 else 1 - observed / expected


def _units(labels):
    return [list(g) for _, g in labels.groupby("item_id")["label"]]


def overall_alpha(labels):
    return krippendorff_alpha(_units(labels))


def per_class_alpha(labels):
    units = _units(labels)
    present = sorted({x for u in units for x in u})
    return {c: krippendorff_alpha([[x == c for x in u] for u in units]) for c in present}


def majority_labels(labels):
    rows = []
    for item, g in labels.groupby("item_id"):
        counts = Counter(g["label"])
        label, top = counts.most_common(1)[0]
        clear = len(g) >= 2 and top * 2 > len(g)
        rows.append({"item_id": item, "label": label if clear else None, "n_labels": len(g),
                     "needs_adjudication": not clear})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    labels = load_labels()
    print(f"{labels['item_id'].nunique()} items, {len(labels)} labels after resolving repeats")
    for pair, k in pairwise_kappa(labels).items():
        print(f"kappa {pair[0]}-{pair[1]}: {k:.3f}")
    print(f"Krippendorff's alpha (all): {overall_alpha(labels):.3f}")
    for c, a in per_class_alpha(labels).items():
        print(f"  {c:<20} alpha {a:.3f}")
    gold = majority_labels(labels)
    print(f"needs adjudication: {int(gold['needs_adjudication'].sum())} of {len(gold)}")
