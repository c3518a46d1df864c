from pathlib import Path

import numpy as np
import pytest

from churn import build_features, load_data, score, train_model
from churn.features import parse_spend

DATA = Path(__file__).resolve().parent.parent / "data"


def test_spend_parsing():
    assert parse_spend("21,53") == 21.53
    assert np.isnan(parse_spend("unknown"))
    with pytest.raises(ValueError):
        parse_spend("12 EUR")


def test_features_are_numeric_and_fixed():
    X = build_features(load_data(DATA / "customers.csv"))
    assert len(X.columns) < 30 and all(np.issubdtype(t, np.number) for t in X.dtypes)


def test_scoring_does_not_depend_on_the_batch():
    df = load_data(DATA / "customers.csv").head(300)
    model = train_model(df, seed=1)
    new = load_data(DATA / "to_score.csv")
    assert score(model, new.iloc[[7]])[0] == pytest.approx(score(model, new)[7])
