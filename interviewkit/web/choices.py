"""Select choices in the shape WTForms wants, shared by every form."""

from __future__ import annotations

from wtforms import SelectChoice


def choice_list(pairs) -> list[SelectChoice]:
    """Return select choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
