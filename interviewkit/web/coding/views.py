"""Coding rounds: the candidate pack download and what the kit shows of a problem's materials."""

from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, send_file
from flask_login import current_user

from ...coding import pack_filename
from ...coding.packing import PackError
from ...extensions import db
from ...models import LoopRound
from ...services import coding as service
from ..access import roles_required
from .markdown import render_markdown

bp = Blueprint("coding", __name__)


@bp.app_context_processor
def _kit_helpers() -> dict:
    return {"coding_materials": _materials, "render_markdown": render_markdown}


def _materials(question_id: str):
    return service.find(current_app.config["QUESTION_BANK_DIR"], question_id)


@bp.route("/rounds/<int:round_id>/questions/<question_id>/pack.zip")
@roles_required(*service.PACK_ROLES)
def pack(round_id: int, question_id: str):
    """Send the candidate pack of a coding question asked in this round."""
    loop_round = db.session.get(LoopRound, round_id)
    if (loop_round is None or loop_round.kind != "coding"
            or not service.can_download_pack(loop_round, current_user)
            or question_id not in service.round_question_ids(loop_round)):
        abort(404)
    materials = _materials(question_id)
    if materials is None:
        abort(404)
    try:
        data = service.packs.get(materials)
    except PackError as error:
        current_app.logger.error("candidate pack failed: %s", error)
        abort(500)
    response = send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                         download_name=pack_filename(question_id), etag=False, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
