"""The batch printing form: the loops a recruiter ticked and the paper size."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import Optional


class BatchForm(FlaskForm):
    # Any loop id may be asked for; the view checks that each exists.
    loop_id = SelectMultipleField("Loops", coerce=int, validate_choice=False)
    # "a4" or "letter"; the view refuses anything else with 400.
    paper = StringField("Paper", validators=[Optional()])
