import json

from app import create_app

REQUESTS = json.load(open("sample_requests.json"))


def test_predict_returns_a_score():
    client = create_app().test_client()
    response = client.post("/predict", json=REQUESTS[0]["body"])
    assert response.status_code == 200
    assert 0 <= response.get_json()["score"] <= 1
