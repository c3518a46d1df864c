"""Forms for managing users and webhooks."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    URLField,
)
from wtforms.validators import DataRequired, Email, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ...domain.webhooks import EVENT_NAMES
from ...models.user import ROLE_NAMES, ROLES
from ..choices import choice_list

ROLE_CHOICES = choice_list((role, ROLE_NAMES[role]) for role in ROLES)


class CreateUserForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired("Enter the person's name."),
                                                Length(max=120)],
                       render_kw={"autocomplete": "off"})
    email = EmailField("Email", validators=[DataRequired("Enter an email address."),
                                            Email("Enter a valid email address."),
                                            Length(max=254)],
                       render_kw={"autocomplete": "off"})
    role = SelectField("Role", choices=ROLE_CHOICES, default="interviewer")
    password = PasswordField(
        "Initial password",
        validators=[DataRequired("Set an initial password."),
                    Length(min=10, max=200, message="Use 10 to 200 characters.")],
        description="At least 10 characters, not a common password and not their email. "
                    "Share it privately, or issue a reset link once the account exists.",
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Add user")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    submit = SubmitField("Change role")


class ActionForm(FlaskForm):
    """A button that only needs its CSRF token."""


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class WebhookForm(FlaskForm):
    url = URLField("Payload URL", validators=[DataRequired("Enter the URL to send events to."),
                                              Length(max=2000)],
                   description="http:// or https://; each event is POSTed here as JSON, "
                               "signed with the secret.",
                   render_kw={"autocomplete": "off", "placeholder": "https://ats.example.com/hooks"})
    description = StringField("Description (optional)", validators=[Length(max=200)],
                              render_kw={"autocomplete": "off"})
    events = _Checkboxes("Events", choices=choice_list(EVENT_NAMES.items()),
                         validators=[DataRequired("Choose at least one event.")])
    include_notes = BooleanField(
        "Include notes and evidence",
        description="Off: deliveries carry ratings, recommendations and decisions but no "
                    "free text about the candidate. On: also scorecard notes and evidence, "
                    "the words behind each flag, and the decision's reason.")
    active = BooleanField("Active", default=True,
                          description="Switched off, nothing is queued for it and anything "
                                      "still queued is not sent.")
    submit = SubmitField("Save webhook")
