"""The notes reader: a trained model shipped as JSON weights and scored in plain Python."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from interviewkit.cli_rubrics import flags as flags_command
from interviewkit.domain.flags import ScorecardInput, raise_flags, split_clauses
from interviewkit.domain.flags.reader import (
    MODEL_FILE,
    MODEL_FORMAT,
    NotesReader,
    clause_features,
    shipped_reader,
)
from interviewkit.domain.rubric import load_rubric_set

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = ROOT / "rubrics"


@pytest.fixture(scope="module")
def rubric_set():
    return load_rubric_set(RUBRICS)


def toy_reader(threshold: float = 0.5) -> NotesReader:
    """A reader that believes 'kubeflow' and 'called' speak for name-dropping."""
    return NotesReader.from_json({
        "format": MODEL_FORMAT, "info": {},
        "flags": {"framework-name-dropping": {
            "bias": -3.0, "threshold": threshold,
            "weights": {"w:kubeflow": 40.0, "w:length": 20.0, "w:strong": -25.0}}}})


def card(notes: str, round_id: str = "screen", lane: str = "applied",
         level: str = "senior") -> ScorecardInput:
    return ScorecardInput(round=round_id, lane=lane, level=level, notes=notes)


def test_the_reader_needs_no_ml_library_or_pickle_at_run_time():
    source = (ROOT / "interviewkit" / "domain" / "flags" / "reader.py").read_text()
    imported = {alias.name.split(".")[0] for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.ImportFrom)}
    assert not imported & {"sklearn", "numpy", "scipy", "pickle", "joblib", "torch"}


def test_the_shipped_model_is_small_json_with_how_to_rebuild_it():
    assert MODEL_FILE.is_file()
    assert MODEL_FILE.stat().st_size < 3_000_000
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["format"] == MODEL_FORMAT
    assert data["info"]["rebuild"] == "interviewkit flags train"
    assert len(data["info"]["writers"]) >= 5
    reader = shipped_reader()
    assert reader is not None and set(reader.flags) <= set(load_rubric_set(RUBRICS).flags)


def test_negated_words_are_features_of_their_own():
    (clause,) = split_clauses("no idea what called what", "notes")
    features = clause_features(clause)
    assert {"w:called", "n:called", "n:what"} <= features
    (plain,) = split_clauses("explained what called what", "notes")
    assert "n:called" not in clause_features(plain)


def test_a_proposal_quotes_its_best_clause_exactly_as_written(rubric_set):
    notes = "Strong on serving. Spoke about \u201cKubeflow\u201d at LENGTH, Ray too."
    assert raise_flags(rubric_set, card(notes), reader=None) == ()  # no rule reads this
    (flag,) = raise_flags(rubric_set, card(notes), reader=toy_reader())
    assert flag.id == "framework-name-dropping" and flag.source == "notes"
    assert flag.because.startswith(
        'notes: "Spoke about \u201cKubeflow\u201d at LENGTH, Ray too"')
    assert "notes reader" in flag.because and "notes-reader" in flag.rule


def test_the_reader_quotes_evidence_by_criterion_name_never_its_key(rubric_set):
    scorecard = ScorecardInput(round="screen", lane="applied", level="senior",
                               evidence={"production_experience": "Talked Kubeflow at length."})
    (flag,) = raise_flags(rubric_set, scorecard, reader=toy_reader())
    assert flag.source == "evidence"
    assert flag.because.startswith(
        'evidence for "Production experience": "Talked Kubeflow at length"')
    assert "evidence[" not in flag.because and "production_experience" not in flag.because


def test_the_reader_proposes_only_above_its_threshold_and_where_the_flag_applies(rubric_set):
    notes = "spoke about kubeflow"
    assert raise_flags(rubric_set, card(notes), reader=toy_reader(threshold=0.999)) == ()
    assert [f.id for f in raise_flags(rubric_set, card(notes), reader=toy_reader())] == \
        ["framework-name-dropping"]
    # A flag the lane leaves out (no-eval-harness is for the LLM lane) is never proposed.
    llm_only = NotesReader.from_json({"format": MODEL_FORMAT, "info": {}, "flags": {
        "no-eval-harness": {"bias": 5.0, "threshold": 0.5, "weights": {}}}})
    assert raise_flags(rubric_set, card(notes), reader=llm_only) == ()
    assert [f.id for f in raise_flags(rubric_set, card(notes, lane="llm"), reader=llm_only)] \
        == ["no-eval-harness"]
    empty = NotesReader.from_json({"format": MODEL_FORMAT, "info": {}, "flags": {}})
    assert raise_flags(rubric_set, card(notes), reader=empty) == ()


def test_rules_alone_when_no_reader_is_given(rubric_set):
    assert raise_flags(rubric_set, card("named kubeflow"), reader=None) == ()


def test_a_malformed_model_is_refused():
    with pytest.raises(ValueError, match="format"):
        NotesReader.from_json({"format": 99, "flags": {}})


def test_the_shipped_reader_adds_to_the_rules_and_never_takes_away(rubric_set):
    from interviewkit.flags_training import load_corpus

    cases = load_corpus([ROOT / "tests" / "data" / "flag_corpus" / "writers"])[::15]
    assert len(cases) >= 40
    rules_hits = reader_hits = 0
    for case in cases:
        rules = {f.id for f in raise_flags(rubric_set, case.scorecard, reader=None)}
        both = {f.id: f for f in raise_flags(rubric_set, case.scorecard)}
        assert rules <= set(both)
        rules_hits += len(case.must & rules)
        reader_hits += len(case.must & set(both))
        for flag in both.values():
            # Every reason quotes words that are in the notes as written.
            quoted = flag.because.split('"')[1].rstrip("\u2026")
            assert quoted in case.scorecard.notes.replace("\n", " ") or \
                quoted in case.scorecard.notes, (flag.id, flag.because)
    assert reader_hits > rules_hits


# -- the evaluate command ---------------------------------------------------------------------

def write_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "notes.jsonl"
    rows = [
        {"id": "a", "round": "screen", "lane": "applied", "level": "senior",
         "notes": "never had a production incident; models just worked.",
         "must": ["no-incident-story"], "must_not": []},
        {"id": "b", "round": "screen", "lane": "applied", "level": "senior",
         "notes": "incident: p99 blew up after a numpy bump, found via alert, pinned and "
                  "added a canary.", "must": [], "must_not": ["no-incident-story"]},
        {"id": "c", "round": "screen", "lane": "applied", "level": "senior",
         "notes": "talked about the weather.", "must": ["solo-framing"], "must_not": []},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_evaluate_prints_per_flag_figures_and_the_summary_line(tmp_path):
    result = CliRunner().invoke(flags_command, ["evaluate", "--corpus",
                                                str(write_corpus(tmp_path)), "--rules-only",
                                                "--rubrics", str(RUBRICS)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "3 notes from 1 writers"
    by_flag = {line.split()[0]: line.split() for line in lines[2:-1]}
    # no-incident-story: raised on a, not on b; solo-framing missed on c.
    assert by_flag["no-incident-story"][1:4] == ["1", "0", "0"]
    assert by_flag["solo-framing"][1:3] == ["0", "1"]
    recall, precision = 1 / 2, 1.0
    assert lines[-1].startswith(f"recall {recall:.2f} precision {precision:.2f} false-flag ")


def test_evaluate_rejects_a_malformed_corpus(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "round": "screen"}\n', encoding="utf-8")
    result = CliRunner().invoke(flags_command, ["evaluate", "--corpus", str(path)])
    assert result.exit_code == 2 and "bad.jsonl:1" in result.stderr


def test_flags_without_a_scorecard_or_subcommand_is_a_usage_error():
    result = CliRunner().invoke(flags_command, [])
    assert result.exit_code == 2 and "--scorecard" in result.stderr


def test_train_writes_a_model_the_reader_loads(tmp_path):
    pytest.importorskip("sklearn")
    out = tmp_path / "model.json"
    corpus = ROOT / "tests" / "data" / "flag_corpus" / "heldout.yaml"
    result = CliRunner().invoke(flags_command, ["train", "--corpus", str(corpus),
                                                "--corpus", str(ROOT / "tests" / "data" /
                                                                "flag_corpus" / "dev.yaml"),
                                                "--out", str(out), "--rubrics", str(RUBRICS)])
    assert result.exit_code == 0, result.output
    reader = NotesReader.from_json(json.loads(out.read_text(encoding="utf-8")))
    assert reader.flags and all(0 < m.threshold < 1 for m in reader.flags.values())
