from pathlib import Path

from split import load_visits, make_splits

DATA = Path(__file__).resolve().parent.parent / "data" / "visits.csv"


def test_split_sizes():
    visits = load_visits(DATA)
    result = make_splits(visits, "2025-07-01")
    train, test = result[0], result[1]
    assert len(train) > len(test) > 0
    assert len(train) + len(test) <= len(visits)
