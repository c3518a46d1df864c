"""Hidden tests for coding-shadow-mode."""
import threading
import time

import pytest

from logging_client import LogClient
from models import CandidateModel, PrimaryModel
from ranking_service import RankingService


def request(i):
    return {"request_id": f"r-{i}", "user_id": f"u-{i}",
            "features": {"candidates": ["a", "b", "c", "d"], "scores": {"a": 0.2, "b": 0.9, "c": 0.5, "d": 0.1},
                         "recency": {"a": 1.0}}}


EXPECTED = ["b", "c", "a", "d"]


class Crashing:
    version = "crash"

    def __init__(self):
        self.calls = 0

    def rank(self, features):
        self.calls += 1
        raise RuntimeError("candidate exploded")


class Hanging:
    version = "hang"

    def __init__(self):
        self.release = threading.Event()
        self.calls = 0

    def rank(self, features):
        self.calls += 1
        self.release.wait(3)
        return []


def service(candidate, logger=None, rate=1.0):
    s = RankingService(PrimaryModel(), logger or LogClient(), candidate=candidate)
    s.configure_shadow(enabled=True, sample_rate=rate)
    return s


def test_a_crashing_candidate_never_reaches_the_response():
    s = service(Crashing())
    for i in range(20):
        assert s.handle(request(i))["items"] == EXPECTED
    s.flush(5)


def test_a_hanging_candidate_adds_no_latency_and_the_queue_stays_bounded():
    hang = Hanging()
    s = service(hang)
    start = time.monotonic()
    for i in range(300):
        assert s.handle(request(i))["items"] == EXPECTED
    elapsed = time.monotonic() - start
    hang.release.set()
    assert elapsed < 1.5  # 300 requests; a candidate in the request path would take 900 s
    assert hang.calls < 300  # work was dropped or timed out, not all queued behind the hang
    s.flush(10)


def test_a_failing_log_client_does_not_affect_the_primary():
    s = service(CandidateModel(), logger=LogClient(fail=True))
    for i in range(10):
        assert s.handle(request(i))["items"] == EXPECTED
    s.flush(5)


def test_both_outputs_are_logged_with_context():
    log = LogClient()
    s = service(CandidateModel(), logger=log)
    s.handle(request(1))
    s.flush(5)
    deadline = time.monotonic() + 5
    while not log.events and time.monotonic() < deadline:
        time.sleep(0.01)
    [event] = log.events
    assert event["request_id"] == "r-1"
    assert event["primary"] == EXPECTED
    assert event["candidate"] == CandidateModel().rank(request(1)["features"]) == ["b", "a", "c", "d"]
    text = str(event)
    assert "ranker-v6" in text and "ranker-v7-rc1" in text


def test_shadow_can_be_switched_off_at_runtime():
    cand = CandidateModel()
    s = service(cand)
    s.configure_shadow(enabled=False)
    for i in range(50):
        s.handle(request(i))
    s.flush(5)
    time.sleep(0.1)
    assert cand.calls == 0


def test_sampling_is_a_stable_share_of_users():
    log = LogClient()
    s = service(CandidateModel(), logger=log, rate=0.3)
    for _ in range(2):
        for i in range(1000):
            s.handle(request(i))
            if i % 20 == 19:
                s.flush(10)  # keep the queue short: this test is about sampling, not dropping
        s.flush(10)
    time.sleep(0.1)
    users = [e["request_id"] for e in log.events]
    distinct = set(users)
    assert 220 < len(distinct) < 380
    assert len(users) == 2 * len(distinct)  # the same users both times
