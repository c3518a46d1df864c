"""Insights: interviewer calibration, question quality and loop outcomes, with CSV export."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_login import current_user

from ...domain import catalog
from ...domain import insights as figures
from ...domain.problems import ContentError
from ...models import utcnow
from ...services.insights import (
    FIGURES,
    Filters,
    cache_key,
    load_figures,
    visible_interviewers,
)
from ..access import roles_required
from . import charts, tables

bp = Blueprint("insights", __name__, url_prefix="/insights")

DEFAULT_DAYS = 365
MAX_DAYS = 366 * 5
TEAM_ROLES = ("admin", "recruiter", "hiring_manager")


def parse_filters(args, today: date) -> tuple[Filters, list[str]]:
    """Read the date range, lane and level; anything unusable is named and replaced."""
    errors: list[str] = []

    def day(name: str, default: date) -> date:
        raw = (args.get(name) or "").strip()
        if not raw:
            return default
        try:
            return date.fromisoformat(raw[:10]) if len(raw) == 10 else _bad(raw)
        except ValueError:
            errors.append(f"“{raw[:20]}” is not a date (use YYYY-MM-DD); showing "
                          f"{default.isoformat()} instead.")
            return default

    end = day("end", today)
    start = day("start", end - timedelta(days=DEFAULT_DAYS))
    if start > end:
        errors.append("The start date is after the end date; the two were swapped.")
        start, end = end, start
    if (end - start).days > MAX_DAYS:
        errors.append("A range of at most five years is shown; the start date was moved.")
        start = end - timedelta(days=MAX_DAYS)
    lane = args.get("lane") or None
    if lane is not None and lane not in catalog.LANE_IDS:
        errors.append("Unknown lane; showing every lane.")
        lane = None
    level = args.get("level") or None
    if level is not None and level not in catalog.LEVEL_IDS:
        errors.append("Unknown level; showing every level.")
        level = None
    return Filters(start, end, lane, level), errors


def _bad(raw: str) -> date:
    raise ValueError(raw)


def _build(filters: Filters) -> dict:
    key = cache_key(current_user, filters, utcnow())
    return FIGURES.get_or_build(key, lambda: _compute(filters))


def _compute(filters: Filters) -> dict:
    computed = load_figures(current_user, filters, utcnow())
    people = visible_interviewers(current_user, computed.interviewers)
    names = computed.names
    built: dict = {"people": people, "names": names}
    tabs = [tables.interviewer_table(list(people.values()), names),
            tables.no_signal_table(list(people.values()), names, _criterion_names()),
            tables.level_table(list(people.values()), names)]
    if current_user.role in TEAM_ROLES:
        questions = computed.questions
        review = [q for q in questions if q.review_reasons]
        groups = computed.groups
        tabs += [tables.question_table(review, computed.question_titles, "review",
                                       "Questions to review"),
                 tables.question_table(questions, computed.question_titles),
                 tables.loop_table(groups)]
        built.update(questions=questions, review=review, groups=groups)
    built["tables"] = {t.key: t for t in tabs}
    return built


def _criterion_names() -> dict[str, str]:
    from ...services.rubrics import current_rubric_set

    try:
        rubrics = current_rubric_set()
        return {c.id: c.name for kind in catalog.ROUND_IDS
                for c in rubrics.for_round(kind).criteria}
    except (ContentError, KeyError, ValueError):  # no rubrics imported yet: show the ids
        return {}


@bp.route("/")
@roles_required("admin", "recruiter", "hiring_manager", "interviewer")
def index():
    filters, errors = parse_filters(request.args, utcnow().date())
    built = _build(filters)
    people, names = built["people"], built["names"]
    chart = {}
    if current_user.role in TEAM_ROLES:
        ranked = sorted(people.values(), key=lambda f: names.get(f.interviewer_id, ""))
        chart["leniency"] = charts.diverging_bars(
            "Leniency: mean rating difference from co-panelists",
            [(f"{names.get(f.interviewer_id, '?')} (n={f.leniency_candidates})", f.leniency,
              "n/a" if f.leniency is None else f"{f.leniency:+.2f}") for f in ranked])
        chart["hire_rate"] = charts.horizontal_bars(
            "Hire rate by lane and level",
            [(f"{catalog.name_of(catalog.LANES, g.lane)} · "
              f"{catalog.name_of(catalog.LEVELS, g.level)}", g.hire_rate,
              "no decisions" if g.hire_rate is None
              else f"{100 * g.hire_rate:.0f}% of {g.decided}") for g in built["groups"]])
        shown = [q for q in built["questions"] if not q.separation_hidden
                 and q.separation is not None][:25]
        chart["separation"] = charts.diverging_bars(
            "How well each question's round separates hires (r)",
            [(q.question_id, q.separation, f"{q.separation:.2f} (n={q.separation_sample})")
             for q in shown])
    own = people.get(current_user.id)
    if own is not None:
        chart["mine"] = charts.distribution(
            "Your ratings beside your co-panelists' on the same loops",
            [("You", own.distribution), ("Co-panelists", own.panel_distribution)])
    kept = {k: v for k, v in (("start", filters.start.isoformat()),
                              ("end", filters.end.isoformat()),
                              ("lane", filters.lane), ("level", filters.level)) if v}
    return render_template("insights/index.html", filters=filters, errors=errors,
                           tables=built["tables"], chart=chart, own=own, kept=kept,
                           team=current_user.role in TEAM_ROLES,
                           min_sample=figures.MIN_SEPARATION_SAMPLE,
                           bank_link=_bank_link)


def _bank_link(question_id: str) -> str | None:
    if current_user.role not in ("admin", "hiring_manager"):
        return None
    return url_for("bank.index", q=question_id, state="all")


@bp.route("/<key>.csv")
@roles_required("admin", "recruiter", "hiring_manager", "interviewer")
def export(key: str):
    filters, errors = parse_filters(request.args, utcnow().date())
    if errors:
        return Response("\n".join(errors) + "\n", status=400, mimetype="text/plain")
    table = _build(filters)["tables"].get(key)
    if table is None:
        abort(404)
    name = f"insights-{key}-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    return Response(tables.to_csv(table), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.app_template_global("combined_score_of")
def combined_score_of(debrief) -> figures.CombinedScore:
    """The debrief's mechanical combined score, for the debrief page."""
    return figures.debrief_combined(debrief)


bp.add_app_template_global(figures.combined_text, "combined_text")
