from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from ..choices import choice_list


class NewTokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Name the token."), Length(max=80)],
                       description="Where it will be used, e.g. “Greenhouse sync”.")
    scope = RadioField("Access", default="read",
                       choices=choice_list([
                           ("read", "Read only"),
                           ("read_write", "Read and write (loops, scorecards, decisions)")]))
    expires_on = DateField("Expires on (optional)", validators=[Optional()],
                           description="The token stops working at the start of this day "
                                       "(UTC). Leave empty for no expiry.")
    submit = SubmitField("Create token")


class RevokeForm(FlaskForm):
    submit = SubmitField("Revoke")
