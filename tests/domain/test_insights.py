"""Insights figures on small cases worked out by hand."""

from datetime import datetime, timedelta

import pytest

from interviewkit.domain.insights import (
    MIN_SEPARATION_SAMPLE,
    Assignment,
    CardRow,
    LoopRow,
    QuestionUse,
    agrees,
    combined_score,
    correlation,
    interviewer_figures,
    loop_figures,
    question_figures,
)

T0 = datetime(2026, 10, 1, 9, 0)


def card(loop, person, ratings, rec="yes", round="screen", hours=2.0, **kw):
    return CardRow(loop_id=loop, round=round, interviewer_id=person, ratings=ratings,
                   recommendation=rec, scheduled_at=T0,
                   submitted_at=T0 + timedelta(hours=hours), **kw)


def loop(i, decision=None, level="mid", lane="applied", **kw):
    return LoopRow(id=i, lane=lane, level=level, candidate=f"c{i}@x", decision=decision, **kw)


# --- interviewers -----------------------------------------------------------------------------

def test_leniency_is_mean_difference_from_co_panelists_per_shared_candidate():
    loops = {1: loop(1, "hire"), 2: loop(2, "no_hire"), 3: loop(3)}
    cards = [
        card(1, 10, {"a": 4, "b": 4}), card(1, 20, {"a": 2, "b": 3}),   # +4 - 2.5 = +1.5
        card(2, 10, {"a": 3, "b": 3}), card(2, 20, {"a": 3, "b": 4}),   # 3 - 3.5 = -0.5
        card(3, 10, {"a": 1, "b": 1}),                                  # alone: not counted
    ]
    figs = interviewer_figures(cards, loops)
    assert figs[10].leniency == pytest.approx(0.5)
    assert figs[10].leniency_candidates == 2
    assert figs[20].leniency == pytest.approx(-0.5)
    assert figs[10].distribution == (2, 0, 2, 2)
    assert figs[10].panel_distribution == (0, 1, 2, 1)


def test_one_rater_loops_give_no_leniency_rather_than_zero():
    figs = interviewer_figures([card(1, 10, {"a": 4})], {1: loop(1)})
    assert figs[10].leniency is None
    assert figs[10].leniency_candidates == 0
    assert figs[10].panel_distribution == (0, 0, 0, 0)


def test_on_time_median_hours_and_no_signal_rate():
    cards = [card(1, 10, {"a": None, "b": 3}, hours=1),
             card(2, 10, {"a": None, "b": 2}, hours=30),
             card(3, 10, {"a": 4, "b": None}, hours=24)]   # exactly 24 h is on time
    figs = interviewer_figures(cards, {i: loop(i) for i in (1, 2, 3)})[10]
    assert (figs.on_time, figs.timed) == (2, 3)
    assert figs.median_hours_to_submit == 24
    assert figs.no_signal_rate("a") == pytest.approx(2 / 3)
    assert figs.no_signal_rate("b") == pytest.approx(1 / 3)
    assert figs.no_signal_rate("never-asked") is None


def test_agreement_counts_other_level_as_not_a_hire_and_skips_undecided():
    loops = {1: loop(1, "hire"), 2: loop(2, "hire_other_level"), 3: loop(3, "no_hire"),
             4: loop(4)}
    cards = [card(1, 10, {"a": 3}, "yes"), card(2, 10, {"a": 3}, "strong_yes"),
             card(3, 10, {"a": 2}, "strong_no"), card(4, 10, {"a": 3}, "yes")]
    assert interviewer_figures(cards, loops)[10].agreement == (2, 3)
    assert agrees(None, "hire") is None
    assert agrees("no", "hire_other_level") is True


def test_flags_raised_confirmed_dismissed():
    decisions = {"x": {"decision": "confirmed"}, "y": {"decision": "dismissed"},
                 "z": {"decision": "dismissed"}}
    c = card(1, 10, {"a": 3}, observed=("o",), flag_decisions=decisions)
    figs = interviewer_figures([c], {1: loop(1)})[10]
    assert (figs.flags_raised, figs.flags_confirmed, figs.flags_dismissed) == (4, 2, 2)


def test_level_calibration_compares_co_panel_with_next_levels_strong_yes_bar():
    loops = {1: loop(1, level="mid"), 2: loop(2, level="senior")}
    cards = [card(1, 10, {"a": 4}, "strong_yes"), card(1, 20, {"a": 3, "b": 4}, "yes"),
             card(2, 30, {"a": 3, "b": 3}, "strong_yes")]
    cal = interviewer_figures(cards, loops)[10].levels
    assert len(cal) == 1
    assert cal[0].level == "mid" and cal[0].next_level == "senior"
    assert cal[0].co_panel_mean == pytest.approx(3.5)
    assert cal[0].next_level_bar == pytest.approx(3.0)
    assert "at the next level" in cal[0].verdict


# --- questions --------------------------------------------------------------------------------

def test_correlation_by_hand_and_undefined_when_one_side_is_constant():
    assert correlation([1, 2, 3], [0, 0, 1]) == pytest.approx(0.8660254, abs=1e-6)
    assert correlation([1, 2, 3], [1, 1, 1]) is None      # every loop decided the same way
    assert correlation([2, 2], [0, 1]) is None            # a tie in every rating


def _question_world(n, hire_high=True):
    loops, cards, uses = {}, [], []
    for i in range(n):
        hired = i % 2 == 0
        loops[i] = loop(i, "hire" if hired else "no_hire")
        value = (4 if hired else 2) if hire_high else 3
        cards.append(card(i, 10, {"a": value}, round="coding"))
        uses.append(QuestionUse(i, "coding", "q1"))
    return loops, cards, uses


def test_separation_is_hidden_below_the_minimum_sample():
    loops, cards, uses = _question_world(MIN_SEPARATION_SAMPLE - 1)
    [fig] = question_figures(uses, cards, loops)
    assert fig.separation is None and fig.separation_hidden
    assert fig.separation_sample == MIN_SEPARATION_SAMPLE - 1
    assert fig.review_reasons == ()


def test_separation_shown_at_the_minimum_sample():
    loops, cards, uses = _question_world(MIN_SEPARATION_SAMPLE)
    [fig] = question_figures(uses, cards, loops)
    assert fig.separation == pytest.approx(1.0)
    assert fig.spread == pytest.approx(1.0)
    assert not fig.weak


def test_question_where_ratings_are_all_tied_has_no_separation_and_zero_spread():
    loops, cards, uses = _question_world(MIN_SEPARATION_SAMPLE, hire_high=False)
    [fig] = question_figures(uses, cards, loops)
    assert fig.separation is None and fig.spread == 0


def test_weak_question_goes_on_the_review_list():
    loops, cards, uses = {}, [], []
    for i in range(40):
        hired = i % 2 == 0
        loops[i] = loop(i, "hire" if hired else "no_hire")
        cards.append(card(i, 10, {"a": 2 + (i // 2) % 2}, round="coding"))  # unrelated
        uses.append(QuestionUse(i, "coding", "q1"))
    [fig] = question_figures(uses, cards, loops)
    assert fig.separation == pytest.approx(0.0)
    assert fig.weak and "does not separate" in fig.review_reasons[0]


def test_overexposed_is_relative_to_the_rounds_median():
    loops = {i: loop(i) for i in range(30)}
    uses = [QuestionUse(i, "screen", "busy") for i in range(24)]
    uses += [QuestionUse(i, "screen", "quiet") for i in range(3)]
    uses += [QuestionUse(i, "screen", "other") for i in range(3)]
    figs = {f.question_id: f for f in question_figures(uses, [], loops)}
    assert figs["busy"].overexposed and not figs["quiet"].overexposed
    assert figs["busy"].candidates == 24


# --- loops ------------------------------------------------------------------------------------

def test_loop_groups_rates_days_and_overdue():
    first = T0
    loops = [loop(1, "hire", decided_at=first + timedelta(days=4), first_interview_at=first),
             loop(2, "hire_other_level", decided_at=first + timedelta(days=2),
                  first_interview_at=first),
             loop(3), loop(4, lane="llm")]
    assignments = [Assignment(3, "screen", 10, T0, False),
                   Assignment(3, "coding", 10, T0 + timedelta(days=9), False),
                   Assignment(1, "screen", 10, T0, True)]
    groups = loop_figures(loops, [], assignments, now=T0 + timedelta(days=2))
    applied = next(g for g in groups if g.lane == "applied")
    assert (applied.loops, applied.decided, applied.hires, applied.other_level) == (3, 2, 1, 1)
    assert applied.hire_rate == 0.5
    assert applied.median_days_to_decision == 3
    assert applied.overdue == 1
    llm = next(g for g in groups if g.lane == "llm")
    assert llm.hire_rate is None


# --- combined score ---------------------------------------------------------------------------

def test_combined_score_equal_weights_by_hand():
    score = combined_score([{"a": 4, "b": 2}, {"a": 3, "b": None}])
    assert score.score == pytest.approx(3.0)          # (4 + 2 + 3) / 3
    assert score.spread == pytest.approx(0.0)         # card means 3 and 3
    assert (score.scorecards, score.ratings, score.weighted) == (2, 3, False)


def test_combined_score_weighted_as_declared():
    score = combined_score([{"a": 4, "b": 2}], {"a": 3, "b": 1})
    assert score.score == pytest.approx(3.5)          # (12 + 2) / 4
    assert score.weighted


def test_combined_score_one_rater_has_no_spread_and_nothing_rated_has_no_score():
    assert combined_score([{"a": 2}]).spread is None
    empty = combined_score([{"a": None}])
    assert empty.score is None and empty.scorecards == 0
