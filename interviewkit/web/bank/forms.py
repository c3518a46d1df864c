"""The bank browser's filters (a GET form, so no CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from ...domain import catalog
from ..choices import choice_list

STATES = choice_list([("active", "In use"), ("retired", "Retired"),
                      ("all", "In use and retired")])


def _choices(terms, blank: str) -> list:
    return choice_list([("", blank), *((t.id, t.name) for t in terms)])


class BankFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField("Search", validators=[Optional(), Length(max=200)],
                    render_kw={"placeholder": "Words in the id, title, prompt or follow-ups"})

    round = SelectField("Round", choices=_choices(catalog.ROUNDS, "All rounds"),
                        validators=[Optional()])
    lane = SelectField("Lane", choices=_choices(catalog.LANES, "All lanes"),
                       validators=[Optional()])
    level = SelectField("Level", choices=_choices(catalog.LEVELS, "All levels"),
                        validators=[Optional()])
    signal = SelectField("Signal", choices=_choices(catalog.SIGNALS, "All signals"),
                         validators=[Optional()])
    domain = SelectField("Domain", choices=_choices(catalog.DOMAINS, "Any domain"),
                         validators=[Optional()])
    state = SelectField("Status", choices=STATES, default="active", validators=[Optional()])
