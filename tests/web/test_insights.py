"""The insights page and its CSV exports: who sees which figures."""

import csv
import io

import pytest

from interviewkit.extensions import db
from interviewkit.models import User
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web._scoring import published_loop, submitted_card


@pytest.fixture
def world(app):
    """Two managers' loops; Ines and Ravi co-rate Alpha's loop, Tomás rates Beta's alone."""
    with app.app_context():
        alpha = UserFactory(role="hiring_manager", name="Alpha Manager")
        beta = UserFactory(role="hiring_manager", name="Beta Manager")
        ines = UserFactory(name="Ines Interviewer")
        ravi = UserFactory(name="Ravi Reviewer")
        tomas = UserFactory(name="Tomas Alvarez")
        admin = UserFactory(role="admin", name="Ada Admin")
        recruiter = UserFactory(role="recruiter", name="Rosa Recruiter")
        one = published_loop(owner=alpha, panel={"screen": [ines, ravi]}, hours_from_now=-48)
        two = published_loop(owner=beta, panel={"screen": [tomas]}, hours_from_now=-48)
        submitted_card(one.round("screen"), ines, rating=4, recommendation="strong_yes")
        submitted_card(one.round("screen"), ravi, rating=2, recommendation="no")
        submitted_card(two.round("screen"), tomas, rating=3)
        db.session.commit()
        people = {u.name.split()[0].lower(): u for u in
                  (alpha, beta, ines, ravi, tomas, admin, recruiter)}
        for user in people.values():
            db.session.refresh(user)
            db.session.expunge(user)
        return people


def page(client, user, url="/insights/"):
    sign_in(client, user)
    response = client.get(url)
    return response, response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["ada", "rosa"])
def test_admins_and_recruiters_see_every_interviewer(client, world, who):
    response, html = page(client, world[who])
    assert response.status_code == 200
    for name in ("Ines Interviewer", "Ravi Reviewer", "Tomas Alvarez"):
        assert name in html
    assert "Questions to review" in html and "Loops by lane and level" in html
    assert "<svg" in html and "<script>" not in html


def test_manager_sees_only_the_interviewers_on_their_loops(client, world):
    response, html = page(client, world["alpha"])
    assert response.status_code == 200
    assert "Ines Interviewer" in html and "Ravi Reviewer" in html
    assert "Tomas Alvarez" not in html


def test_interviewer_sees_only_their_own_calibration(client, world):
    response, html = page(client, world["ines"])
    assert response.status_code == 200
    assert "Your calibration" in html
    assert "Ines Interviewer" in html
    assert "Ravi Reviewer" not in html and "Tomas Alvarez" not in html
    assert "Questions to review" not in html and "Loops by lane and level" not in html
    # Ines rated 4 everywhere, Ravi 2: she is 2 points more lenient, on one candidate.
    assert "+2.00" in html
    assert "over 1 shared candidate" in html


def test_interviewer_cannot_export_team_tables_or_others_rows(client, world):
    sign_in(client, world["ines"])
    assert client.get("/insights/questions.csv").status_code == 404
    assert client.get("/insights/loops.csv").status_code == 404
    body = client.get("/insights/interviewers.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body)))
    assert [r[0] for r in rows[1:]] == ["Ines Interviewer"]


def test_manager_csv_has_the_same_rows_as_the_page(client, world):
    sign_in(client, world["alpha"])
    response = client.get("/insights/interviewers.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_name = {r["Interviewer"]: r for r in rows}
    assert set(by_name) == {"Ines Interviewer", "Ravi Reviewer"}
    assert float(by_name["Ines Interviewer"]["Leniency"]) == pytest.approx(2.0)
    assert float(by_name["Ravi Reviewer"]["Leniency"]) == pytest.approx(-2.0)
    assert by_name["Ines Interviewer"]["Scorecards"] == "1"


def test_every_table_exports(client, world):
    sign_in(client, world["ada"])
    for key in ("interviewers", "no-signal", "levels", "review", "questions", "loops"):
        response = client.get(f"/insights/{key}.csv")
        assert response.status_code == 200, key
        assert response.get_data(as_text=True).count("\n") >= 1
    assert client.get("/insights/nothing.csv").status_code == 404


def test_bad_filters_are_explained_not_fatal(client, world):
    response, html = page(client, world["ada"], "/insights/?start=yesterday&lane=zzz")
    assert response.status_code == 200
    assert "is not a date" in html and "Unknown lane" in html
    sign_in(client, world["ada"])
    assert client.get("/insights/loops.csv?end=31-12-2026").status_code == 400


def test_date_range_excludes_loops_outside_it(client, world):
    response, html = page(client, world["ada"], "/insights/?start=2001-01-01&end=2001-12-31")
    assert response.status_code == 200
    assert "Ines Interviewer" not in html


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/insights/")
    assert response.headers["Location"].split("?")[0].endswith("/login")


def test_a_new_scorecard_shows_at_once_despite_the_figure_cache(app, client, world):
    sign_in(client, world["ada"])

    def tomas_cards():
        body = client.get("/insights/interviewers.csv").get_data(as_text=True)
        rows = {r["Interviewer"]: r for r in csv.DictReader(io.StringIO(body))}
        return rows["Tomas Alvarez"]["Scorecards"]

    assert tomas_cards() == "1"
    with app.app_context():
        from interviewkit.models import Loop, User

        tomas = db.session.get(User, world["tomas"].id)
        two = db.session.execute(db.select(Loop).where(Loop.owner_id == world["beta"].id)
                                 ).scalar_one()
        submitted_card(two.round("coding"), tomas, rating=1)
        db.session.commit()
    assert tomas_cards() == "2"


def test_debrief_shows_the_mechanical_combined_score(app, client, world):
    with app.app_context():
        from interviewkit.models import Loop

        loop_id = db.session.execute(db.select(Loop.id).where(
            Loop.owner_id == world["alpha"].id)).scalar_one()
    response, html = page(client, world["alpha"], f"/loops/{loop_id}/debrief")
    assert response.status_code == 200
    assert "Combined score" in html and "(mechanical)" in html
    # Ines rated every screen criterion 4 and Ravi 2: the equal-weight mean is 3.
    assert "3.00 of 4" in html and "from 2 scorecards" in html
    assert "the decision is the panel" in html


def test_csv_exports_neutralise_names_a_spreadsheet_would_run(app, client, world):
    with app.app_context():
        ines = db.session.get(User, world["ines"].id)
        ines.name = '=HYPERLINK("http://evil.example/","x")'
        db.session.commit()
    sign_in(client, world["alpha"])
    body = client.get("/insights/interviewers.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body)))
    names = [r[0] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://evil.example/\",\"x\")" in names
    assert not any(cell[:1] in "=+-@" for row in rows for cell in row if cell
                   and not cell.lstrip("-").replace(".", "", 1).isdigit())
