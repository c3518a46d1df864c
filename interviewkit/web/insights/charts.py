"""Server-side SVG charts: no script, no CDN, nothing for the CSP to refuse.

Colours and fonts come from classes styled in insights.css, so the markup carries no inline
style (the CSP allows stylesheets from 'self' only).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 190
BAR_HEIGHT = 22
GAP = 8


# 12 px system-ui averages under 7 px a character; labels never get less than LABEL_WIDTH,
# nor more than half the chart.
_CHAR_PX = 6.8


def _label_width(labels: Sequence[str]) -> int:
    """Return the room the longest label needs, so no label is cut at the chart's edge."""
    longest = max((len(label) for label in labels), default=0)
    return int(min(max(LABEL_WIDTH, longest * _CHAR_PX + 16), WIDTH / 2))


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def horizontal_bars(title: str, rows: Sequence[tuple[str, float | None, str]],
                    maximum: float = 1.0) -> Markup:
    """Return a bar chart of (label, value, shown text); a None value is drawn as "n/a"."""
    label_width = _label_width([label for label, _, _ in rows])
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    span = WIDTH - label_width - 70
    parts = [f'<svg class="ik-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (label, value, text) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        parts.append(f'<text class="ik-label" x="{label_width - 8}" y="{y + 15}" '
                     f'text-anchor="end">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text class="ik-muted" x="{label_width}" y="{y + 15}">n/a</text>')
            continue
        w = max(1.0, span * min(max(value, 0.0), maximum) / maximum) if maximum else 1.0
        parts.append(f'<rect class="ik-bar" x="{label_width}" y="{y}" width="{w:.1f}" '
                     f'height="{BAR_HEIGHT}" rx="3"/>')
        parts.append(f'<text class="ik-value" x="{label_width + w + 6:.1f}" y="{y + 15}">'
                     f'{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def diverging_bars(title: str, rows: Sequence[tuple[str, float | None, str]],
                   limit: float = 1.0) -> Markup:
    """Return bars left (severe) or right (lenient) of a zero line, clipped at +/- limit."""
    label_width = _label_width([label for label, _, _ in rows])
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP + 18
    # Room on both sides for the value printed past the end of a bar ("0.73 (n=87)").
    margin = 84
    half = (WIDTH - label_width - 2 * margin) / 2
    zero = label_width + margin + half
    parts = [f'<svg class="ik-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<line class="ik-axis" x1="{zero:.1f}" x2="{zero:.1f}" y1="0" y2="{height - 18}"/>',
             f'<text class="ik-muted" x="{label_width}" y="{height - 4}">severe</text>',
             f'<text class="ik-muted" x="{WIDTH - 20}" y="{height - 4}" '
             f'text-anchor="end">lenient</text>']
    for i, (label, value, text) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        parts.append(f'<text class="ik-label" x="{label_width - 8}" y="{y + 15}" '
                     f'text-anchor="end">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text class="ik-muted" x="{zero + 6:.1f}" y="{y + 15}">n/a</text>')
            continue
        w = max(1.0, half * min(abs(value), limit) / limit)
        x = zero if value >= 0 else zero - w
        cls = "ik-bar-up" if value >= 0 else "ik-bar-down"
        parts.append(f'<rect class="{cls}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                     f'height="{BAR_HEIGHT}" rx="3"/>')
        tx = zero + w + 6 if value >= 0 else zero - w - 6
        anchor = "start" if value >= 0 else "end"
        parts.append(f'<text class="ik-value" x="{tx:.1f}" y="{y + 15}" '
                     f'text-anchor="{anchor}">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def distribution(title: str, series: Sequence[tuple[str, Sequence[int]]]) -> Markup:
    """Return stacked 100% bars of ratings 1..4, one per series (e.g. "You", "Co-panelists")."""
    label_width = _label_width([f"{label} ({sum(counts)})" for label, counts in series])
    height = len(series) * (BAR_HEIGHT + GAP) + GAP + 20
    span = WIDTH - label_width - 20
    parts = [f'<svg class="ik-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (label, counts) in enumerate(series):
        y = GAP + i * (BAR_HEIGHT + GAP)
        total = sum(counts)
        parts.append(f'<text class="ik-label" x="{label_width - 8}" y="{y + 15}" '
                     f'text-anchor="end">{escape(label)} ({total})</text>')
        x = float(label_width)
        for point, count in enumerate(counts, start=1):
            if not total or not count:
                continue
            w = span * count / total
            parts.append(f'<rect class="ik-r{point}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                         f'height="{BAR_HEIGHT}"><title>{point}: {count} '
                         f'({100 * count / total:.0f}%)</title></rect>')
            if w > 28:
                parts.append(f'<text class="ik-in" x="{x + w / 2:.1f}" y="{y + 15}" '
                             f'text-anchor="middle">{100 * count / total:.0f}%</text>')
            x += w
    legend_y = height - 6
    for point in range(1, 5):
        lx = label_width + (point - 1) * 80
        parts.append(f'<rect class="ik-r{point}" x="{lx}" y="{legend_y - 10}" width="12" '
                     f'height="12"/><text class="ik-muted" x="{lx + 16}" y="{legend_y}">'
                     f'rated {point}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = ["distribution", "diverging_bars", "horizontal_bars", "_fmt"]
