"""`interviewkit loops import FILE --owner EMAIL`: all or nothing, problems as FILE:LINE."""

from __future__ import annotations

import pytest

from interviewkit.extensions import db
from interviewkit.models import Loop

pytestmark = pytest.mark.db

CSV = ("name,email,role,lane,level,domain\n"
       "Aiyana Okafor,aiyana@example.net,Senior ML Engineer,applied,senior,\n"
       "Bo Lindqvist,bo@example.net,ML Engineer,domain,mid,fraud\n")


def _loops(app) -> list[Loop]:
    with app.app_context():
        return list(db.session.execute(db.select(Loop).order_by(Loop.id)).scalars())


def test_the_cli_imports_for_the_owner_and_still_lists(app, runner, make_user, tmp_path):
    manager = make_user("hiring_manager", email="importer@example.org")
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8")
    dry = runner.invoke(args=["loops", "import", str(path), "--owner", "importer@example.org",
                              "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 loop(s) would be created" in dry.output and _loops(app) == []

    done = runner.invoke(args=["loops", "import", str(path), "--owner",
                               "importer@example.org"])
    assert done.exit_code == 0, done.output
    assert "Created 2 draft loops owned by importer@example.org." in done.output
    loops = _loops(app)
    assert [(loop.candidate_email, loop.owner_id) for loop in loops] == [
        ("aiyana@example.net", manager.id), ("bo@example.net", manager.id)]
    assert f"{path}:3: loop {loops[1].id} for Bo Lindqvist" in done.output

    listed = runner.invoke(args=["loops", "--status", "draft"])
    assert listed.exit_code == 0 and "Aiyana Okafor" in listed.output


def test_problems_are_printed_by_file_and_line_and_nothing_is_created(app, runner, make_user,
                                                                      tmp_path):
    make_user("hiring_manager", email="importer@example.org")
    path = tmp_path / "bad.csv"
    path.write_text(CSV + "Cy,cy@example,MLE,applied,principal,\n", encoding="utf-8")
    result = runner.invoke(args=["loops", "import", str(path), "--owner",
                                 "importer@example.org"])
    assert result.exit_code == 1
    assert f"{path}:4: column 'email': 'cy@example' is not an email address" in result.output
    assert f"{path}:4: column 'level': 'principal' is not a level" in result.output
    assert "2 problem(s); nothing was imported." in result.output
    assert _loops(app) == []


def test_the_owner_must_be_an_active_hiring_manager(runner, make_user, tmp_path):
    make_user("recruiter", email="recruiter@example.org")
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8")
    for email in ("recruiter@example.org", "nobody@example.org"):
        result = runner.invoke(args=["loops", "import", str(path), "--owner", email])
        assert result.exit_code == 2 and "no active hiring manager" in result.output
