"""The planning pages through the test client: intake, plan, swap, lengths, panels, publish."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import AuditEntry, BankQuestion, Loop, LoopQuestion
from interviewkit.services import loops
from interviewkit.services.loops import LoopIntake
from tests.conftest import make_app, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.db

INTAKE = {
    "candidate_name": "Grace Hopper", "candidate_email": "grace@example.net",
    "role_title": "Senior ML Engineer", "lane": "applied", "level": "senior", "domain": "",
    "deployment_target": "realtime_api",
    "screen": "45", "system_design": "60", "coding": "60", "deep_dive": "60",
}
ROUNDS = ("screen", "system_design", "coding", "deep_dive")


@pytest.fixture
def manager(make_user):
    return make_user("hiring_manager", name="Morgan Manager")


@pytest.fixture
def interviewer(make_user):
    return make_user("interviewer", name="Ines Interviewer")


@pytest.fixture
def as_manager(client, manager):
    sign_in(client, manager)
    return client


def plan(client, **changes) -> int:
    response = client.post("/loops/new", data={**INTAKE, **changes})
    location = urlsplit(response.headers["Location"]).path
    assert re.fullmatch(r"/loops/\d+", location), response.get_data(as_text=True)[:300]
    return int(location.rsplit("/", 1)[1])


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def stored_questions(app, loop_id: int) -> dict[str, list[str]]:
    with app.app_context():
        loop = db.session.get(Loop, loop_id)
        return {r.kind: [q.question_id for q in r.questions] for r in loop.rounds}


def staff_all(client, loop_id: int, person_id: int) -> None:
    # One person on every round: two hours apart, so no booking overlaps another.
    for hour, kind in zip((9, 11, 13, 15), ROUNDS, strict=True):
        response = client.post(f"/loops/{loop_id}/rounds/{kind}/panel", data={
            f"{kind}-interviewers": [person_id],
            f"{kind}-scheduled_at": f"2031-05-{5 + loop_id % 20:02d}T{hour:02d}:30"})
        assert urlsplit(response.headers["Location"]).path == f"/loops/{loop_id}"


def test_intake_form_has_labelled_controls(as_manager):
    page = as_manager.get("/loops/new").get_data(as_text=True)
    for field in ("candidate_name", "candidate_email", "role_title", "lane", "level", "domain",
                  "deployment_target", *ROUNDS):
        assert f'<label class="form-label" for="{field}">' in page
    assert "LLM application backend" in page


def test_planning_a_loop_shows_it_round_by_round_with_reasons(app, as_manager):
    loop_id = plan(as_manager)
    response = as_manager.get(f"/loops/{loop_id}")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Grace Hopper" in page and "Senior ML Engineer" in page and "Real-time API" in page
    assert "Draft" in page
    with app.app_context():
        rows = db.session.execute(sa.select(LoopQuestion)).scalars().all()
        assert rows
        for row in rows:
            assert row.question.title in page or row.question.title.replace("'", "&#39;") in page
            assert row.reason.split(";")[0] in page
    for heading in ("Technical screen", "ML system design", "Production-style coding"):
        assert heading in page
    assert "Ready to publish?" in page
    # The plan speaks the rubric's words (issue 14 item 13).
    assert ("Must give evidence for: ML fundamentals, Project ownership, Production "
            "experience.") in page
    assert "Must give evidence for: Code structure and interfaces, Testing, Failure handling." \
        in page


def test_intake_errors_rerender_at_the_field_and_write_nothing(app, as_manager):
    response = as_manager.post("/loops/new", data={
        **INTAKE, "candidate_email": "not-an-email", "candidate_name": "", "coding": "5",
        "lane": "domain"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter a valid email address." in page
    assert "Enter the candidate&#39;s name." in page
    assert "A round lasts 15 to 180 minutes." in page
    assert "Domain-specialist loops need a domain." in page
    assert 'value="not-an-email"' in page
    assert count(app, Loop) == 0


def test_earlier_questions_are_excluded_and_the_page_says_so(app, as_manager, interviewer):
    first = plan(as_manager)
    staff_all(as_manager, first, interviewer.id)
    as_manager.post(f"/loops/{first}/publish")
    seen = {q for qs in stored_questions(app, first).values() for q in qs}

    second = plan(as_manager, candidate_email="GRACE@example.net")
    page = as_manager.get(f"/loops/{second}").get_data(as_text=True)

    assert f"{len(seen)} questions this candidate saw earlier are excluded." in page
    assert seen.isdisjoint(q for qs in stored_questions(app, second).values() for q in qs)


def test_swap_shows_alternatives_with_reasons_and_swaps(app, as_manager):
    loop_id = plan(as_manager)
    old = stored_questions(app, loop_id)["screen"][0]
    url = f"/loops/{loop_id}/rounds/screen/questions/{old}/swap"
    page = as_manager.get(url).get_data(as_text=True)
    options = re.findall(r'name="replacement" id="[^"]+" value="([^"]+)"', page)
    assert options
    assert "Best fit" in page and "Replacing" in page
    assert page.count('class="reason') >= len(options) + 1

    response = as_manager.post(url, data={"replacement": options[1]})

    assert urlsplit(response.headers["Location"]).path == f"/loops/{loop_id}"
    assert urlsplit(response.headers["Location"]).fragment == "round-screen"
    screen = stored_questions(app, loop_id)["screen"]
    assert screen[0] == options[1] and old not in screen
    assert "Swapped" in as_manager.get(f"/loops/{loop_id}").get_data(as_text=True)


def test_swap_without_a_choice_rerenders_with_the_error(app, as_manager):
    loop_id = plan(as_manager)
    before = stored_questions(app, loop_id)
    old = before["screen"][0]
    url = f"/loops/{loop_id}/rounds/screen/questions/{old}/swap"
    for data in ({}, {"replacement": before["coding"][0]}):
        response = as_manager.post(url, data=data)
        assert response.status_code == 200
        assert "Choose a replacement question." in response.get_data(as_text=True) or \
            "Not a valid choice" in response.get_data(as_text=True)
    assert stored_questions(app, loop_id) == before


def test_regenerate_uses_a_new_seed(app, as_manager):
    loop_id = plan(as_manager)
    response = as_manager.post(f"/loops/{loop_id}/regenerate")
    assert urlsplit(response.headers["Location"]).path == f"/loops/{loop_id}"
    with app.app_context():
        assert db.session.get(Loop, loop_id).seed == 1
    assert "New plan generated (seed 1)" in as_manager.get(
        f"/loops/{loop_id}").get_data(as_text=True)


def test_round_lengths_replan_and_bad_lengths_show_the_error(app, as_manager):
    loop_id = plan(as_manager)
    before = stored_questions(app, loop_id)
    bad = as_manager.post(f"/loops/{loop_id}/minutes", data={
        "screen": "45", "system_design": "600", "coding": "", "deep_dive": "60"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert "A round lasts 15 to 180 minutes." in page
    assert "Enter the round&#39;s length in minutes." in page
    assert stored_questions(app, loop_id) == before

    good = as_manager.post(f"/loops/{loop_id}/minutes", data={
        "screen": "30", "system_design": "60", "coding": "60", "deep_dive": "60"})
    assert urlsplit(good.headers["Location"]).path == f"/loops/{loop_id}"
    with app.app_context():
        assert db.session.get(Loop, loop_id).round("screen").minutes == 30


def test_panel_form_errors_stay_at_their_round(app, as_manager, interviewer):
    loop_id = plan(as_manager)
    response = as_manager.post(f"/loops/{loop_id}/rounds/coding/panel", data={
        "coding-scheduled_at": "next tuesday"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose at least one interviewer." in page
    assert "Not a valid datetime value." in page or "Enter the interview" in page
    with app.app_context():
        assert db.session.get(Loop, loop_id).round("coding").interviewers == []


def test_publish_flow_counts_usage_and_locks_the_plan(app, as_manager, interviewer):
    loop_id = plan(as_manager)
    refused = as_manager.post(f"/loops/{loop_id}/publish", follow_redirects=True)
    assert "needs at least one interviewer" in refused.get_data(as_text=True)

    staff_all(as_manager, loop_id, interviewer.id)
    as_manager.post(f"/loops/{loop_id}/publish")

    page = as_manager.get(f"/loops/{loop_id}").get_data(as_text=True)
    assert "Published" in page and "Scheduled" in page
    assert "/swap" not in page and "Regenerate questions" not in page
    assert "Ines Interviewer" in page
    with app.app_context():
        used = {q for qs in stored_questions(app, loop_id).values() for q in qs}
        counts = dict(db.session.execute(
            sa.select(BankQuestion.id, BankQuestion.times_used)).all())
        assert all(counts[q] == 1 for q in used)
        assert sum(counts.values()) == len(used)
        actions = db.session.execute(sa.select(AuditEntry.action)).scalars().all()
        assert "loop.publish" in actions
    again = as_manager.post(f"/loops/{loop_id}/regenerate", follow_redirects=True)
    assert "no longer regenerate" in again.get_data(as_text=True)


def test_recruiter_sees_a_loop_read_only(client, app, manager, make_user):
    with app.app_context():
        loop = loops.create_draft_loop(db.session.get(type(manager), manager.id), LoopIntake(
            "Alan Turing", "alan@example.net", "ML Engineer", "research", "mid"))
        db.session.commit()
        loop_id = loop.id
    sign_in(client, make_user("recruiter"))
    page = client.get(f"/loops/{loop_id}").get_data(as_text=True)
    assert "read-only" in page and "Morgan Manager owns it" in page
    assert "<form" not in page.split("</nav>", 1)[1]


def test_list_filters_and_search(app, as_manager):
    plan(as_manager)
    plan(as_manager, candidate_name="Alan Turing", candidate_email="alan@example.net",
         lane="research", level="mid")
    page = as_manager.get("/loops/").get_data(as_text=True)
    assert "Grace Hopper" in page and "Alan Turing" in page and "2 loops" in page
    page = as_manager.get("/loops/?lane=research").get_data(as_text=True)
    assert "Alan Turing" in page and "Grace Hopper" not in page
    page = as_manager.get("/loops/?q=GRACE").get_data(as_text=True)
    assert "Grace Hopper" in page and "Alan Turing" not in page
    page = as_manager.get("/loops/?status=decided").get_data(as_text=True)
    assert "No loops match these filters" in page
    page = as_manager.get("/loops/?status=bogus&level=senior").get_data(as_text=True)
    assert "Grace Hopper" in page and "Alan Turing" not in page


def test_empty_list_says_what_to_do_next(as_manager):
    page = as_manager.get("/loops/").get_data(as_text=True)
    assert "No loops yet" in page and "Plan your first loop" in page


def test_loop_list_runs_a_fixed_number_of_queries(app, client, make_user):
    admin = make_user("admin")
    sign_in(client, admin)

    def queries_for_list() -> int:
        statements = []
        with app.app_context():
            engine = db.engine

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            assert client.get("/loops/").status_code == 200
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
        return len(statements)

    def add_loops(n: int) -> None:
        with app.app_context():
            for _ in range(n):
                owner = UserFactory(role="hiring_manager")
                loop = loops.create_draft_loop(owner, LoopIntake(
                    "C", f"c{owner.id}@example.net", "MLE", "applied", "mid"))
                loops.assign_interviewers(loop, "screen", [UserFactory().id], None)
            db.session.commit()

    add_loops(2)
    few = queries_for_list()
    add_loops(8)
    many = queries_for_list()
    assert many == few


def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(tmp_path, app, manager):
    secure = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
    client = secure.test_client()
    sign_in(client, manager)
    response = client.post("/loops/new", data=INTAKE)
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    assert count(app, Loop) == 0
    # The form itself carries a token, so a real browser's post succeeds.
    page = client.get("/loops/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/loops/new", data={**INTAKE, "csrf_token": token})
    assert re.fullmatch(r"/loops/\d+", urlsplit(response.headers["Location"]).path)
    assert count(app, Loop) == 1


def test_cancelling_a_loop_needs_a_reason_and_is_audited_and_shown(app, as_manager,
                                                                    interviewer, client):
    loop_id = plan(as_manager)
    staff_all(as_manager, loop_id, interviewer.id)
    as_manager.post(f"/loops/{loop_id}/publish")

    missing = as_manager.post(f"/loops/{loop_id}/cancel", data={"reason": "  "})
    assert missing.status_code == 200
    assert "Say why the loop is cancelled" in missing.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Loop, loop_id).status == "scheduled"

    done = as_manager.post(f"/loops/{loop_id}/cancel",
                           data={"reason": "Grace accepted another offer."})
    assert urlsplit(done.headers["Location"]).path == f"/loops/{loop_id}"
    page = as_manager.get(f"/loops/{loop_id}").get_data(as_text=True)
    assert "Grace accepted another offer." in page and 'id="cancelled-note"' in page
    assert "Save panel" not in page and "Cancel loop" not in page
    with app.app_context():
        loop = db.session.get(Loop, loop_id)
        assert loop.status == "cancelled" and loop.cancelled_by_id is not None
        entry = db.session.execute(sa.select(AuditEntry).where(
            AuditEntry.action == "loop.cancel")).scalar_one()
        assert entry.after == {"status": "cancelled", "reason": "Grace accepted another offer."}
        assert entry.before == {"status": "scheduled"}

    listing = as_manager.get("/loops/?status=cancelled").get_data(as_text=True)
    assert "Grace Hopper" in listing and "badge-status-cancelled" in listing
    assert "1 loop matches these filters." in listing
    assert "The loop is cancelled: its plan, panels and times no longer change." in page
    assert "you can still change" not in page
    assert "Grace Hopper" not in as_manager.get("/loops/?status=scheduled").get_data(
        as_text=True)
    again = as_manager.post(f"/loops/{loop_id}/cancel", data={"reason": "twice"},
                            follow_redirects=True)
    assert "already cancelled" in again.get_data(as_text=True)
    restaff = as_manager.post(f"/loops/{loop_id}/rounds/screen/panel", data={
        "screen-interviewers": [interviewer.id], "screen-scheduled_at": "2031-05-07T09:30"},
        follow_redirects=True)
    assert "This loop is cancelled; its panels can no longer change." in restaff.get_data(
        as_text=True)


def test_only_the_owner_can_cancel_a_loop(app, client, manager, make_user):
    with app.app_context():
        loop = loops.create_draft_loop(db.session.get(type(manager), manager.id), LoopIntake(
            "Alan Turing", "alan@example.net", "ML Engineer", "research", "mid"))
        db.session.commit()
        loop_id = loop.id
    for role in ("recruiter", "hiring_manager", "interviewer"):
        with client.session_transaction() as s:
            s.clear()
        sign_in(client, make_user(role))
        response = client.post(f"/loops/{loop_id}/cancel", data={"reason": "No."})
        assert response.status_code in (403, 404)
    with app.app_context():
        assert db.session.get(Loop, loop_id).cancelled_at is None


def test_one_panel_form_saves_every_changed_round_and_keeps_picks_on_error(app, as_manager,
                                                                            interviewer):
    loop_id = plan(as_manager)
    bad = as_manager.post(f"/loops/{loop_id}/panels", data={
        "system_design-interviewers": [interviewer.id],
        "system_design-scheduled_at": "2031-05-06T11:00",
        "coding-interviewers": [interviewer.id]})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert "Enter the interview" in page and "Your other picks are kept." in page
    # Round 2's unsaved pick and time are still on the page, not thrown away.
    assert 'value="2031-05-06T11:00"' in page
    assert re.search(rf'id="system_design-interviewers-\d+"[^>]*value="{interviewer.id}"'
                     rf'[^>]*checked|checked[^>]*id="system_design-interviewers', page)
    with app.app_context():
        assert db.session.get(Loop, loop_id).round("system_design").interviewers == []

    good = as_manager.post(f"/loops/{loop_id}/panels", data={
        "system_design-interviewers": [interviewer.id],
        "system_design-scheduled_at": "2031-05-06T11:00",
        "coding-interviewers": [interviewer.id], "coding-scheduled_at": "2031-05-06T13:00"},
        follow_redirects=True)
    assert "Panels and times saved: ML system design, Production-style coding." in \
        good.get_data(as_text=True)
    with app.app_context():
        loop = db.session.get(Loop, loop_id)
        assert [u.id for u in loop.round("system_design").interviewers] == [interviewer.id]
        assert [u.id for u in loop.round("coding").interviewers] == [interviewer.id]
        assert loop.round("screen").interviewers == []  # untouched rounds need nothing
