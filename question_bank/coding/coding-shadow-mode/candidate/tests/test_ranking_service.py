from logging_client import LogClient
from models import CandidateModel, PrimaryModel
from ranking_service import RankingService

REQUEST = {"request_id": "r-1", "user_id": "u-1",
           "features": {"candidates": ["a", "b", "c"], "scores": {"a": 0.2, "b": 0.9, "c": 0.5}}}


def test_primary_ranking_is_served():
    service = RankingService(PrimaryModel(), LogClient())
    assert service.handle(REQUEST)["items"] == ["b", "c", "a"]


def test_shadow_does_not_change_the_response():
    service = RankingService(PrimaryModel(), LogClient(), candidate=CandidateModel())
    assert service.handle(REQUEST)["items"] == ["b", "c", "a"]
