from service import create_app


def test_recommend_returns_items():
    client = create_app().test_client()
    response = client.post("/recommend", json={"user_id": "u-42", "k": 3})
    assert response.status_code == 200
    assert len(response.get_json()["items"]) == 3


def test_ready():
    assert create_app().test_client().get("/ready").status_code == 200
