"""Forms for managing users."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

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
        description="At least 10 characters. Share it privately.",
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Add user")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    submit = SubmitField("Change role")


class ActionForm(FlaskForm):
    """A button that only needs its CSRF token."""
