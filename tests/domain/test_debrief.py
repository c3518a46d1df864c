"""build_debrief: the matrix, tallies, flags, disagreements, level signal and missing cards."""

from __future__ import annotations

import pytest

from interviewkit.config import PROJECT_ROOT
from interviewkit.domain.debrief import (
    LevelSignal,
    LoopFacts,
    RoundFacts,
    ScorecardFacts,
    build_debrief,
    level_signal,
)
from interviewkit.domain.rubric import load_rubric_set
from interviewkit.domain.scorecard import ScorecardContent, raise_for, settle


@pytest.fixture(scope="module")
def rubrics():
    return load_rubric_set(PROJECT_ROOT / "rubrics")


def loop_facts(level: str = "senior", lane: str = "applied") -> LoopFacts:
    return LoopFacts(id=1, candidate_name="Zoë Lefèvre", candidate_email="zoe@example.net",
                     role_title="ML Engineer", lane=lane, level=level, domain=None,
                     status="awaiting_debrief")


def rounds(panel: dict[str, tuple[str, ...]] | None = None) -> list[RoundFacts]:
    panel = panel or {}
    kinds = ("deep_dive", "screen", "coding", "system_design")  # out of order on purpose
    return [RoundFacts(round=k, minutes=60, scheduled_at=None,
                       interviewers=panel.get(k, ("Iris",))) for k in kinds]


def card(rubrics, round_id: str, who: str, rating: int | None = 3, *, card_id: int = 1,
         status: str = "submitted", notes: str = "", recommendation: str | None = "yes",
         overrides: dict | None = None, level: str = "senior", **extra) -> ScorecardFacts:
    """Return a scorecard as submitting records it: content plus the flags it settled."""
    criteria = [c.id for c in rubrics.for_round(round_id).criteria]
    ratings = {c: rating for c in criteria}
    ratings.update(overrides or {})
    content = ScorecardContent(ratings=ratings,
                               evidence={c: f"{who} saw {c}" for c in criteria},
                               notes=notes, recommendation=recommendation, **extra)
    settled = settle(raise_for(rubrics, round_id, "applied", level, content), content)
    return ScorecardFacts(id=card_id, round=round_id, interviewer=who, status=status,
                          content=content, settled=settled)


def test_rounds_come_in_loop_order_and_drafts_are_ignored(rubrics):
    cards = [card(rubrics, "screen", "Iris", card_id=1),
             card(rubrics, "coding", "Iris", card_id=2, status="draft", notes="DRAFT")]
    debrief = build_debrief(loop_facts(), rounds(), cards, rubrics)
    assert [r.round for r in debrief.rounds] == ["screen", "system_design", "coding",
                                                 "deep_dive"]
    assert debrief.submitted_count == 1
    assert debrief.missing == (("system_design", "Iris"), ("coding", "Iris"),
                               ("deep_dive", "Iris"))
    assert debrief.rounds[2].awaiting == ("Iris",) and debrief.rounds[2].awaiting_scorecard


def test_ratings_carry_the_anchor_at_the_candidates_level_and_the_evidence(rubrics):
    first = rubrics.for_round("screen").criteria[0]
    cards = [card(rubrics, "screen", "Iris", 2, overrides={first.id: 4})]
    debrief = build_debrief(loop_facts("mid"), rounds(), cards, rubrics)
    rating = debrief.rounds[0].scorecards[0].rating(first.id)
    assert rating.value == 4
    assert rating.anchor == first.anchor("mid", 4) != first.anchor("senior", 4)
    assert rating.evidence == f"Iris saw {first.id}"


def test_no_signal_is_told_apart_from_not_rated(rubrics):
    criteria = [c.id for c in rubrics.for_round("screen").criteria]
    facts = ScorecardFacts(id=1, round="screen", interviewer="Iris", status="submitted",
                           content=ScorecardContent(ratings={criteria[0]: None,
                                                             criteria[1]: 3}))
    summary = build_debrief(loop_facts(), rounds(), [facts], rubrics).rounds[0].scorecards[0]
    assert summary.rating(criteria[0]).no_signal is True
    assert summary.rating(criteria[0]).anchor == ""
    assert summary.rating(criteria[2]).no_signal is False
    assert summary.rating(criteria[2]).value is None


def test_recommendations_and_their_tally(rubrics):
    panel = {"system_design": ("Iris", "Ravi")}
    cards = [card(rubrics, "system_design", "Iris", card_id=1, recommendation="strong_yes"),
             card(rubrics, "system_design", "Ravi", card_id=2, recommendation="no"),
             card(rubrics, "screen", "Iris", card_id=3, recommendation="no"),
             card(rubrics, "coding", "Iris", card_id=4, recommendation=None)]
    debrief = build_debrief(loop_facts(), rounds(panel), cards, rubrics)
    assert debrief.tally == {"strong_no": 0, "no": 2, "yes": 0, "strong_yes": 1}
    assert ("system_design", "Ravi", "no") in debrief.recommendations
    assert len(debrief.recommendations) == 3


def test_a_two_point_gap_on_one_criterion_within_a_round_is_a_disagreement(rubrics):
    criterion = rubrics.for_round("system_design").criteria[0].id
    other = rubrics.for_round("system_design").criteria[1].id
    panel = {"system_design": ("Iris", "Ravi")}
    cards = [card(rubrics, "system_design", "Iris", 3, card_id=1, overrides={criterion: 4}),
             card(rubrics, "system_design", "Ravi", 3, card_id=2,
                  overrides={criterion: 2, other: 2})]
    debrief = build_debrief(loop_facts(), rounds(panel), cards, rubrics)
    assert len(debrief.disagreements) == 1  # the 1-point gap on `other` is not one
    found = debrief.disagreements[0]
    assert (found.round, found.criterion_id, found.low, found.high, found.gap) == (
        "system_design", criterion, ("Ravi", 2), ("Iris", 4), 2)


def test_ratings_in_different_rounds_never_disagree(rubrics):
    cards = [card(rubrics, "screen", "Iris", 1, card_id=1),
             card(rubrics, "coding", "Iris", 4, card_id=2)]
    assert build_debrief(loop_facts(), rounds(), cards, rubrics).disagreements == ()


def test_no_signal_does_not_count_as_a_disagreement(rubrics):
    criterion = rubrics.for_round("coding").criteria[0].id
    panel = {"coding": ("Iris", "Ravi")}
    cards = [card(rubrics, "coding", "Iris", 3, card_id=1, overrides={criterion: None}),
             card(rubrics, "coding", "Ravi", 3, card_id=2, overrides={criterion: 1})]
    assert build_debrief(loop_facts(), rounds(panel), cards, rubrics).disagreements == ()


def test_flags_are_grouped_by_severity_with_who_raised_them_and_why(rubrics):
    notes = ("Asked for a production incident she owned: could not give one. "
             "No incident story.")
    cards = [card(rubrics, "screen", "Iris", card_id=1, notes=notes,
                  observed=("solo-framing",))]
    debrief = build_debrief(loop_facts("senior"), rounds(), cards, rubrics)
    blocking = {f.id: f for f in debrief.flags["blocking"]}
    assert "no-incident-story" in blocking
    assert blocking["no-incident-story"].raised_by == "Iris"
    assert "incident" in blocking["no-incident-story"].because
    ticked = next(f for sev in debrief.flags.values() for f in sev if f.id == "solo-framing")
    assert ticked.source == "interviewer" and ticked.severity == "concern"
    assert list(debrief.flags) == ["blocking", "concern", "info"]
    assert debrief.flag_count == sum(len(v) for v in debrief.flags.values())


def test_a_dismissed_proposal_leaves_the_flags_and_keeps_its_reason(rubrics):
    notes = "No incident story; could not name a production failure."
    decision = {"no-incident-story": {"decision": "dismissed", "because": "x",
                                      "reason": "Told one in the deep dive instead."}}
    cards = [card(rubrics, "screen", "Iris", card_id=1, notes=notes, flag_decisions=decision)]
    debrief = build_debrief(loop_facts("senior"), rounds(), cards, rubrics)
    assert all(f.id != "no-incident-story" for sev in debrief.flags.values() for f in sev)
    (dismissed,) = debrief.dismissed
    assert (dismissed.id, dismissed.dismissed_by, dismissed.reason) == (
        "no-incident-story", "Iris", "Told one in the deep dive instead.")


def test_a_flag_the_interviewer_ticked_cannot_be_dismissed_away(rubrics):
    decision = {"solo-framing": {"decision": "dismissed", "reason": "?", "because": ""}}
    cards = [card(rubrics, "screen", "Iris", card_id=1, observed=("solo-framing",),
                  flag_decisions=decision)]
    debrief = build_debrief(loop_facts("senior"), rounds(), cards, rubrics)
    assert any(f.id == "solo-framing" for f in debrief.flags["concern"])
    assert debrief.dismissed == ()


def test_a_blocking_flag_points_a_senior_to_mid(rubrics):
    notes = "No incident story; could not name a production failure."
    cards = [card(rubrics, "screen", "Iris", 3, card_id=1, notes=notes)]
    signal = build_debrief(loop_facts("senior"), rounds(), cards, rubrics).level_signal
    assert signal.differs and signal.suggested == "mid"
    # One of the four rounds is in: the signal says how little it rests on (item 9).
    assert signal.text == "Evidence points to mid-level, not senior, from 1 of 4 scorecards."
    assert (signal.scorecards, signal.expected) == (1, 4)
    assert any("blocking at senior" in reason for reason in signal.reasons)


def test_low_ratings_point_a_level_down(rubrics):
    signal = level_signal("mid", [], [1, 2, 1, 2], rubrics)
    assert signal.suggested == "junior" and "below the bar" in signal.reasons[0]


def test_strong_ratings_without_concerns_point_a_level_up(rubrics):
    signal = level_signal("mid", [], [4] * 7 + [3], rubrics)
    assert signal.suggested == "senior"
    assert level_signal("mid", [], [4] * 4, rubrics).suggested == "mid"  # too little evidence
    assert level_signal("staff", [], [4] * 12, rubrics).suggested == "staff"


def test_a_junior_is_never_pointed_below_junior(rubrics):
    assert level_signal("junior", [], [1] * 8, rubrics).suggested == "junior"


def test_no_evidence_no_signal(rubrics):
    assert level_signal("senior", [], [], rubrics) is None
    assert build_debrief(loop_facts(), rounds(), [], rubrics).level_signal is None


def test_consistent_evidence_says_so():
    assert LevelSignal("mid", "mid", ()).text == "Evidence is consistent with mid-level."
    assert LevelSignal("senior", "senior", (), 1, 5).text == (
        "Evidence is consistent with senior, from 1 of 5 scorecards.")
    assert LevelSignal("senior", "senior", (), 1, 1).text == (
        "Evidence is consistent with senior, from 1 of 1 scorecard.")


def test_the_level_signal_weighs_a_flag_as_the_loops_lane_does(rubrics):
    """No incident story blocks a senior in the applied lane but is only a concern for a
    research senior (the flag's lane severity), so only the first is pointed a level down."""
    from interviewkit.domain.debrief import DebriefFlag

    flag = DebriefFlag("no-incident-story", "No production incident story", "concern",
                       "notes", "", "screen", "Iris")
    applied = level_signal("senior", [flag], [3] * 8, rubrics, lane="applied")
    research = level_signal("senior", [flag], [3] * 8, rubrics, lane="research")
    assert applied.suggested == "mid" and "blocking at senior" in applied.reasons[0]
    assert research.suggested == "senior" and research.reasons == ()
    cards = [card(rubrics, "screen", "Iris", 3, card_id=1,
                  notes="No incident story; could not name a production failure.")]
    signal = build_debrief(loop_facts("senior", lane="research"), rounds(), cards,
                           rubrics).level_signal
    assert signal.suggested == "senior"
