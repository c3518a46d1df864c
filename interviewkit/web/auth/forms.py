from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Sign in")


def _new_password_fields(label: str):
    new = PasswordField(
        label, validators=[DataRequired("Choose a new password."), Length(max=200)],
        description="At least 10 characters; not a common password and not your email. "
                    "A few unrelated words work well.",
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired("Repeat the new password."),
                    EqualTo("new_password", "The two new passwords differ.")],
        render_kw={"autocomplete": "new-password"})
    return new, confirm


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password."),
                                        Length(max=200)],
        render_kw={"autocomplete": "current-password"})
    new_password, confirm = _new_password_fields("New password")
    submit = SubmitField("Change password")


class ResetPasswordForm(FlaskForm):
    new_password, confirm = _new_password_fields("New password")
    submit = SubmitField("Set password")
