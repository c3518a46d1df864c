"""Importing candidates on the web: upload, preview every line, then create the draft loops
(all or nothing), owned by the manager who uploaded them."""

from __future__ import annotations

import base64
import io
import re

import pytest

from interviewkit.extensions import db
from interviewkit.models import Loop
from tests.conftest import sign_in

pytestmark = pytest.mark.db

CSV = ("name;email;role;lane;level;domain;Source\r\n"
       '"Okafor; Aiyana";aiyana@example.net;Senior ML Engineer;Applied ML / production;'
       "Senior;;LinkedIn\r\n"
       "Bo Lindqvist;bo@example.net;ML Engineer (Fraud);domain;mid;Fraud / AML;Referral\r\n")


def _upload(client, text: str | bytes, name: str = "export.csv"):
    data = text.encode("utf-8-sig") if isinstance(text, str) else text
    return client.post("/loops/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _loops(app) -> list[Loop]:
    with app.app_context():
        return list(db.session.execute(db.select(Loop).order_by(Loop.id)).scalars())


def test_upload_preview_then_create_draft_loops(app, client, make_user):
    manager = make_user("hiring_manager")
    sign_in(client, manager)
    start = client.get("/loops/import")
    assert start.status_code == 200 and 'enctype="multipart/form-data"' in start.text
    assert 'href="/loops/import"' in client.get("/loops/").text

    preview = _upload(client, CSV)
    assert preview.status_code == 200
    assert "2 candidates ready to import" in preview.text
    assert "Okafor; Aiyana" in preview.text and "Fraud / AML" in preview.text
    assert "Columns not used: Source." in preview.text
    assert _loops(app) == []  # a preview creates nothing
    carried = re.search(r'name="csv_text" type="hidden" value="([^"]+)"', preview.text).group(1)
    assert base64.b64decode(carried) == CSV.encode("utf-8-sig")  # the exact bytes

    created = client.post("/loops/import/create", data={"csv_text": carried})
    assert created.headers["Location"].endswith("/loops/?status=draft")
    loops = _loops(app)
    assert [(loop.candidate_name, loop.lane, loop.level, loop.domain, loop.owner_id)
            for loop in loops] == [
        ("Okafor; Aiyana", "applied", "senior", None, manager.id),
        ("Bo Lindqvist", "domain", "mid", "fraud", manager.id)]
    listing = client.get("/loops/?status=draft").text
    assert "Created 2 draft loops" in listing and "Bo Lindqvist" in listing
    with app.app_context():
        assert all(r.questions for loop in loops
                   for r in db.session.get(Loop, loop.id).rounds)

    # The same file again: each line says a loop is already open for that candidate.
    again = _upload(client, CSV)
    assert again.text.count("You already have loop #") == 2


def test_a_bad_file_lists_every_problem_by_line_and_column_and_creates_nothing(app, client,
                                                                              make_user):
    sign_in(client, make_user("hiring_manager"))
    bad = CSV + "Cy;cy@example;MLE;applied;principal;;\r\n;dee@example.net;MLE;llm;mid;;\r\n"
    page = _upload(client, bad)
    assert page.status_code == 422
    assert "Nothing was imported: 3 problems in the file" in page.text
    rows = re.findall(r"<tr><td>(\d+)</td>\s*<td>([^<]+)</td>", page.text)
    assert rows == [("4", "email"), ("4", "level"), ("5", "name")]
    assert "csv_text" not in page.text  # no way to confirm a file with problems
    assert _loops(app) == []


def test_a_tampered_confirmation_is_checked_again(app, client, make_user):
    sign_in(client, make_user("hiring_manager"))
    broken = base64.b64encode(b"name,email\nAna,ana@example.net\n").decode()
    page = client.post("/loops/import/create", data={"csv_text": broken})
    assert page.status_code == 422 and "no lane column" in page.text
    assert client.post("/loops/import/create", data={"csv_text": "%%%"}).status_code == 400
    assert _loops(app) == []


def test_no_file_is_a_form_error(client, make_user):
    sign_in(client, make_user("hiring_manager"))
    page = client.post("/loops/import", data={}, content_type="multipart/form-data")
    assert page.status_code == 400 and "Choose the CSV file to import." in page.text


@pytest.mark.parametrize("role", ["recruiter", "admin", "interviewer"])
def test_only_hiring_managers_import(app, client, make_user, role):
    sign_in(client, make_user(role))
    assert client.get("/loops/import").status_code == 404
    assert _upload(client, CSV).status_code == 404
    assert _loops(app) == []
