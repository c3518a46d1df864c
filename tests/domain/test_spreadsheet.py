"""CSV exports never hand a spreadsheet a formula."""

from __future__ import annotations

import pytest

from interviewkit.domain.spreadsheet import looks_like_formula, safe_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", " =1",
                                  "\n@x"])
def test_formula_shaped_text_gets_a_leading_quote(text):
    assert looks_like_formula(text)
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Ana Sousa", "Anne-Marie", "a=b", "", 3, -2.5, None])
def test_everything_else_is_left_alone(value):
    assert safe_cell(value) == value
