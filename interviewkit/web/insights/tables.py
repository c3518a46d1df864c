"""The insights tables, built once and rendered twice: as sortable HTML and as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...domain import catalog
from ...domain.insights import InterviewerFigures, LoopGroupFigures, QuestionFigures
from ...domain.spreadsheet import safe_cell

# A cell: (what the CSV and the sort use, what the page shows).
Cell = tuple[object, str]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...]
    links: tuple[str | None, ...] = ()   # per row, an optional link for the first cell


def _pct(value: float | None) -> Cell:
    return (None if value is None else round(value, 4),
            "n/a" if value is None else f"{100 * value:.0f}%")


def _num(value: float | None, digits: int = 2, signed: bool = False) -> Cell:
    if value is None:
        return (None, "n/a")
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return (round(value, 4), text)


def _int(value: int) -> Cell:
    return (value, str(value))


def _text(value: str) -> Cell:
    return (value, value)


def interviewer_table(rows: Sequence[InterviewerFigures], names: Mapping[int, str]) -> Table:
    body = []
    for f in sorted(rows, key=lambda f: names.get(f.interviewer_id, "").lower()):
        agreed, decided = f.agreement
        body.append((
            _text(names.get(f.interviewer_id, f"#{f.interviewer_id}")),
            _int(f.scorecards), _pct(f.on_time_rate),
            _num(f.median_hours_to_submit, 1),
            _num(f.mean_rating), _num(f.leniency, signed=True), _int(f.leniency_candidates),
            (None if not decided else round(agreed / decided, 4),
             "n/a" if not decided else f"{100 * agreed / decided:.0f}% of {decided}"),
            _int(f.flags_raised), _int(f.flags_confirmed), _int(f.flags_dismissed)))
    return Table("interviewers", "Interviewer calibration",
                 ("Interviewer", "Scorecards", "Within 24 h", "Median hours to submit",
                  "Mean rating", "Leniency", "Candidates shared", "Agrees with decision",
                  "Flags raised", "Confirmed", "Dismissed"),
                 tuple(body), (False,) + (True,) * 10)


def no_signal_table(rows: Sequence[InterviewerFigures], names: Mapping[int, str],
                    criteria: Mapping[str, str] | None = None) -> Table:
    body = []
    for f in sorted(rows, key=lambda f: names.get(f.interviewer_id, "").lower()):
        for criterion, (count, asked) in f.no_signal.items():
            body.append((_text(names.get(f.interviewer_id, f"#{f.interviewer_id}")),
                         _text((criteria or {}).get(criterion, criterion)), _int(count),
                         _int(asked),
                         _pct(count / asked if asked else None)))
    return Table("no-signal", "\"No signal\" by criterion",
                 ("Interviewer", "Criterion", "No signal", "Times rated", "Rate"),
                 tuple(body), (False, False, True, True, True))


def level_table(rows: Sequence[InterviewerFigures], names: Mapping[int, str]) -> Table:
    body = []
    for f in sorted(rows, key=lambda f: names.get(f.interviewer_id, "").lower()):
        for c in f.levels:
            body.append((
                _text(names.get(f.interviewer_id, f"#{f.interviewer_id}")),
                _text(catalog.name_of(catalog.LEVELS, c.level)), _int(c.strong_yes),
                _num(c.co_panel_mean), _int(c.candidates),
                _text(catalog.name_of(catalog.LEVELS, c.next_level) if c.next_level else "—"),
                _num(c.next_level_bar), _text(c.verdict)))
    return Table("levels", "Level calibration of \"strong yes\"",
                 ("Interviewer", "Level", "Strong yes given", "Co-panel mean rating",
                  "Co-rated candidates", "Next level", "Next level's strong-yes mean",
                  "Reading"),
                 tuple(body), (False, False, True, True, True, False, True, False))


def question_table(rows: Sequence[QuestionFigures], titles: Mapping[str, str],
                   key: str = "questions", title: str = "Questions") -> Table:
    body = []
    for q in rows:
        if q.separation_hidden:
            separation: Cell = (None, f"hidden (n = {q.separation_sample})")
        elif q.separation is None:
            separation = (None, f"undefined (n = {q.separation_sample})")
        else:
            separation = (round(q.separation, 4), f"{q.separation:.2f}")
        body.append((_text(q.question_id), _text(titles.get(q.question_id, "")),
                     _text(catalog.name_of(catalog.ROUNDS, q.round)), _int(q.uses),
                     _int(q.candidates), _num(q.spread), separation,
                     _int(q.separation_sample), _text("; ".join(q.review_reasons))))
    return Table(key, title,
                 ("Question", "Title", "Round", "Times used", "Candidates exposed",
                  "Rating spread (s.d.)", "Separation (r)", "Decided loops", "Review"),
                 tuple(body), (False, False, False, True, True, True, True, True, False))


def loop_table(rows: Sequence[LoopGroupFigures]) -> Table:
    body = []
    for g in rows:
        body.append((_text(catalog.name_of(catalog.LANES, g.lane)),
                     _text(catalog.name_of(catalog.LEVELS, g.level)), _int(g.loops),
                     _int(g.decided), _pct(g.hire_rate), _pct(g.other_level_rate),
                     _pct(g.level_signal_rate), _num(g.median_days_to_decision, 1),
                     _int(g.overdue)))
    return Table("loops", "Loops by lane and level",
                 ("Lane", "Level", "Loops", "Decided", "Hire rate", "Hire at another level",
                  "Ratings point off level", "Median days to decision",
                  "Overdue scorecards"),
                 tuple(body), (False, False) + (True,) * 7)


def to_csv(table: Table) -> str:
    """Return the table as CSV, cells that look like formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([safe_cell(value if value is not None else "") for value, _ in row])
    return out.getvalue()
