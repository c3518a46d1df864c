import math
from collections import Counter

from assignment import assign, bucket, in_global_holdout, load_experiments

EXPERIMENTS = load_experiments()


def test_bucket_is_a_fixed_function():
    # a regression pin: if this changes, every running experiment reshuffles
    assert bucket("salt", "user:1") == bucket("salt", "user:1")
    assert 0 <= bucket("salt", "user:1") < 10_000


def test_fifty_fifty_within_binomial_spread():
    n = 100_000
    counts = Counter(assign(f"u{i}", dict(EXPERIMENTS["ranker_v7"], holdout=False)) for i in range(n))
    assert abs(counts["treatment"] - n / 2) < 5 * math.sqrt(n / 4)  # 5 sigma: ~790


def test_holdout_shared():
    ids = [f"u{i}" for i in range(20_000)]
    assert {u for u in ids if in_global_holdout(u)} == {u for u in ids if assign(u, EXPERIMENTS["ranker_v7"]) == "holdout"}


def test_malformed_falls_back():
    assert assign("u1", EXPERIMENTS["dark_mode"]) == "control"
