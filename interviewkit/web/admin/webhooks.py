"""Webhook subscriptions (admins): add, change, rotate the secret, ping, delete, and the
delivery log of each."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...domain.webhooks import EVENT_NAMES
from ...extensions import db
from ...models import WebhookDelivery, WebhookSubscription
from ...services import webhooks as webhook_service
from ..access import roles_required
from .forms import ActionForm, WebhookForm
from .views import bp

LOG_PAGE = 50


def _subscription_or_404(webhook_id: int) -> WebhookSubscription:
    row = db.session.get(WebhookSubscription, webhook_id)
    if row is None:
        abort(404)
    return row


def _form_error(form: WebhookForm, error: webhook_service.WebhookError) -> None:
    field = getattr(form, error.field, form.url)
    field.errors = [*field.errors, str(error)]


def _render_list(form: WebhookForm | None = None, created: tuple | None = None,
                 status: int = 200):
    rows = webhook_service.subscriptions()
    return render_template(
        "admin/webhooks.html", subscriptions=rows, event_names=EVENT_NAMES,
        counts={r.id: webhook_service.counts(r) for r in rows},
        form=form or WebhookForm(formdata=None, data={"active": True}), created=created), status


@bp.route("/webhooks", methods=["GET", "POST"])
@roles_required("admin")
def webhooks():
    if request.method == "GET":
        return _render_list()
    form = WebhookForm()
    if not form.validate_on_submit():
        return _render_list(form, status=400)
    try:
        row, secret = webhook_service.create_subscription(
            current_user, form.url.data, form.events.data,
            include_notes=form.include_notes.data, description=form.description.data or "",
            active=form.active.data)
    except webhook_service.WebhookError as error:
        db.session.rollback()
        _form_error(form, error)
        return _render_list(form, status=400)
    db.session.commit()
    # Rendered, not redirected: the secret must never travel in a cookie or a URL.
    return _render_list(created=(row, secret))


def _render_detail(row: WebhookSubscription, form: WebhookForm | None = None,
                   secret: str | None = None, status: int = 200):
    before = request.args.get("before", type=int)
    log = webhook_service.deliveries(row, limit=LOG_PAGE + 1, before_id=before)
    more = len(log) > LOG_PAGE
    log = log[:LOG_PAGE]
    form = form or WebhookForm(formdata=None, data={
        "url": row.url, "description": row.description, "events": list(row.events),
        "include_notes": row.include_notes, "active": row.active})
    return render_template("admin/webhook.html", subscription=row, form=form, secret=secret,
                           log=log, more=more, counts=webhook_service.counts(row),
                           event_names=EVENT_NAMES, action_form=ActionForm()), status


@bp.route("/webhooks/<int:webhook_id>", methods=["GET", "POST"])
@roles_required("admin")
def webhook(webhook_id: int):
    row = _subscription_or_404(webhook_id)
    if request.method == "GET":
        return _render_detail(row)
    form = WebhookForm()
    if not form.validate_on_submit():
        return _render_detail(row, form, status=400)
    try:
        webhook_service.update_subscription(
            current_user, row, url=form.url.data, events=form.events.data,
            include_notes=form.include_notes.data, description=form.description.data or "",
            active=form.active.data)
    except webhook_service.WebhookError as error:
        db.session.rollback()
        _form_error(form, error)
        return _render_detail(_subscription_or_404(webhook_id), form, status=400)
    db.session.commit()
    flash("Webhook saved.", "success")
    return redirect(url_for("admin.webhook", webhook_id=row.id))


def _action(webhook_id: int) -> WebhookSubscription:
    row = _subscription_or_404(webhook_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return row


@bp.route("/webhooks/<int:webhook_id>/secret", methods=["POST"])
@roles_required("admin")
def rotate_webhook_secret(webhook_id: int):
    row = _action(webhook_id)
    secret = webhook_service.rotate_secret(current_user, row)
    db.session.commit()
    return _render_detail(row, secret=secret)


@bp.route("/webhooks/<int:webhook_id>/ping", methods=["POST"])
@roles_required("admin")
def ping_webhook(webhook_id: int):
    row = _action(webhook_id)
    webhook_service.ping(current_user, row)
    db.session.commit()
    flash("Ping queued: it is sent with the next run of the outbox senders "
          "(`interviewkit outbox send` or the worker).", "success")
    return redirect(url_for("admin.webhook", webhook_id=row.id))


@bp.route("/webhooks/<int:webhook_id>/delete", methods=["POST"])
@roles_required("admin")
def delete_webhook(webhook_id: int):
    row = _action(webhook_id)
    url = row.url
    webhook_service.delete_subscription(current_user, row)
    db.session.commit()
    flash(f"Deleted the webhook for {url}; nothing more is sent there.", "success")
    return redirect(url_for("admin.webhooks"))


@bp.route("/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver",
          methods=["POST"])
@roles_required("admin")
def redeliver_webhook(webhook_id: int, delivery_id: int):
    row = _action(webhook_id)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.subscription_id != row.id:
        abort(404)
    webhook_service.redeliver(current_user, delivery)
    db.session.commit()
    flash(f"Delivery {delivery.id} will be sent again with the next run of the senders.",
          "success")
    return redirect(url_for("admin.webhook", webhook_id=row.id, _anchor=f"d{delivery.id}"))
