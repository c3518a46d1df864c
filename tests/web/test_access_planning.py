"""Who may open or post to each planning, admin and bank route: role × owner × route."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from interviewkit.extensions import db
from interviewkit.services import loops
from interviewkit.services.loops import LoopIntake
from tests.conftest import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.db

PERSONAS = ("anonymous", "admin", "owner", "other_manager", "interviewer", "recruiter")


@dataclass
class World:
    users: dict
    loop_id: int
    question_id: str
    target_id: int  # a user the admin routes act on


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        users = {
            "admin": UserFactory(role="admin"),
            "owner": UserFactory(role="hiring_manager"),
            "other_manager": UserFactory(role="hiring_manager"),
            "interviewer": UserFactory(role="interviewer"),
            "recruiter": UserFactory(role="recruiter"),
        }
        target = UserFactory(role="interviewer")
        loop = loops.create_draft_loop(users["owner"], LoopIntake(
            "Ada Lovelace", "ada@example.net", "ML Engineer", "applied", "mid",
            deployment_target="batch"))
        db.session.commit()
        world = World(users={}, loop_id=loop.id,
                      question_id=loop.round("screen").questions[0].question_id,
                      target_id=target.id)
        for name, user in users.items():
            db.session.refresh(user)
            db.session.expunge(user)
            world.users[name] = user
        return world


def act_as(client, world: World, persona: str) -> None:
    if persona != "anonymous":
        sign_in(client, world.users[persona])


DETAIL = "detail"  # a redirect back to the loop's page
LOGIN = "login"
USERS = "users"

# Who may see a loop read-only, and who owns it.
VIEW = {"anonymous": LOGIN, "admin": 200, "owner": 200, "other_manager": 404,
        "interviewer": 404, "recruiter": 200}
EDIT_PAGE = {"anonymous": LOGIN, "admin": 403, "owner": 200, "other_manager": 404,
             "interviewer": 404, "recruiter": 403}
EDIT_POST = {**EDIT_PAGE, "owner": DETAIL}
LIST = {"anonymous": LOGIN, "admin": 200, "owner": 200, "other_manager": 200,
        "interviewer": 404, "recruiter": 200}
MANAGERS_ONLY = {"anonymous": LOGIN, "admin": 404, "owner": 200, "other_manager": 200,
                 "interviewer": 404, "recruiter": 404}
ADMIN_PAGE = {"anonymous": LOGIN, "admin": 200, "owner": 404, "other_manager": 404,
              "interviewer": 404, "recruiter": 404}
ADMIN_POST = {**ADMIN_PAGE, "admin": USERS}
BANK = {"anonymous": LOGIN, "admin": 200, "owner": 200, "other_manager": 200,
        "interviewer": 404, "recruiter": 404}
RUBRICS = {"anonymous": LOGIN, "admin": 200, "owner": 200, "other_manager": 200,
           "interviewer": 200, "recruiter": 404}


def _panel(world):
    return {"screen-interviewers": [world.users["interviewer"].id],
            "screen-scheduled_at": "2031-05-06T09:30"}


ROUTES = [
    ("GET", "/loops/", None, LIST),
    ("GET", "/loops/new", None, MANAGERS_ONLY),
    ("GET", "/loops/{loop}", None, VIEW),
    ("GET", "/loops/{loop}/rounds/screen/questions/{question}/swap", None, EDIT_PAGE),
    ("POST", "/loops/{loop}/regenerate", None, EDIT_POST),
    ("POST", "/loops/{loop}/minutes",
     lambda w: {"screen": 45, "system_design": 60, "coding": 60, "deep_dive": 60}, EDIT_POST),
    ("POST", "/loops/{loop}/rounds/screen/panel", _panel, EDIT_POST),
    ("POST", "/loops/{loop}/publish", None, EDIT_POST),
    ("GET", "/admin/users", None, ADMIN_PAGE),
    ("POST", "/admin/users/new",
     lambda w: {"name": "New Person", "email": "new@example.org", "role": "interviewer",
                "password": "long-enough-password"}, ADMIN_POST),
    ("POST", "/admin/users/{target}/role", lambda w: {f"u{w.target_id}-role": "recruiter"},
     ADMIN_POST),
    ("POST", "/admin/users/{target}/deactivate", None, ADMIN_POST),
    ("POST", "/admin/users/{target}/reactivate", None, ADMIN_POST),
    ("GET", "/bank/", None, BANK),
    ("GET", "/bank/rubrics", None, RUBRICS),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "path", "data", "expected"), ROUTES,
                         ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_access_matrix(client, world, persona, method, path, data, expected):
    act_as(client, world, persona)
    url = path.format(loop=world.loop_id, question=world.question_id, target=world.target_id)
    body = data(world) if data else {}
    response = client.open(url, method=method, data=body)
    want = expected[persona]
    location = urlsplit(response.headers.get("Location", ""))
    if want == LOGIN:
        assert location.path == "/login"
    elif want == DETAIL:
        assert location.path == f"/loops/{world.loop_id}"
    elif want == USERS:
        assert location.path == "/admin/users"
    else:
        assert response.status_code == want, response.get_data(as_text=True)[:500]


@pytest.mark.parametrize("url", [
    "/loops/999999",
    "/loops/{loop}/rounds/screen/questions/not-a-question/swap",
    "/loops/{loop}/rounds/warmup/questions/{question}/swap",
    "/loops/{loop}/rounds/coding/questions/{question}/swap",
])
def test_ids_changed_in_the_url_give_404(client, world, url):
    act_as(client, world, "owner")
    response = client.get(url.format(loop=world.loop_id, question=world.question_id))
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


@pytest.mark.parametrize(("method", "url"), [
    ("POST", "/loops/999999/publish"),
    ("POST", "/loops/{loop}/rounds/warmup/panel"),
    ("POST", "/admin/users/999999/deactivate"),
    ("POST", "/admin/users/999999/role"),
])
def test_posts_to_missing_ids_give_404(client, world, method, url):
    persona = "admin" if url.startswith("/admin") else "owner"
    act_as(client, world, persona)
    response = client.open(url.format(loop=world.loop_id), method=method)
    assert response.status_code == 404


def test_another_managers_loop_is_absent_from_their_list(client, world):
    act_as(client, world, "other_manager")
    page = client.get("/loops/").get_data(as_text=True)
    assert "Ada Lovelace" not in page
    assert "No loops yet" in page
