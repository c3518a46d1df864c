"""The API reference page reads as a page: back-quoted words are code, nothing is raw markup."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db


def test_reference_page_shows_code_as_code(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in page
    assert "`" not in page.split("<main", 1)[1]


def test_inline_code_escapes_what_it_wraps():
    from interviewkit.web import inline_code

    assert str(inline_code("a `<b>` c <i>")) == "a <code>&lt;b&gt;</code> c &lt;i&gt;"
    assert str(inline_code(None)) == ""
