"""`interviewkit plan` intake flags and `interviewkit plan audit` (issue 9)."""

from __future__ import annotations

import json
import re
import textwrap

from click.testing import CliRunner

from interviewkit.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_plan_takes_the_intake_flags_and_names_the_target():
    result = run("plan", "--lane", "applied", "--level", "senior", "--deployment-target",
                 "batch", "--work-type", "keeping_alive", "--platform-team", "no",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert (plan["deployment_target"], plan["work_type"], plan["platform_team"]) == (
        "batch", "keeping_alive", False)
    reasons = " ".join(q["reason"] for r in plan["rounds"] for q in r["questions"])
    assert "fits a batch target" in reasons.lower()


def test_plan_refuses_an_unknown_target_and_needs_lane_and_level():
    bad = run("plan", "--lane", "applied", "--level", "mid", "--deployment-target", "mars")
    assert bad.exit_code == 2 and "batch" in bad.output
    missing = run("plan", "--level", "mid")
    assert missing.exit_code == 2 and "--lane" in missing.output


BANK = textwrap.dedent("""\
    questions:
      - id: screen-one
        title: One
        prompt: p
        round: screen
        concept: same
        lanes: [applied]
        levels: [mid]
        signals: [fundamentals, ownership]
        minutes: 10
        strong_answer: s
        weak_answer: w
    """)


def test_audit_reports_findings_with_ids_and_exits_non_zero(tmp_path):
    (tmp_path / "bank.yaml").write_text(BANK)
    result = run("plan", "audit", "--seeds", "1", "--bank", str(tmp_path), "--limit", "5")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert re.match(r"plan audit FAIL: 512 plans, \d+ findings \(0 concept-repeat, "
                    r"\d+ uncovered-bar, 0 domain-leak", lines[-1])
    assert lines[0].startswith("uncovered-bar: applied/junior/-/batch/seed 0: nothing tests")
