from fakes import FakeClock, FakeFeatureStore
from fraud_service import FraudScorer
from model import FraudModel

REQUEST = {"request_id": "r-1", "account_id": "A-77", "amount": 42.0, "country": "DE", "card_country": "DE"}


def test_scores_a_normal_request():
    clock = FakeClock()
    scorer = FraudScorer(FakeFeatureStore(clock), FraudModel(clock), clock=clock)
    result = scorer.score(REQUEST)
    assert 0 <= result["score"] <= 1
    assert result["request_id"] == "r-1"


def test_a_compaction_spike_stays_inside_the_budget():
    clock = FakeClock()
    scorer = FraudScorer(FakeFeatureStore(clock, latency_s=0.400), FraudModel(clock), clock=clock)
    start = clock()
    scorer.score(REQUEST)
    assert clock() - start <= 0.080
