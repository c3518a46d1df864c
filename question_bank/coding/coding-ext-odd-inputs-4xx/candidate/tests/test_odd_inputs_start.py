"""A start for the table of odd requests: the missing body is already covered."""

from app import create_app


def test_missing_body_is_a_4xx():
    response = create_app().test_client().post("/predict")
    assert 400 <= response.status_code < 500
