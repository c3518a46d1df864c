"""Forms for planning a loop: the intake, round lengths, swaps, panels, and bare actions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import SelectField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ...domain import catalog
from ...domain.lifecycle import STATUS_NAMES
from ..choices import choice_list

MINUTES_RANGE = (15, 180)


def _choices(terms, blank: str | None = None) -> list:
    pairs = [(t.id, t.name) for t in terms]
    return choice_list([("", blank), *pairs] if blank is not None else pairs)


def _minutes_field(round_id: str) -> IntegerField:
    low, high = MINUTES_RANGE
    return IntegerField(
        catalog.name_of(catalog.ROUNDS, round_id),
        default=catalog.DEFAULT_ROUND_MINUTES[round_id],
        validators=[InputRequired("Enter the round's length in minutes."),
                    NumberRange(low, high, f"A round lasts {low} to {high} minutes.")],
        render_kw={"min": low, "max": high, "step": 5, "inputmode": "numeric"})


class RoundMinutesMixin:
    screen = _minutes_field("screen")
    system_design = _minutes_field("system_design")
    coding = _minutes_field("coding")
    deep_dive = _minutes_field("deep_dive")

    def round_minutes(self) -> dict[str, int]:
        return {r: getattr(self, r).data for r in catalog.ROUND_IDS}

    def minute_fields(self) -> list:
        return [getattr(self, r) for r in catalog.ROUND_IDS]


class IntakeForm(RoundMinutesMixin, FlaskForm):
    candidate_name = StringField(
        "Candidate name", validators=[DataRequired("Enter the candidate's name."),
                                      Length(max=200)],
        render_kw={"autocomplete": "off"})
    candidate_email = EmailField(
        "Candidate email",
        validators=[DataRequired("Enter the candidate's email."),
                    Email("Enter a valid email address."), Length(max=254)],
        description="Questions this candidate was asked in earlier loops are left out.",
        render_kw={"autocomplete": "off"})
    role_title = StringField(
        "Role title", default="Machine Learning Engineer",
        validators=[DataRequired("Enter the role title."), Length(max=200)])
    lane = SelectField("Lane", choices=_choices(catalog.LANES, "Choose a lane"),
                       validators=[DataRequired("Choose a lane.")])
    level = SelectField("Level", choices=_choices(catalog.LEVELS, "Choose a level"),
                        validators=[DataRequired("Choose a level.")])
    # No Optional() here: it would stop the chain before validate_domain runs.
    domain = SelectField("Domain (optional)", choices=_choices(catalog.DOMAINS, "No domain"),
                         description="Domain-specialist loops draw deep-dive questions "
                                     "from this domain.")
    deployment_target = SelectField(
        "Deployment target", choices=_choices(catalog.DEPLOYMENT_TARGETS,
                                              "Choose a target"),
        validators=[DataRequired("Choose where the models will run.")])
    work_type = SelectField(
        "What the work is mostly", choices=_choices(catalog.WORK_TYPES, "Not stated"), default="",
        description="The planner prefers questions that fit this work.")
    platform_team = SelectField(
        "Is there a platform or MLOps team?", default="",
        choices=choice_list([("", "Not stated"), ("yes", "Yes"),
                             ("no", "No: the hire owns infrastructure")]))
    framework = StringField("Team framework", validators=[Optional(), Length(max=80)],
                            description="Shown to every interviewer, e.g. PyTorch.",
                            render_kw={"autocomplete": "off"})
    submit = SubmitField("Plan the loop")

    def platform_team_value(self) -> bool | None:
        return None if not self.platform_team.data else self.platform_team.data == "yes"

    def validate_domain(self, field) -> None:
        if self.lane.data == "domain" and not field.data:
            raise ValidationError("Domain-specialist loops need a domain.")


class RoundMinutesForm(RoundMinutesMixin, FlaskForm):
    submit = SubmitField("Re-plan with these lengths")


class ActionForm(FlaskForm):
    """A button that only needs its CSRF token (regenerate, publish)."""


class CancelForm(FlaskForm):
    reason = TextAreaField(
        "Why is the loop cancelled?",
        validators=[DataRequired("Say why the loop is cancelled; interviewers and recruiters "
                                 "see it."),
                    Length(max=2000, message="Keep the reason under 2000 characters.")],
        render_kw={"rows": 3, "placeholder": "For example: the candidate accepted another offer"})


class SwapForm(FlaskForm):
    replacement = RadioField("Replacement question", choices=[],
                             validators=[InputRequired("Choose a replacement question.")])
    submit = SubmitField("Swap in this question")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PanelForm(FlaskForm):
    interviewers = MultiCheckboxField(
        "Interviewers", coerce=int, choices=[],
        validators=[DataRequired("Choose at least one interviewer.")])
    # Entered in the viewer's zone; the view converts it to UTC (services store UTC only).
    scheduled_at = DateTimeLocalField(
        "Date and time", format="%Y-%m-%dT%H:%M",
        validators=[InputRequired("Enter the interview's date and time.")])
    confirm_overlap = BooleanField("Save anyway: the overlap is intended")
    submit = SubmitField("Save panel")


class LoopFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search candidates", validators=[Optional(), Length(max=200)],
                    render_kw={"placeholder": "Name or email", "type": "search"})
    lane = SelectField("Lane", choices=_choices(catalog.LANES, "All lanes"),
                       validators=[Optional()])
    level = SelectField("Level", choices=_choices(catalog.LEVELS, "All levels"),
                        validators=[Optional()])
    status = SelectField("Status",
                         choices=choice_list([("", "All statuses"), *STATUS_NAMES.items()]),
                         validators=[Optional()])
    owner = SelectField("Hiring manager", choices=choice_list([("", "Anyone")]),
                        validators=[Optional()])


class ImportUploadForm(FlaskForm):
    file = FileField("CSV file from your applicant tracker",
                     validators=[FileRequired("Choose the CSV file to import.")],
                     description="A header line naming name, email, role, lane, level and "
                                 "(optionally) domain, then one candidate per line. Commas, "
                                 "semicolons or tabs between fields; saved as UTF-8.",
                     render_kw={"accept": ".csv,text/csv"})
    submit = SubmitField("Check the file")


class ImportConfirmForm(FlaskForm):
    # The checked file (base64) travels back with the confirmation and is checked again.
    csv_text = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Create the draft loops")
