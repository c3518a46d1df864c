"""Hidden tests for coding-refactor-notebook-script: the package contract in the README."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from churn import build_features, evaluate, load_data, score, train_model

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def customers():
    return load_data(DATA / "customers.csv")


@pytest.fixture(scope="module")
def model(customers):
    return train_model(customers, seed=0)


@pytest.fixture(scope="module")
def new():
    return load_data(DATA / "to_score.csv")


def test_features_parse_spend_instead_of_exploding_it_into_dummies(customers):
    X = build_features(customers)
    assert len(X) == len(customers)
    assert X.shape[1] < 40  # the notebook produced 851 columns
    assert all(np.issubdtype(t, np.number) for t in X.dtypes)
    assert "monthly_spend" in X.columns
    row = customers.index[customers["customer_id"] == "C00002"][0]  # "21,53"
    assert X.loc[row, "monthly_spend"] == pytest.approx(21.53)
    assert "tenure_months" in X.columns


def test_training_is_reproducible_with_a_seed(customers, new):
    a, b = train_model(customers, seed=0), train_model(customers, seed=0)
    assert evaluate(a, customers) == evaluate(b, customers)
    assert np.allclose(score(a, new), score(b, new))


def test_scores_do_not_depend_on_the_batch_or_column_order(model, new):
    all_scores = np.asarray(score(model, new), dtype=float)
    assert all_scores.shape == (len(new),)
    assert ((0 <= all_scores) & (all_scores <= 1)).all()
    one = np.asarray(score(model, new.iloc[[5]]), dtype=float)
    assert one[0] == pytest.approx(all_scores[5])
    shuffled = new[list(reversed(new.columns))]
    assert np.allclose(np.asarray(score(model, shuffled), dtype=float), all_scores)


def test_a_batch_without_one_plan_scores_like_the_same_rows_inside_a_full_batch(model, customers):
    mixed = customers.head(60)
    no_pro = mixed[mixed["plan"] != "pro"]
    full = pd.Series(np.asarray(score(model, mixed), dtype=float), index=mixed.index)
    part = np.asarray(score(model, no_pro), dtype=float)
    assert np.allclose(part, full.loc[no_pro.index].to_numpy())


def test_the_model_learns_something(model, customers):
    result = evaluate(model, customers)
    assert 0.7 < result["auc"] <= 1.0
