"""A read-only view of the question bank and the rubrics."""

from __future__ import annotations

import unicodedata

from flask import Blueprint, render_template, request, url_for

from ...domain import catalog
from ...extensions import db
from ...models import BankQuestion
from ...services.rubrics import current_rubric_set
from ..access import roles_required
from .forms import BankFilterForm

bp = Blueprint("bank", __name__, url_prefix="/bank")

POINT_NAMES = {1: "Weak", 2: "Mixed", 3: "Strong", 4: "Exceptional"}
PER_PAGE = 20
TAG_FILTERS = ("round", "lane", "level", "signal", "domain")
ROUND_ORDER = {round_id: i for i, round_id in enumerate(catalog.ROUND_IDS)}


def _folded(text: str) -> str:
    """Lower-case text without accents, so "resume" finds "résumé"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _searchable(row: BankQuestion) -> str:
    return _folded(" ".join([row.id, row.title, row.prompt, *(row.follow_ups or [])]))


def _matches(row: BankQuestion, filters: dict[str, str]) -> bool:
    words = _folded(filters.get("q") or "").split()
    if words:
        haystack = _searchable(row)
        if not all(word in haystack for word in words):
            return False
    state = filters.get("state") or "active"
    if state == "active" and not row.active or state == "retired" and row.active:
        return False
    if filters.get("round") and row.round != filters["round"]:
        return False
    for key, values in (("lane", row.lanes), ("level", row.levels), ("signal", row.signals),
                        ("domain", row.domains or [])):
        if filters.get(key) and filters[key] not in values:
            return False
    return True


@bp.route("/")
@roles_required("admin", "hiring_manager")
def index():
    form = BankFilterForm(request.args)
    form.validate()
    # Tags are JSON lists, so filter in Python: the bank is a few hundred rows at most.
    filters = {name: field.data for name, field in form._fields.items()
               if field.data and not field.errors}
    rows = db.session.execute(db.select(BankQuestion)).scalars().all()
    shown = sorted((r for r in rows if _matches(r, filters)),
                   key=lambda r: (ROUND_ORDER.get(r.round, 99), r.id))
    counts = {"active": sum(1 for r in rows if r.active),
              "retired": sum(1 for r in rows if not r.active)}
    filtered = any(request.args.get(k) for k in (*TAG_FILTERS, "q")) \
        or request.args.get("state", "active") != "active"
    pages = max(1, -(-len(shown) // PER_PAGE))
    page = _page_number(request.args.get("page"), pages)
    kept = {k: v for k, v in request.args.items() if k != "page" and v}

    def page_url(number: int) -> str:
        return url_for("bank.index", **kept, page=number) if number > 1 \
            else url_for("bank.index", **kept)

    return render_template("bank/index.html", form=form,
                           questions=shown[(page - 1) * PER_PAGE:page * PER_PAGE],
                           total=len(shown), page=page, pages=pages, page_url=page_url,
                           first=(page - 1) * PER_PAGE + 1, counts=counts, filtered=filtered)


def _page_number(raw: str | None, pages: int) -> int:
    """A page number from the query string: anything odd means the first or last page."""
    if not raw or not raw.isdigit() or len(raw) > 6:
        return 1
    return min(max(1, int(raw)), pages)


@bp.route("/rubrics")
@roles_required("admin", "hiring_manager", "interviewer")
def rubrics():
    level = request.args.get("level", "mid")
    if level not in catalog.LEVEL_IDS:
        level = "mid"
    rubric_set = current_rubric_set()
    rounds = [rubric_set.rubrics[r] for r in catalog.ROUND_IDS if r in rubric_set.rubrics]
    flags = sorted(rubric_set.flags.values(), key=lambda f: f.label.lower())
    return render_template("bank/rubrics.html", level=level, rounds=rounds, flags=flags,
                           point_names=POINT_NAMES)
