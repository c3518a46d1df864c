"""A person's own settings (time zone, optional messages, calendar feed) and the feed itself."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...extensions import db
from ...models import OutboxMessage, User
from ...services import calendar as calendar_service
from ...services.reminders import OPTIONAL
from ...services.time_zones import default_zone, set_zone, zone_of
from .forms import FeedForm, ProfileForm, ZoneProposalForm

bp = Blueprint("profile", __name__)


def _me() -> User:
    user = db.session.get(User, current_user.id)
    if user is None:
        abort(404)
    return user


@bp.route("/profile/", methods=["GET", "POST"])
@login_required
def settings():
    me = _me()
    form = ProfileForm(data=None if request.method == "POST" else {
        "time_zone": zone_of(me),
        **{name: name not in (me.muted_messages or []) for name in OPTIONAL}})
    if form.validate_on_submit():
        set_zone(me, form.time_zone.data)
        me.muted_messages = form.muted()
        db.session.commit()
        flash(f"Settings saved. Times now show in {form.time_zone.data.replace('_', ' ')}.",
              "success")
        return redirect(url_for("profile.settings"))
    feed_url = (url_for("profile.feed", token=me.calendar_token, _external=True)
                if me.calendar_token else None)
    return render_template("profile/settings.html", form=form, feed_form=FeedForm(),
                           feed_url=feed_url, zone_chosen=me.time_zone is not None,
                           default_zone=default_zone(), demo=bool(current_app.config.get("DEMO")))


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("auth.home")


@bp.post("/profile/time-zone")
@login_required
def accept_zone():
    """Take the zone the browser proposed on first sign-in (or keep the organisation's)."""
    form = ZoneProposalForm()
    if not form.validate_on_submit():
        flash("That time zone was not recognised; choose yours on this page.", "error")
        return redirect(url_for("profile.settings"))
    me = _me()
    set_zone(me, form.zone.data)
    db.session.commit()
    flash(f"Times now show in {form.zone.data.replace('_', ' ')}. Change it any time under "
          f"Settings.", "success")
    return redirect(_safe_next(form.next.data))


@bp.post("/profile/calendar-feed")
@login_required
def calendar_feed():
    form = FeedForm()
    if not form.validate_on_submit() or form.action.data not in ("new", "off"):
        abort(400)
    me = _me()
    if form.action.data == "new":
        calendar_service.new_feed_token(me)
        message = ("Your calendar feed address is ready. Any address you had before no "
                   "longer works.")
    else:
        calendar_service.revoke_feed(me)
        message = "Your calendar feed is off; its address no longer works."
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("profile.settings", _anchor="calendar-feed"))


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """The private feed: anyone holding the address sees the person's rounds (no notes)."""
    user = calendar_service.user_for_feed(token)
    if user is None:
        abort(404)
    body = calendar_service.feed_ics(user)
    return current_app.response_class(body, mimetype="text/calendar",
                                      headers={"Content-Disposition":
                                               'inline; filename="interviews.ics"'})


@bp.get("/profile/mail")
@login_required
def demo_mail():
    """In the demo, the messages sent to you, since the demo sends no real mail."""
    if not current_app.config.get("DEMO"):
        abort(404)
    messages = db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == current_user.email)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(50)
    ).scalars().all()
    return render_template("profile/mail.html", messages=messages)
