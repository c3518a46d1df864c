"""The server-drawn charts leave room for their longest label (lane · level labels were cut
at the left edge on a tablet)."""

from __future__ import annotations

import re

from interviewkit.web.insights.charts import (
    LABEL_WIDTH,
    WIDTH,
    distribution,
    diverging_bars,
    horizontal_bars,
)

LONG = "Applied ML / production · Mid-level"


def _label_room(svg: str, label: str) -> float:
    match = re.search(r'<text class="ik-label" x="([\d.]+)"[^>]*text-anchor="end">'
                      + re.escape(label), svg)
    assert match, label
    return float(match.group(1))


def test_long_labels_get_room_and_short_ones_keep_the_default():
    rows = [(LONG, 0.5, "50%"), ("LLM / GenAI · Junior", 0.2, "20%")]
    for chart in (horizontal_bars("hire rate", rows), diverging_bars("leniency", rows)):
        # At 12 px a character is at least 6 px wide: the label's start stays inside the chart.
        assert _label_room(str(chart), LONG) >= 6 * len(LONG)
    short = horizontal_bars("short", [("Ana", 0.5, "50%")])
    assert _label_room(str(short), "Ana") == LABEL_WIDTH - 8
    stacked = distribution("ratings", [(LONG, [1, 2, 3, 4])])
    assert _label_room(str(stacked), LONG) >= 6 * len(LONG)


def test_bars_never_run_past_the_chart():
    rows = [("x" * 200, 1.0, "100%")]
    svg = str(horizontal_bars("huge label", rows))
    x = float(re.search(r'<rect class="ik-bar" x="([\d.]+)"', svg).group(1))
    width = float(re.search(r'<rect class="ik-bar" [^>]*width="([\d.]+)"', svg).group(1))
    assert x <= WIDTH / 2 and x + width <= WIDTH


def test_a_diverging_chart_keeps_room_for_the_values_past_its_bars():
    rows = [("design-aml-alert-prioritization", 1.0, "0.73 (n=87)"),
            ("screen-x", -1.0, "-0.73 (n=87)")]
    svg = str(diverging_bars("separation", rows))
    for x, anchor in re.findall(r'<text class="ik-value" x="([\d.]+)"[^>]*text-anchor="(\w+)"',
                                svg):
        # About 7 px a character for the 11 characters printed.
        assert (float(x) + 11 * 7 <= WIDTH) if anchor == "start" else (float(x) - 11 * 7 >= 0)
