"""The read-only bank browser and the rubric view."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import BankQuestion
from interviewkit.services.rubrics import current_rubric_set
from tests.conftest import sign_in

pytestmark = pytest.mark.db


@pytest.fixture
def as_manager(client, make_user):
    sign_in(client, make_user("hiring_manager"))
    return client


def rows(app) -> list[BankQuestion]:
    with app.app_context():
        found = db.session.execute(sa.select(BankQuestion)).scalars().all()
        for row in found:
            db.session.expunge(row)
        return found


def shown_ids(page: str) -> set[str]:
    import re

    return set(re.findall(r'<article class="card bank-question[^"]*" id="q-([^"]+)"', page))


def all_shown(client, query: str) -> set[str]:
    """Every question id the browser lists for a query, over all its pages."""
    import re

    first = client.get(f"/bank/?{query}").get_data(as_text=True)
    pages = max([1, *map(int, re.findall(r'class="page-link" href="[^"]*page=(\d+)"', first))])
    found = shown_ids(first)
    for number in range(2, pages + 1):
        found |= shown_ids(client.get(f"/bank/?{query}&page={number}").get_data(as_text=True))
    return found


def test_bank_shows_full_text_version_and_usage(app, as_manager):
    question = sorted(rows(app), key=lambda r: r.id)[0]
    with app.app_context():
        db.session.execute(sa.update(BankQuestion).where(BankQuestion.id == question.id)
                           .values(times_used=3))
        db.session.commit()
    page = as_manager.get(f"/bank/?round={question.round}").get_data(as_text=True)
    start = page.index(f'id="q-{question.id}"')
    card = page[start:page.index("</article>", start)]
    assert "Used in 3 loops" in card and f"Version {question.version}" in card
    for text in (question.prompt, question.strong_answer, question.weak_answer,
                 *question.follow_ups):
        first_line = text.strip().splitlines()[0].replace("'", "&#39;").replace('"', "&#34;")
        assert first_line[:40] in card


@pytest.mark.parametrize("key", ["round", "lane", "level", "signal", "domain"])
def test_each_filter_narrows_to_matching_questions(app, as_manager, key):
    everything = [r for r in rows(app) if r.active]
    attribute = {"round": lambda r: [r.round], "lane": lambda r: r.lanes,
                 "level": lambda r: r.levels, "signal": lambda r: r.signals,
                 "domain": lambda r: r.domains or []}[key]
    value = next(v for r in everything for v in attribute(r))
    expected = {r.id for r in everything if value in attribute(r)}
    assert all_shown(as_manager, f"{key}={value}") == expected
    assert len(expected) < len(everything)


def test_retired_questions_are_marked_and_filterable(app, as_manager):
    retired = sorted(rows(app), key=lambda r: r.id)[0]
    with app.app_context():
        db.session.execute(sa.update(BankQuestion).where(BankQuestion.id == retired.id)
                           .values(active=False))
        db.session.commit()
    assert retired.id not in shown_ids(as_manager.get("/bank/").get_data(as_text=True))
    page = as_manager.get("/bank/?state=retired").get_data(as_text=True)
    assert shown_ids(page) == {retired.id} and "Retired" in page


def test_no_match_says_what_to_do(as_manager):
    page = as_manager.get("/bank/?round=screen&domain=climate&level=junior&signal=safety")
    assert "No question matches these filters" in page.get_data(as_text=True)


def test_rubrics_show_anchors_for_the_chosen_level_and_flag_severity(app, client, make_user):
    sign_in(client, make_user("interviewer"))
    with app.app_context():
        rubric_set = current_rubric_set()
    screen = rubric_set.for_round("screen")
    criterion = screen.criteria[0]
    page = client.get("/bank/rubrics?level=staff").get_data(as_text=True)
    assert criterion.name in page
    assert criterion.anchor("staff", 3).replace("'", "&#39;")[:50] in page
    assert criterion.anchor("junior", 3).replace("'", "&#39;")[:50] not in page
    assert screen.probes[0].question in page
    assert 'aria-current="page"' in page and ">Staff</a>" in page
    flag = next(iter(rubric_set.flags.values()))
    assert flag.label in page
    assert "Blocking" in page and "Concern" in page


def test_unknown_level_falls_back_to_mid(client, make_user):
    sign_in(client, make_user("admin"))
    response = client.get("/bank/rubrics?level=wizard")
    assert response.status_code == 200
    assert 'aria-current="page">Mid-level</a>' in response.get_data(as_text=True)


def test_the_first_page_is_small_and_paginated(app, as_manager):
    response = as_manager.get("/bank/")
    page = response.get_data(as_text=True)
    active = [r for r in rows(app) if r.active]
    assert len(response.data) < 150_000
    assert len(shown_ids(page)) == 20 < len(active)
    assert f"of {len(active)} questions" in page and 'aria-current="page">1</a>' in page
    assert all_shown(as_manager, "state=active") == {r.id for r in active}
    # Answers are one tap away, not spread over the page.
    assert page.count('<details class="bank-more">') == 20


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "99999999999999999999999", "9999"])
def test_odd_page_numbers_show_a_real_page(as_manager, raw):
    response = as_manager.get(f"/bank/?page={raw}")
    assert response.status_code == 200
    assert len(shown_ids(response.get_data(as_text=True))) > 0


def test_search_finds_words_anywhere_in_a_question_and_keeps_filters(app, as_manager):
    import re

    target = next(r for r in sorted(rows(app), key=lambda r: r.id)
                  if r.active and r.round == "coding")
    word = max(target.title.split(), key=len).strip(".,:;()")
    found = all_shown(as_manager, f"q={word.upper()}")
    assert target.id in found
    assert all(word.casefold() in " ".join([r.id, r.title, r.prompt, *r.follow_ups]).casefold()
               for r in rows(app) if r.id in found)
    narrowed = all_shown(as_manager, f"q={word}&round=screen")
    assert target.id not in narrowed
    page = as_manager.get("/bank/?q=zzqxnotaword").get_data(as_text=True)
    assert "No question matches this search" in page
    # Pages keep the search and filters in their links.
    many = as_manager.get("/bank/?q=model&lane=applied").get_data(as_text=True)
    link = re.search(r'href="([^"]*page=2[^"]*)"', many).group(1)
    assert "q=model" in link and "lane=applied" in link
