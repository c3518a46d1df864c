"""The command line: planning, bank lint and import, users, init and demo."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from interviewkit.cli import cli
from interviewkit.config import PROJECT_ROOT
from interviewkit.domain import catalog
from interviewkit.domain.bank import load_bank

BANK = PROJECT_ROOT / "question_bank"


@pytest.fixture(scope="module")
def shipped():
    return {q.id: q for q in load_bank(BANK)}


def run(*args, **kwargs):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)


@pytest.mark.parametrize("lane", catalog.LANE_IDS)
@pytest.mark.parametrize("level", catalog.LEVEL_IDS)
def test_plan_json_for_every_lane_and_level(lane, level, shipped):
    domain = ("--domain", "finance") if lane == "domain" else ()
    result = run("plan", "--lane", lane, "--level", level, *domain, "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert [r["round"] for r in plan["rounds"]] == list(catalog.ROUND_IDS)
    ids = [q["id"] for r in plan["rounds"] for q in r["questions"]]
    assert ids and len(ids) == len(set(ids))
    for qid in ids:
        assert lane in shipped[qid].lanes and level in shipped[qid].levels
    assert all(q["reason"] for r in plan["rounds"] for q in r["questions"])
    # Every bar requirement is met; the only warnings name what the bank lacks for the domain
    # (finance has no design or coding problem yet).
    assert plan["unmet_bar"] == []
    assert all(w.startswith("Loop: the bank has no Finance") for w in plan["warnings"])


def test_plan_text_is_readable_and_seeded():
    first = run("plan", "--lane", "llm", "--level", "senior", "--seed", "4")
    again = run("plan", "--lane", "llm", "--level", "senior", "--seed", "4")
    assert first.exit_code == 0 and first.output == again.output
    assert "1. Technical screen" in first.output and "4. Domain" in first.output
    assert "Every round covers its required signals." in first.output


def test_plan_excludes_what_the_candidate_saw(shipped):
    base = json.loads(run("plan", "--lane", "applied", "--level", "mid", "--format",
                          "json").output)
    seen = [q["id"] for q in base["rounds"][0]["questions"]]
    again = json.loads(run("plan", "--lane", "applied", "--level", "mid", "--format", "json",
                           "--exclude", ",".join(seen)).output)
    assert not set(seen) & {q["id"] for r in again["rounds"] for q in r["questions"]}


@pytest.mark.parametrize("args, listed", [
    (("--lane", "aplied", "--level", "mid"), "applied, research, llm, domain"),
    (("--lane", "applied", "--level", "principal"), "junior, mid, senior, staff"),
    (("--lane", "domain", "--level", "mid", "--domain", "space"), "fraud"),
])
def test_plan_unknown_values_exit_2_listing_valid_ones(args, listed):
    result = CliRunner().invoke(cli, ["plan", *args])
    assert result.exit_code == 2
    assert listed in result.output


def test_plan_unknown_option_exits_2():
    assert CliRunner().invoke(cli, ["plan", "--lane", "applied", "--colour", "x"]).exit_code == 2


def test_bank_lint_passes_on_shipped_bank():
    result = run("bank", "lint")
    assert result.exit_code == 0 and "no problems" in result.output


def test_bank_lint_names_file_line_and_field(tmp_path):
    shutil.copytree(BANK, tmp_path / "bank")
    path = tmp_path / "bank" / "coding.yaml"
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("minutes:"))
    lines[index] = lines[index].split("minutes:")[0] + "minutes: forty"
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(cli, ["bank", "lint", "--dir", str(tmp_path / "bank")])
    assert result.exit_code == 1
    assert f"coding.yaml:{index + 1}: minutes:" in result.output


def test_bank_lint_reports_yaml_syntax_errors(tmp_path):
    (tmp_path / "bad.yaml").write_text("questions:\n  - id: [unclosed\n")
    result = CliRunner().invoke(cli, ["bank", "lint", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and "bad.yaml:" in result.output and "(syntax)" in result.output


def test_bank_import_and_users_create_through_the_app(runner, app):
    result = runner.invoke(args=["bank", "import"])
    assert result.exit_code == 0 and "0 added" in result.output
    result = runner.invoke(args=["users", "create", "--email", "New@Example.com", "--role",
                                 "recruiter", "--name", "Nia"],
                           input="long-enough-password\nlong-enough-password\n")
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["users", "create", "--email", "new@example.com", "--role",
                                "recruiter"], input="long-enough-password\nlong-enough-password\n")
    assert again.exit_code == 2 and "already exists" in again.output


def test_bank_import_of_a_broken_bank_imports_nothing(runner, tmp_path):
    (tmp_path / "bad.yaml").write_text("questions:\n  - id: screen-x\n    round: nope\n")
    result = runner.invoke(args=["bank", "import", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and "nothing was imported" in result.output


def test_init_creates_no_demo_accounts_and_demo_is_idempotent(runner, app):
    from interviewkit.extensions import db
    from interviewkit.models import User

    assert runner.invoke(args=["init"]).exit_code == 0
    with app.app_context():
        assert db.session.execute(db.select(User)).first() is None
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert "manager@example.com" in first.output and "interviewkit-demo" in first.output
    with app.app_context():
        emails = {u.email for u in db.session.execute(db.select(User)).scalars()}
    assert {"admin@example.com", "manager@example.com", "interviewer@example.com",
            "interviewer2@example.com", "recruiter@example.com"} <= emails


def test_bank_import_refuses_to_retire_most_of_the_bank_without_allow_retire(runner, app,
                                                                           tmp_path):
    import shutil

    from interviewkit.config import PROJECT_ROOT
    from interviewkit.extensions import db
    from interviewkit.models import BankQuestion

    shutil.copy(PROJECT_ROOT / "question_bank" / "screen.yaml", tmp_path / "screen.yaml")

    def active() -> int:
        with app.app_context():
            return len(db.session.execute(
                db.select(BankQuestion.id).where(BankQuestion.active)).all())

    before = active()
    refused = runner.invoke(args=["bank", "import", "--dir", str(tmp_path)])
    assert refused.exit_code == 1 and "--allow-retire" in refused.output
    assert "Nothing was imported" in refused.output
    assert active() == before
    allowed = runner.invoke(args=["bank", "import", "--dir", str(tmp_path), "--allow-retire"])
    assert allowed.exit_code == 0, allowed.output
    assert 0 < active() < before
