"""Issue 15 item 8: bidi controls in user text cannot reverse the page around them (HTML) or
the text itself (PDF); characters without a glyph print as a visible marker, not a box."""

from __future__ import annotations

import pytest

from interviewkit.pdf import build_packet
from interviewkit.pdf.fonts import markup, plain, visible
from tests.conftest import sign_in
from tests.pdf.helpers import all_text
from tests.pdf.samples import make_debrief

RLO = "\u202e"


@pytest.mark.db
def test_a_name_with_an_override_is_isolated_on_every_page(client, make_user):
    sign_in(client, make_user("admin"))
    make_user("interviewer", name=f"Mallory {RLO}evil")
    html = client.get("/admin/users").get_data(as_text=True)
    name = f"Mallory {RLO}evil"
    ends = [html[i + len(name):i + len(name) + 6] for i in range(len(html))
            if html.startswith(name, i)]
    assert len(ends) >= 2
    # Every occurrence (text, attributes) ends its isolation right after the name: FSI..PDI
    # around template values, <bdi> where the template asks for it.
    assert all(end.startswith("\u2069") or end == "</bdi>" for end in ends), ends
    assert f"\u2068{name}\u2069" in html and f"<bdi>{name}</bdi>" in html


def test_template_values_without_controls_are_untouched(app):
    with app.test_request_context():
        from flask import render_template_string

        assert render_template_string("<p>{{ a }}</p>", a="plain ש text") == \
            "<p>plain ש text</p>"
        assert render_template_string("{{ a|bdi }}", a="x<y") == "<bdi>x&lt;y</bdi>"


def test_pdf_text_drops_overrides_and_keeps_logical_order():
    assert plain(f"price {RLO}0001$") == "price 0001$"
    assert RLO not in markup(f"note {RLO}reversed")


def test_emoji_become_a_visible_marker():
    assert visible("great 👍🏽 work") == "great [thumbs up sign] work"
    assert visible("Zoë 李明") == "Zoë 李明"


def test_a_packet_with_emoji_and_overrides_prints_them_readably():
    debrief = make_debrief(notes=f"Strong answer 🚀 overall. Total {RLO}0001$ quoted.",
                           candidate="Zoë 🙂 Ångström")
    text = all_text(build_packet(debrief))
    assert "[rocket]" in text and "[slightly smiling face]" in text
    assert "0001$" in text and RLO not in text
