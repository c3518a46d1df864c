"""The `rubric lint` and `flags` commands, driven through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from interviewkit.cli_rubrics import flags, rubric

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"
GOOD = {"round": "screen", "lane": "applied", "level": "senior",
        "notes": "AUC 0.91 on holdout. never mentioned monitoring",
        "probes": {"incident_story": "none"}, "ratings": {"fundamentals": 3},
        "evidence": {"fundamentals": "solid on leakage"}, "observed": []}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def broken_dir(tmp_path: Path) -> Path:
    target = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, target)
    path = target / "screen.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{kind: rating, criterion: production_experience, at_most: 1}",
        "{kind: rating, criterion: prod_exp, at_most: 1}"), encoding="utf-8")
    return target


def test_lint_shipped_rubrics(runner):
    result = runner.invoke(rubric, ["lint", "--dir", str(RUBRICS)])
    assert result.exit_code == 0, result.output
    assert "4 rubrics" in result.stdout and "17 flags; no problems" in result.stdout


def test_lint_reports_file_line_field(runner, broken_dir):
    result = runner.invoke(rubric, ["lint", "--dir", str(broken_dir)])
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{broken_dir / 'screen.yaml'}:")
    assert ": flag_rules[" in line and ".criterion: unknown criterion 'prod_exp'" in line


def test_lint_reads_the_directory_from_the_environment(runner, broken_dir):
    result = runner.invoke(rubric, ["lint"], env={"INTERVIEWKIT_RUBRICS_DIR": str(broken_dir)})
    assert result.exit_code == 1 and "prod_exp" in result.stdout


def test_lint_missing_directory(runner, tmp_path):
    result = runner.invoke(rubric, ["lint", "--dir", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "no such directory" in result.stderr


def test_flags_from_file(runner, tmp_path):
    path = tmp_path / "card.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    result = runner.invoke(flags, ["--scorecard", str(path), "--rubrics", str(RUBRICS)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [f["id"] for f in out["flags"]] == ["no-incident-story", "training-only"]
    assert set(out["flags"][0]) == {"id", "label", "severity", "source", "because"}
    assert out["flags"][0]["severity"] == "blocking"
    assert out["flags"][1]["source"] == "notes"
    assert '"never mentioned monitoring"' in out["flags"][1]["because"]


def test_flags_from_stdin(runner):
    result = runner.invoke(flags, ["--scorecard", "-", "--rubrics", str(RUBRICS)],
                           input=json.dumps({"round": "coding", "lane": "applied",
                                             "level": "mid"}))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"flags": []}


def test_flags_default_rubrics_from_environment(runner):
    result = runner.invoke(flags, ["--scorecard", "-"], input=json.dumps(GOOD),
                           env={"INTERVIEWKIT_RUBRICS_DIR": str(RUBRICS)})
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("payload", "field"), [
    ("{not json", "scorecard: invalid JSON"),
    ("[]", "scorecard:"),
    (json.dumps({**GOOD, "round": "lunch"}), "round: unknown round 'lunch'"),
    (json.dumps({**GOOD, "observed": ["no-vibes"]}), "observed[0]: unknown flag 'no-vibes'"),
    (json.dumps({**GOOD, "probes": {"incident_story": "maybe"}}), "probes.incident_story"),
    (json.dumps({**GOOD, "ratings": {"fundamentals": 9}}), "ratings.fundamentals"),
    (json.dumps({**GOOD, "ratings": {"charm": 2}}), "ratings.charm: unknown criterion"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "level"}), "level: missing"),
    (json.dumps({**GOOD, "mood": "sunny"}), "mood: unknown field"),
])
def test_bad_input_exits_2_naming_the_field(runner, payload, field):
    result = runner.invoke(flags, ["--scorecard", "-", "--rubrics", str(RUBRICS)],
                           input=payload)
    assert result.exit_code == 2
    assert field in result.stderr
    assert result.stdout == ""


def test_flags_with_broken_rubrics_exits_1(runner, broken_dir):
    result = runner.invoke(flags, ["--scorecard", "-", "--rubrics", str(broken_dir)],
                           input=json.dumps(GOOD))
    assert result.exit_code == 1 and "prod_exp" in result.stderr
