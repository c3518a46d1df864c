"""One vocabulary (issue 14 item 13): the plan names signals in its rounds' rubric words."""

from __future__ import annotations

from pathlib import Path

from interviewkit.domain import catalog
from interviewkit.domain.bank import Question
from interviewkit.domain.planner import explain
from interviewkit.domain.rubric import load_rubric_set

RUBRICS = load_rubric_set(Path(__file__).resolve().parents[2] / "rubrics")


def criterion_names(round_id: str, lane: str | None = None) -> set[str]:
    return {c.name for c in RUBRICS.for_round(round_id, lane).criteria}


def test_every_round_name_for_a_signal_is_a_criterion_of_that_rounds_rubric():
    for round_id, names in catalog.ROUND_SIGNAL_NAMES.items():
        for signal, name in names.items():
            assert signal in catalog.SIGNAL_IDS, signal
            assert name in criterion_names(round_id), (round_id, signal, name)


def test_every_required_signal_is_named_as_its_rubric_names_it():
    for round_id in catalog.ROUND_IDS:
        for lane in catalog.LANE_IDS:
            for level in catalog.ids(catalog.LEVELS):
                for signal in catalog.required_signals(round_id, lane, level):
                    name = catalog.signal_name(signal, round_id)
                    assert name in criterion_names(round_id, lane), (
                        round_id, lane, level, signal)


def test_the_screen_speaks_of_project_ownership_and_production_experience():
    names = catalog.signal_names(catalog.required_signals("screen", "applied", "senior"),
                                 "screen")
    assert names == ("ML fundamentals", "Project ownership", "Production experience")
    # Outside a round (or for an unmapped signal) the catalogue's own name stands.
    assert catalog.signal_name("ownership") == "Ownership"


def question(signals: tuple[str, ...]) -> Question:
    return Question(id="q-1", title="Explaining a flat metric to a leader", prompt="…",
                    round="screen", lanes=frozenset({"applied"}),
                    levels=frozenset({"senior"}), signals=signals, minutes=10,
                    strong_answer="…", weak_answer="…")


def test_a_communication_question_is_explained_as_one():
    planned = explain(question(("fundamentals", "evaluation", "collaboration")),
                      required=("fundamentals", "ownership"), covered_before=set(), usage=0,
                      domain=None, round_id="screen")
    assert planned.reason == ("Asks about ML fundamentals, evaluation and communication; "
                              "fills the round's ML fundamentals requirement; never used "
                              "before.")


def test_two_signals_under_one_criterion_are_named_once():
    planned = explain(question(("production", "incident_response")),
                      required=("incident_response",), covered_before=set(), usage=2,
                      domain=None, round_id="screen")
    assert planned.reason == ("Asks about production experience; fills the round's "
                              "production experience requirement; used in 2 earlier loops.")
