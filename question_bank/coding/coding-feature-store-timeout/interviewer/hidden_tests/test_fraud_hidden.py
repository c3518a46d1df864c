"""Hidden tests for coding-feature-store-timeout. No sleeping: everything runs on the fake clock."""
import pytest

from fakes import FakeClock, FakeFeatureStore, StoreError
from fraud_service import FraudScorer
from model import CRITICAL, FEATURES, TRAINING_MEDIANS, FraudModel
from rules import rules_score

REQUEST = {"request_id": "r-9", "account_id": "A-12", "amount": 1500.0, "country": "DE", "card_country": "FR"}
BUDGET = 0.080


def make(**store_kwargs):
    clock = FakeClock()
    store = FakeFeatureStore(clock, **store_kwargs)
    return clock, store, FraudScorer(store, FraudModel(clock), clock=clock)


def timed(clock, scorer, request=REQUEST):
    start = clock()
    result = scorer.score(request)
    return result, clock() - start


def expected_model_score(missing=()):
    clock = FakeClock()
    values = FakeFeatureStore(clock).get_features(REQUEST["account_id"], FEATURES, 1.0)
    for name in missing:
        values[name] = TRAINING_MEDIANS[name]
    return FraudModel().predict(values)


def test_healthy_store_gives_a_normal_model_score():
    clock, store, scorer = make()
    result, elapsed = timed(clock, scorer)
    assert result["score"] == pytest.approx(expected_model_score())
    assert result["degraded"] is False
    assert result["request_id"] == "r-9"
    assert elapsed <= BUDGET


def test_timeout_leaves_room_for_the_model_and_a_normal_slow_call_still_succeeds():
    clock, store, scorer = make(latency_s=0.030)
    result, elapsed = timed(clock, scorer)
    assert result["degraded"] is False
    assert 0.030 < store.timeouts_seen[0] <= BUDGET - FraudModel.latency_s


@pytest.mark.parametrize("latency", [0.100, 0.400])
def test_a_slow_store_is_cut_off_and_the_answer_is_the_rules_score(latency):
    clock, store, scorer = make(latency_s=latency)
    result, elapsed = timed(clock, scorer)
    assert elapsed <= BUDGET
    assert result["degraded"] is True
    assert result["reason"]
    assert result["score"] == pytest.approx(rules_score(REQUEST))


def test_a_failing_store_never_raises():
    clock, store, scorer = make(error=StoreError("connection refused"))
    result, elapsed = timed(clock, scorer)
    assert result["degraded"] is True and result["reason"]
    assert result["score"] == pytest.approx(rules_score(REQUEST))
    assert elapsed <= BUDGET


def test_a_missing_ordinary_feature_uses_its_training_default_not_zero():
    name = "merchant_risk_score"
    assert TRAINING_MEDIANS[name] != 0
    clock, store, scorer = make(missing=[name])
    result, _ = timed(clock, scorer)
    assert result["degraded"] is True
    assert name in result["reason"]
    assert result["score"] == pytest.approx(expected_model_score(missing=[name]))


@pytest.mark.parametrize("name", CRITICAL)
def test_a_missing_critical_feature_falls_back_to_rules(name):
    clock, store, scorer = make(missing=[name])
    result, _ = timed(clock, scorer)
    assert result["degraded"] is True
    assert result["score"] == pytest.approx(rules_score(REQUEST))


def test_breaker_opens_after_repeated_failures_and_stops_adding_latency():
    clock, store, scorer = make(error=StoreError("down"))
    for _ in range(5):
        scorer.score(REQUEST)
    assert store.calls == 5
    for _ in range(20):
        result, elapsed = timed(clock, scorer)
        assert result["degraded"] is True
        assert elapsed < 0.002  # no store call while open
    assert store.calls == 5


def test_breaker_half_open_trial_closes_on_success():
    clock, store, scorer = make(error=StoreError("down"))
    for _ in range(5):
        scorer.score(REQUEST)
    clock.advance(31)
    store.error = None
    result, _ = timed(clock, scorer)
    assert store.calls == 6 and result["degraded"] is False
    scorer.score(REQUEST)
    assert store.calls == 7


def test_breaker_half_open_trial_failure_opens_it_again():
    clock, store, scorer = make(latency_s=0.400)
    for _ in range(5):
        scorer.score(REQUEST)
    clock.advance(31)
    scorer.score(REQUEST)
    assert store.calls == 6
    scorer.score(REQUEST)
    scorer.score(REQUEST)
    assert store.calls == 6
