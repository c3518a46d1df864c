"""Every list under /api/v1 is paged with `cursor` and `limit`, in the document too."""

from __future__ import annotations

import base64

import pytest

from interviewkit.extensions import db
from interviewkit.models import User
from interviewkit.services import webhooks as webhook_service
from tests.api.conftest import bearer
from tests.web._scoring import published_loop

PAGED = ["/users", "/panel-candidates", "/questions", "/loops", "/me/rounds", "/webhooks",
         "/webhooks/{webhook_id}/deliveries"]


def _walk(client, path: str, token: str, limit: int) -> list[list[dict]]:
    pages, cursor = [], None
    while True:
        url = f"{path}?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        answer = client.get(url, headers=bearer(token))
        assert answer.status_code == 200, answer.get_json()
        body = answer.get_json()
        assert set(body) == {"data", "next_cursor"}
        pages.append(body["data"])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def test_every_list_in_the_document_takes_a_cursor_and_limit_and_gives_next_cursor(client):
    document = client.get("/api/v1/openapi.json").get_json()
    lists = []
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        schema = get["responses"]["200"]["content"]["application/json"]["schema"]
        name = schema["$ref"].rsplit("/", 1)[-1]
        properties = document["components"]["schemas"][name].get("properties", {})
        if properties.get("data", {}).get("type") != "array":
            continue
        lists.append(path.removeprefix("/api/v1"))
        parameters = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        if path.endswith("/alternatives") or path.endswith("/scorecards"):
            continue  # bounded: at most 20 alternatives; one loop's scorecards
        assert {"cursor", "limit"} <= parameters, path
        assert "next_cursor" in properties, path
    assert set(PAGED) <= set(lists)


def test_panel_candidates_page_by_name_without_gaps_or_repeats(app, client, make_user,
                                                                make_token):
    token = make_token(make_user("hiring_manager", name="Mia Manager"))
    for i in range(12):
        make_user("interviewer", name=f"Panelist {i % 4}")  # equal names: id breaks ties
    whole = client.get("/api/v1/panel-candidates?limit=100", headers=bearer(token)).get_json()
    pages = _walk(client, "/api/v1/panel-candidates", token, 5)
    assert [len(p) for p in pages] == [5, 5, 3]
    assert [u["id"] for p in pages for u in p] == [u["id"] for u in whole["data"]]
    assert [u["name"] for u in whole["data"]] == sorted(u["name"] for u in whole["data"])
    default = client.get("/api/v1/panel-candidates", headers=bearer(token)).get_json()
    assert default["next_cursor"] is None and len(default["data"]) == 13


def test_my_rounds_page_in_their_order(app, client, make_user, make_token):
    panelist = make_user("interviewer")
    token = make_token(panelist)
    with app.app_context():
        me = db.session.get(User, panelist.id)
        for hours in (30, 10, 50, 20, 40):
            published_loop(panel={"screen": [me]}, hours_from_now=hours)
        db.session.commit()
    whole = client.get("/api/v1/me/rounds?limit=100", headers=bearer(token)).get_json()["data"]
    assert len(whole) == 5
    pages = _walk(client, "/api/v1/me/rounds", token, 2)
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [r["round_id"] for p in pages for r in p] == [r["round_id"] for r in whole]


def test_webhooks_page_by_id(app, client, make_user, make_token):
    admin = make_user("admin")
    token = make_token(admin)
    with app.app_context():
        owner = db.session.get(User, admin.id)
        made = [webhook_service.create_subscription(
            owner, f"https://hooks{i}.example.com/", ["loop.published"])[0].id
            for i in range(5)]
        db.session.commit()
    pages = _walk(client, "/api/v1/webhooks", token, 2)
    assert [[h["id"] for h in p] for p in pages] == [made[0:2], made[2:4], made[4:]]


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("path, cursor", [
    ("/api/v1/panel-candidates", _cursor("99999999999999999999999")),
    ("/api/v1/panel-candidates", _cursor("123456")),  # no such user
    ("/api/v1/panel-candidates", _cursor("²")),
    ("/api/v1/webhooks", _cursor("9" * 400)),
    ("/api/v1/webhooks", _cursor("٣")),
    ("/api/v1/me/rounds", _cursor("1|99999999999999999999")),
    ("/api/v1/me/rounds", "%%%"),
    ("/api/v1/users", _cursor("²")),
    ("/api/v1/loops", _cursor("2026-01-01T00:00:00+05:00|1")),
    ("/api/v1/loops", _cursor("2026-01-01T00:00:00|²")),
])
def test_a_cursor_this_api_never_gave_is_a_422_problem(client, make_user, make_token, path,
                                                       cursor):
    token = make_token(make_user("admin"))
    manager = make_token(make_user("hiring_manager"))
    answer = client.get(f"{path}?cursor={cursor}",
                        headers=bearer(manager if "loops" in path or "panel" in path
                                       or "rounds" in path else token))
    assert answer.status_code == 422, answer.get_data(as_text=True)[:300]
    assert answer.content_type == "application/problem+json"
    assert answer.get_json()["code"] in ("invalid_cursor", "invalid_fields")
