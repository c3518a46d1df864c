import pandas as pd
import pytest
from agreement import cohens_kappa, krippendorff_alpha, majority_labels, normalize_label


def frame(rows):
    return pd.DataFrame(rows, columns=["item_id", "annotator", "label"])


def test_unknown_label_fails_loudly():
    with pytest.raises(ValueError):
        normalize_label("Irrelevant")


def test_perfect_agreement():
    assert krippendorff_alpha([["a", "a"], ["b", "b", "b"]]) == pytest.approx(1.0)
    assert cohens_kappa(["a", "b"], ["a", "b"]) == pytest.approx(1.0)


def test_hand_computed_alpha():
    assert krippendorff_alpha([["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"]]) == pytest.approx(1 - 0.25 / (30 / 56))


def test_majority_of_three_and_tie():
    gold = majority_labels(frame([("i1", "anna", "spam"), ("i1", "ben", "spam"), ("i1", "chen", "harmful"),
                                  ("i2", "anna", "spam"), ("i2", "ben", "harmful")])).set_index("item_id")
    assert gold.loc["i1", "label"] == "spam" and not gold.loc["i1", "needs_adjudication"]
    assert gold.loc["i2", "needs_adjudication"]
