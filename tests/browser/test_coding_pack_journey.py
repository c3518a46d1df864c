"""An interviewer opens a coding round's kit, reads the key, and downloads the candidate pack."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from interviewkit.config import PROJECT_ROOT
from interviewkit.extensions import db
from interviewkit.models import BankQuestion, Loop, LoopQuestion
from interviewkit.services.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import shot, sign_in_page

QID = "coding-predict-endpoint-validation"
MATERIALS = PROJECT_ROOT / "question_bank" / "coding" / QID


@pytest.fixture
def coding_round(app):
    with app.app_context():
        seed_demo()
        loop = db.session.execute(db.select(Loop).where(
            Loop.candidate_email == "daniel.okafor@example.net")).scalar_one()
        loop_round = loop.round("coding")
        question = db.session.get(BankQuestion, QID)
        loop_round.questions = [LoopQuestion(question_id=QID, question_version=question.version,
                                             position=0, minutes=40, reason="browser test")]
        db.session.commit()
        return loop_round.id


def test_interviewer_downloads_the_candidate_pack_from_the_kit(
        app, live_server, desktop, coding_round, tmp_path):
    desktop.set_default_timeout(20_000)
    page = desktop.new_page()
    sign_in_page(page, live_server, "interviewer@example.com", DEMO_PASSWORD)
    page.goto(f"{live_server}/interviews/rounds/{coding_round}")
    expect(page.get_by_role("heading", name=re.compile("Daniel Okafor"))).to_be_visible()
    expect(page.get_by_text("AI assistant: Allowed and narrated")).to_be_visible()

    key = page.locator("details.answer-key")
    expect(key.get_by_text("What is planted")).to_be_hidden()  # collapsed until asked
    key.locator("summary").click()
    expect(key.get_by_text("What is planted")).to_be_visible()
    shot(page, "coding-kit-answer-key-open")

    # The first download runs generate.py (fits the model): allow for a busy machine.
    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_role("link", name="Candidate pack (zip)").click()
    download = download_info.value
    assert download.suggested_filename == f"{QID}.zip"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert_pack_is_what_the_candidate_needs(target, tmp_path / "unzipped")


def assert_pack_is_what_the_candidate_needs(zip_path, into):
    """Unzip a pack: README, data and visible tests are there; nothing of the key is."""
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    root = into / QID
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert {"README.md", "app.py", "sample_requests.json", "model_card.json",
            "churn_model.joblib", "requirements.txt", "tests/test_app.py"} <= files
    assert {p.split("/")[0] for p in files} <= {
        "README.md", "app.py", "sample_requests.json", "model_card.json", "churn_model.joblib",
        "requirements.txt", "tests"}
    key_texts = [p.read_bytes() for p in (MATERIALS / "interviewer").rglob("*") if p.is_file()]
    for path in root.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert content not in key_texts, path
            assert b"What is planted" not in content and b"hidden_tests" not in content
    assert not any(name in files for name in ("schema.py", "ANSWER_KEY.md", "pack.yaml"))
