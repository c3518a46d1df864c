"""Cells a spreadsheet would run as formulas (CSV injection), and how to make them inert.

Excel, LibreOffice and Google Sheets evaluate a CSV cell that starts with = + - or @ (and,
in some versions, one that starts with a tab or carriage return) as a formula, which can
fetch URLs or run commands. Text from users — candidate names, question titles — must never
reach an export in that shape.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@")
_RISKY_WHITESPACE = ("\t", "\r", "\n")


def looks_like_formula(text: str) -> bool:
    """Return whether a spreadsheet could read this text as a formula."""
    if not text:
        return False
    return text.startswith(_RISKY_WHITESPACE) or text.lstrip().startswith(FORMULA_STARTS)


def safe_cell(value: object) -> object:
    """Return a CSV cell that no spreadsheet evaluates: risky text gets a leading quote.

    Numbers stay numbers (a negative figure is data, not a formula)."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value
