"""The hiring decision form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

try:  # WTForms 3.2+: tuples as choices are deprecated
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    def SelectChoice(value, label):  # noqa: N802
        return (value, label)

from ...domain import catalog
from ...services.debriefs import DECISION_NAMES, MAX_REASON


class DecisionForm(FlaskForm):
    decision = RadioField("Decision", choices=[SelectChoice(k, v)
                                               for k, v in DECISION_NAMES.items()],
                          validators=[DataRequired(message="Choose a decision.")])
    level = SelectField("Level to hire at", choices=[SelectChoice("", "Choose a level")] + [
        SelectChoice(t.id, t.name) for t in catalog.LEVELS], validate_choice=False)
    reason = TextAreaField(
        "Reason", validators=[DataRequired(message="Say why: the reason is kept with the "
                                                   "decision."), Length(max=MAX_REASON)],
        description="The evidence that decided it. Kept with the decision and in the audit log.")

    def validate_level(self, field) -> None:
        # Only a hire at another level names one; the service checks it differs from the loop's.
        if self.decision.data == "hire_other_level" and field.data not in catalog.LEVEL_IDS:
            raise ValidationError("Choose the level to hire at.")
