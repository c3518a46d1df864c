import pandas as pd
from agreement import majority_labels, percent_agreement


def frame(rows):
    return pd.DataFrame(rows, columns=["item_id", "annotator", "label"])


def test_full_agreement_is_one():
    labels = frame([("i1", "anna", "spam"), ("i1", "ben", "spam"), ("i1", "chen", "spam")])
    assert percent_agreement(labels) == 1.0


def test_majority_of_three():
    labels = frame([("i1", "anna", "spam"), ("i1", "ben", "spam"), ("i1", "chen", "harmful")])
    assert majority_labels(labels).iloc[0]["label"] == "spam"
