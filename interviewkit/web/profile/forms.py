"""Forms for a person's own settings: time zone, optional messages, calendar feed."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, SubmitField
from wtforms.validators import DataRequired, ValidationError

from ...domain.schedule import is_zone, zone_names
from ...services.reminders import OPTIONAL
from ..choices import choice_list


def _valid_zone(_form, field) -> None:
    if not is_zone(field.data):
        raise ValidationError("Choose a time zone from the list (for example Europe/Paris).")


class ProfileForm(FlaskForm):
    time_zone = SelectField("Time zone", choices=[],
                            validators=[DataRequired("Choose a time zone."), _valid_zone],
                            description="Every date and time is entered and shown in this zone.")
    invites = BooleanField(OPTIONAL["invites"])
    debrief_ready = BooleanField(OPTIONAL["debrief_ready"])
    submit = SubmitField("Save settings")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone.choices = choice_list((name, name.replace("_", " "))
                                             for name in zone_names())

    def muted(self) -> list[str]:
        return [name for name in OPTIONAL if not getattr(self, name).data]


class ZoneProposalForm(FlaskForm):
    """The first-sign-in banner: the zone the browser reported, accepted with one tap."""

    zone = HiddenField(validators=[DataRequired("No time zone was given."), _valid_zone])
    next = HiddenField()


class FeedForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
