"""Printouts: debrief packets (one loop or a batch), interview kits, a printable debrief page."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from ...domain import catalog
from ...domain.lifecycle import STATUS_NAMES
from ...extensions import db
from ...models import Loop, LoopRound
from ...pdf import PAPER_SIZES, build_batch, build_kit, build_packet
from ...services import printing as service
from ...services.debriefs import load_debrief
from ..access import roles_required
from .forms import BatchForm

bp = Blueprint("printing", __name__)


# --- access and input --------------------------------------------------------------------

def _printable_loop(loop_id: int) -> Loop:
    """Return the loop if the signed-in user may print its debrief; 404 otherwise."""
    loop = service.get_loop(loop_id)
    if loop is None or not service.can_print_packet(loop, current_user):
        abort(404)
    return loop


def _paper(value: str | None = None) -> str:
    paper = (value or request.args.get("paper") or current_app.config.get("PAPER_SIZE")
             or "a4").lower()
    if paper not in PAPER_SIZES:
        abort(400, description="paper must be a4 or letter")
    return paper


def _wants_name() -> bool:
    return request.args.get("name") in ("1", "true", "yes")


def _pdf(data: bytes, filename: str) -> Response:
    """Return PDF bytes as a download that no cache keeps."""
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=filename, etag=False, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _now() -> datetime:
    return datetime.now(UTC)


# --- packets -------------------------------------------------------------------------------

@bp.route("/loops/<int:loop_id>/packet.pdf")
@roles_required(*service.PACKET_ROLES)
def packet(loop_id: int):
    loop = _printable_loop(loop_id)
    paper = _paper()
    data = build_packet(load_debrief(loop), paper=paper, generated_at=_now())
    return _pdf(data, service.packet_filename(loop, with_name=_wants_name()))


@bp.route("/loops/packets.pdf", methods=["GET", "POST"])
@roles_required(*service.BATCH_ROLES)
def batch():
    day: date | None = None
    if request.method == "POST":
        form = BatchForm()
        if not form.validate_on_submit():
            abort(400, description="choose the loops to print")
        ids = [i for i in (form.loop_id.data or []) if isinstance(i, int)]
        if not ids:
            return _nothing_to_print("Nothing printed: tick at least one loop in the list, "
                                     "then print the selected packets.")
        try:
            loops = service.loops_by_ids(ids)
        except service.PrintingError:
            abort(404)
        paper = _paper(form.paper.data)
    else:
        try:
            day = date.fromisoformat(request.args.get("date", ""))
        except ValueError:
            abort(400, description="date must look like 2026-03-02")
        loops = service.debrief_loops_on(day)
        if not loops:
            return _nothing_to_print(f"Nothing printed: no loop ends on {day.day} "
                                     f"{day:%B %Y}, so there is no debrief to print for that "
                                     f"day.", day)
        paper = _paper()
    data = build_batch([load_debrief(loop) for loop in loops], paper=paper, generated_at=_now())
    return _pdf(data, service.batch_filename(day, len(loops)))


def _nothing_to_print(text: str, day: date | None = None):
    """Say it on the list the request came from, with its filters (and the day) kept; a
    request from elsewhere (a bookmark, a script) still gets a plain 404 page."""
    back = request.values.get("back", "")
    if back == "/loops/" or back.startswith("/loops/?"):
        path, _, query = back.partition("?")
        kept = [(k, v) for k, v in parse_qsl(query) if k not in ("print_date", "print_note")]
        kept += ([("print_note", "empty_day"), ("print_date", day.isoformat())] if day
                 else [("print_note", "none_ticked")])
        return redirect(path + "?" + urlencode(kept) + "#batch-print")
    return render_template("error.html", code=404, title="Nothing to print", text=text), 404


# --- kits ----------------------------------------------------------------------------------

@bp.route("/rounds/<int:round_id>/kit.pdf")
@roles_required(*service.KIT_ROLES)
def kit(round_id: int):
    loop_round = db.session.get(LoopRound, round_id)
    if loop_round is None or not service.can_print_kit(loop_round, current_user):
        abort(404)
    data = build_kit(service.kit_data(loop_round), paper=_paper(), generated_at=_now())
    return _pdf(data, service.kit_filename(loop_round, with_name=_wants_name()))


# --- the printable page ------------------------------------------------------------------

@bp.route("/loops/<int:loop_id>/print")
@roles_required(*service.PACKET_ROLES)
def print_view(loop_id: int):
    loop = _printable_loop(loop_id)
    paper = _paper()
    return render_template(
        "printing/debrief.html", the_loop=loop, debrief=load_debrief(loop), paper=paper,
        printed_at=_now(), status_names=STATUS_NAMES,
        decision_names={"hire": "Hire", "no_hire": "No hire",
                        "hire_other_level": "Hire at another level"},
        severity_names={"blocking": "Blocking", "concern": "Concern", "info": "Info"},
        level_name=catalog.name_of(catalog.LEVELS, loop.level),
        packet_url=url_for("printing.packet", loop_id=loop.id, paper=paper))
