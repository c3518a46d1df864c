"""The packet's summary states the mechanical combined score, computed from the debrief."""

from __future__ import annotations

from datetime import datetime

from interviewkit.domain.insights import combined_text, debrief_combined
from interviewkit.pdf import build_packet
from tests.pdf.helpers import flat, page_texts
from tests.pdf.samples import make_debrief


def test_summary_page_carries_the_combined_score_labelled_as_mechanical():
    debrief = make_debrief(awaiting_round="deep_dive")
    values = [r.value for card in debrief.scorecards for r in card.ratings
              if r.value is not None]
    expected = sum(values) / len(values)
    score = debrief_combined(debrief)
    assert abs(score.score - expected) < 1e-9
    assert score.scorecards == len([c for c in debrief.scorecards
                                    if any(r.value is not None for r in c.ratings)])
    summary = flat(page_texts(build_packet(debrief, paper="a4",
                                           generated_at=datetime(2026, 3, 5)))[1])
    assert "Combined score (mechanical)" in summary
    assert f"{expected:.2f} of 4" in summary
    assert "the decision is the panel's" in flat(combined_text(score))
