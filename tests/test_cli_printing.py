"""`interviewkit loops`, `packet` and `kit`: list loops and print PDFs from the command line."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from interviewkit.cli_printing import kit, loops, packet
from interviewkit.extensions import db
from tests.factories import LoopFactory, UserFactory
from tests.pdf.helpers import all_text, page_sizes
from tests.web.printing_world import printable_loop

pytestmark = pytest.mark.db


@pytest.fixture
def loop_ids(app):
    with app.app_context():
        owner = UserFactory(role="hiring_manager")
        panel = [UserFactory(role="interviewer", name="Ana Lima")]
        first = printable_loop(owner, panel, "Zoë Ångström", datetime(2026, 3, 2, 9))
        second = LoopFactory(owner=owner, candidate_name="Bo Draft", lane="llm", level="staff")
        db.session.commit()
        return first.id, second.id


def test_loops_lists_id_candidate_lane_level_status(runner, loop_ids):
    result = runner.invoke(loops, [])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "Candidate", "Lane", "Level", "Status"]
    assert any(line.split()[:1] == [str(loop_ids[1])] and "Bo Draft" in line
               and "LLM / GenAI" in line and "Staff" in line and "Draft" in line
               for line in lines)
    assert any("Zoë Ångström" in line for line in lines)


def test_loops_filters_by_status_and_speaks_json(runner, loop_ids):
    result = runner.invoke(loops, ["--status", "draft", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows == [{"id": loop_ids[1], "candidate": "Bo Draft", "lane": "llm",
                     "level": "staff", "status": "draft"}]
    assert runner.invoke(loops, ["--status", "decided"]).output.strip() == \
        "No loops in status decided."
    assert runner.invoke(loops, ["--status", "nonsense"]).exit_code == 2


def test_packet_writes_the_pdf(runner, loop_ids, tmp_path):
    out = tmp_path / "packet.pdf"
    result = runner.invoke(packet, [str(loop_ids[0]), "--out", str(out), "--paper", "letter"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert page_sizes(data) == {(612, 792)}
    assert "Zoë Ångström" in all_text(data)
    assert f"Wrote {out}" in result.output


def test_packet_defaults_to_a_safe_name_in_the_current_folder(runner, loop_ids, tmp_path,
                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(packet, [str(loop_ids[0])])
    assert result.exit_code == 0, result.output
    written = tmp_path / f"debrief-packet-loop-{loop_ids[0]}.pdf"
    assert page_sizes(written.read_bytes()) == {(595, 842)}


def test_packet_of_an_unknown_loop_exits_2(runner, loop_ids, tmp_path):
    result = runner.invoke(packet, ["999999", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "no loop 999999" in result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("which", ["coding", "3"])
def test_kit_by_round_name_or_number(runner, loop_ids, tmp_path, which):
    out = tmp_path / "kit.pdf"
    result = runner.invoke(kit, [str(loop_ids[0]), which, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = all_text(out.read_bytes())
    assert "Production-style coding" in text and "Rubric at senior" in text


def test_kit_of_an_unknown_round_or_loop_exits_2(runner, loop_ids, tmp_path):
    result = runner.invoke(kit, [str(loop_ids[0]), "lunch", "--out", str(tmp_path / "k.pdf")])
    assert result.exit_code == 2
    assert "has no round 'lunch'" in result.output and "screen" in result.output
    result = runner.invoke(kit, ["999999", "coding"])
    assert result.exit_code == 2 and "no loop 999999" in result.output
