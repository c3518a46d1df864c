import time

from logging_client import LogClient
from models import CandidateModel, PrimaryModel
from ranking_service import RankingService, in_sample

REQ = {"request_id": "r", "user_id": "u", "features": {"candidates": ["a", "b"], "scores": {"a": 1.0}}}


def test_sampling_is_stable():
    assert in_sample("u-1", 0.5) == in_sample("u-1", 0.5)
    assert not in_sample("u-1", 0.0) and in_sample("u-1", 1.0)


def test_slow_candidate_is_off_the_request_path():
    s = RankingService(PrimaryModel(), LogClient(), candidate=CandidateModel(delay_s=0.5), sample_rate=1.0,
                       shadow_timeout_s=0.05)
    start = time.monotonic()
    assert s.handle(REQ)["items"] == ["a", "b"]
    assert time.monotonic() - start < 0.2
    s.flush(5)
