"""The debrief packet, read back with pypdf: everything the room needs is in it, on paper."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

import pytest

from interviewkit.domain.debrief import Rating
from interviewkit.pdf import PaperError, build_batch, build_packet
from tests.pdf.helpers import all_text, flat, page_sizes, page_texts, reader
from tests.pdf.samples import CRITERIA, make_debrief

PRINTED = datetime(2026, 3, 5, 8, 30)


@pytest.fixture(scope="module")
def debrief():
    return make_debrief(awaiting_round="deep_dive")


@pytest.fixture(scope="module")
def packet(debrief) -> bytes:
    return build_packet(debrief, paper="a4", generated_at=PRINTED)


@pytest.fixture(scope="module")
def text(packet) -> str:
    return all_text(packet)


def test_every_rating_anchor_and_evidence_appears(debrief, text):
    cards = [card for r in debrief.rounds for card in r.scorecards]
    assert len(cards) == 7
    for card in cards:
        for rating in card.ratings:
            if rating.value:
                assert flat(rating.anchor) in text
                assert flat(rating.evidence) in text
        rated = [r.value for r in card.ratings if r.value]
        assert rated, "sample cards rate something"
    # Each card's ratings appear as "n / 4" in its own table, in criterion order.
    for card in cards:
        first = card.ratings[0]
        assert f"{first.criterion_name} {first.value} / 4" in text


def test_every_flag_reason_dismissal_and_probe_appears(debrief, text):
    for round_ in debrief.rounds:
        for card in round_.scorecards:
            for flag in card.flags:
                assert flat(flag.label) in text
                assert flat(flag.because) in text
            for dismissed in card.dismissed:
                assert flat(dismissed.because) in text
                assert flat(dismissed.reason) in text
            for probe in card.probes:
                assert flat(probe.question) in text
            assert flat(card.notes) in text


def test_every_name_and_the_loop_facts_appear(debrief, text):
    names = {card.interviewer for r in debrief.rounds for card in r.scorecards}
    names |= {name for r in debrief.rounds for name in r.awaiting}
    for name in names | {debrief.loop.candidate_name, debrief.loop.role_title}:
        assert name in text
    for expected in ("Applied ML / production", "Senior", "E-commerce", "Awaiting debrief",
                     "2–3 Mar 2026", "Evidence points to mid-level, not senior."):
        assert expected in text


def test_summary_page_has_matrix_tally_disagreements_and_missing(packet):
    summary = page_texts(packet)[1]
    assert summary.startswith("Summary")
    for _, name in CRITERIA["system_design"]:
        assert name in summary
    assert "Testing ↕ 3-point spread" in summary
    assert "Strong yes 2 · Yes 1" in summary
    assert "Coding · Testing: Ana Lima 1, Bo Chen 4 (3 apart)" in summary
    assert "Deep dive: awaiting Bo Chen" in summary
    assert "Flags (3 blocking, 2 concern, 2 info)" in summary


def test_every_page_is_marked_confidential_numbered_and_headed(packet, debrief):
    texts = page_texts(packet)
    total = len(texts)
    assert total >= 6  # cover, summary, four rounds
    for number, page in enumerate(texts, 1):
        assert "Confidential — candidate evaluation" in page
        assert f"page {number} of {total}" in page
        assert debrief.loop.candidate_name in page
        assert "loop 42" in page


def test_each_round_has_its_section_and_awaiting_rounds_say_so(packet, debrief):
    texts = page_texts(packet)
    for number, round_ in enumerate(debrief.rounds, 1):
        assert any(page.startswith(f"Round {number} · {round_.title}") for page in texts)
    text = " ".join(texts)
    assert "Still owed by Bo Chen" in text
    assert "Question one of coding" in text


def test_a_round_with_no_scorecard_is_marked_awaiting():
    debrief = make_debrief()
    first = debrief.rounds[0]
    empty = dataclasses.replace(first, scorecards=(), awaiting=("Ana Lima", "Bo Chen"))
    debrief = dataclasses.replace(debrief, rounds=(empty,) + debrief.rounds[1:])
    text = all_text(build_packet(debrief))
    assert "Awaiting scorecard — No scorecard has been submitted for this round yet " \
           "(owed by Ana Lima, Bo Chen)." in text


def test_amended_scorecards_are_marked_with_the_time(text):
    assert "AMENDED 4 Mar 2026 09:30 UTC" in text
    assert text.count("AMENDED") == 1


def test_recorded_decision_is_on_the_cover():
    debrief = make_debrief()
    loop = dataclasses.replace(debrief.loop, status="decided", decision="hire_other_level",
                               decision_level="mid", decision_reason="Strong hands-on, "
                               "no platform ownership yet.", decided_by="Hana Manager",
                               decided_at=datetime(2026, 3, 6, 11, 0))
    cover = page_texts(build_packet(dataclasses.replace(debrief, loop=loop)))[0]
    assert "Hire at another level (Mid-level) — Hana Manager · 6 Mar 2026 11:00 UTC" in cover
    assert "Strong hands-on, no platform ownership yet." in cover
    assert "Decided" in cover


def test_metadata_names_the_packet_and_interviewkit(packet):
    meta = reader(packet).metadata
    assert meta.author == "interviewkit"
    assert meta.title == "Debrief packet — Zoë Ångström-Nakamura (loop 42)"


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792)),
                                             ("LETTER", (612, 792))])
def test_paper_sizes(debrief, paper, size):
    assert page_sizes(build_packet(debrief, paper=paper)) == {size}


def test_unknown_paper_is_refused(debrief):
    with pytest.raises(PaperError):
        build_packet(debrief, paper="a3")


def _with_notes(debrief, notes: str, evidence: str | None = None):
    round_ = debrief.rounds[1]
    card = round_.scorecards[0]
    ratings = card.ratings
    if evidence is not None:
        ratings = (dataclasses.replace(ratings[0], evidence=evidence),) + ratings[1:]
    card = dataclasses.replace(card, notes=notes, ratings=ratings)
    round_ = dataclasses.replace(round_, scorecards=(card,) + round_.scorecards[1:])
    return dataclasses.replace(debrief, rounds=(debrief.rounds[0], round_) + debrief.rounds[2:])


def _numbered_words(count: int, prefix: str, sentence: int = 14, paragraph: int = 160) -> str:
    words = []
    for index in range(count):
        word = f"{prefix}{index}"
        if index % sentence == sentence - 1:
            word += "."
        if paragraph and index % paragraph == paragraph - 1:
            word += "\n\n"
        words.append(word)
    return " ".join(words).replace("\n\n ", "\n\n")


def _tokens(text: str, prefix: str) -> list[int]:
    return [int(n) for n in re.findall(rf"\b{prefix}(\d+)\b", text)]


def test_a_forty_page_note_is_printed_whole():
    words = 24000
    notes = _numbered_words(words, "w") + " the final words of the note"
    data = build_packet(_with_notes(make_debrief(), notes))
    texts = page_texts(data)
    assert len(texts) >= 40
    text = " ".join(texts)
    assert _tokens(text, "w") == list(range(words))  # nothing cut, nothing repeated
    assert "the final words of the note" in text
    assert f"page {len(texts)} of {len(texts)}" in texts[-1]


def test_a_note_without_breaks_or_spaces_is_printed_whole():
    one_paragraph = " ".join(f"p{i}" for i in range(9000))  # no sentence or paragraph breaks
    unbroken = "漢字" * 6000  # no spaces at all
    text = all_text(build_packet(_with_notes(make_debrief(), one_paragraph + "\n\n" + unbroken)))
    assert _tokens(text, "p") == list(range(9000))
    # Page breaks put the running header between characters, so count them one by one.
    assert text.count("漢") == text.count("字") == 6000


def test_long_evidence_leaves_the_table_and_is_printed_whole():
    evidence = _numbered_words(9000, "e", paragraph=0)
    text = all_text(build_packet(_with_notes(make_debrief(), "short", evidence=evidence)))
    assert "(continued below, [1])" in text
    assert "[1] Evidence — Problem framing" in text
    tokens = _tokens(text, "e")
    excerpt = tokens[:-9000]  # the start shown in the cell
    assert 10 < len(excerpt) < 100 and excerpt == list(range(len(excerpt)))
    assert tokens[-9000:] == list(range(9000))


def test_table_headers_repeat_when_a_table_breaks_across_pages():
    debrief = make_debrief()
    round_ = debrief.rounds[0]
    card = round_.scorecards[0]
    many = tuple(Rating(f"c{i}", f"Criterion {i}", (i % 4) + 1, f"anchor {i} " * 20,
                        f"evidence {i} " * 25) for i in range(40))
    card = dataclasses.replace(card, ratings=many)
    round_ = dataclasses.replace(round_, scorecards=(card,) + round_.scorecards[1:])
    texts = page_texts(build_packet(dataclasses.replace(
        debrief, rounds=(round_,) + debrief.rounds[1:])))
    header = "Criterion Rating Anchor at senior Evidence"
    pages = [i for i, page in enumerate(texts) if "Criterion 39" in page or "Criterion 0 " in page]
    spanned = range(pages[0], pages[-1] + 1)
    assert len(spanned) >= 2
    for index in spanned:
        assert header in texts[index]


def test_accented_cjk_and_rtl_names_come_back_out():
    names = ("Zoë Ångström-Nakamura", "李明", "山田太郎", "김민준", "François Łukasz")
    debrief = make_debrief(candidate="李明 Li Ming", interviewers=("山田太郎", "François Łukasz"))
    debrief = _with_notes(debrief, "Met with 김민준 and Zoë Ångström-Nakamura. شرح نموذج")
    text = all_text(build_packet(debrief))
    for name in names:
        assert name in text


def test_rtl_names_are_drawn_in_display_order():
    from interviewkit.pdf.fonts import visual_order

    assert visual_order("שרה כהן") == "ןהכ הרש"  # drawn right to left
    assert visual_order("Ana, שרה") == "Ana, הרש"  # an LTR line keeps its order
    assert visual_order("Plain text") == "Plain text"
    debrief = make_debrief(candidate="שרה כהן", interviewers=("محمد علي", "Bo Chen"))
    data = build_packet(debrief)
    assert reader(data).metadata.title == "Debrief packet — שרה כהן (loop 42)"
    assert len(reader(data).pages) >= 6


def test_user_text_cannot_inject_markup():
    debrief = _with_notes(make_debrief(), "Said <b>bold</b> & <font size=40>big</font> <br/>")
    text = all_text(build_packet(debrief))
    assert "Said <b>bold</b> & <font size=40>big</font> <br/>" in text


def test_batch_has_contents_and_each_packet_on_its_own_pages():
    debriefs = [make_debrief(loop_id=i, candidate=f"Candidate {i} 山田")
                for i in (3, 1, 2)]
    data = build_batch(debriefs, paper="letter", generated_at=PRINTED)
    texts = page_texts(data)
    assert page_sizes(data) == {(612, 792)}
    contents = texts[0]
    assert contents.startswith("Debrief packets 3 loops")
    starts = {}
    for index, page in enumerate(texts):
        found = re.search(r"Debrief packet (Candidate \d+ 山田)", page)
        if found and index:
            starts[found.group(1)] = index + 1
    assert list(starts) == [d.loop.candidate_name for d in debriefs]
    for debrief in debriefs:
        assert f"{debrief.loop.candidate_name} loop {debrief.loop.id} · 2–3 Mar 2026" in contents
    # The page numbers are written in once the layout is done, so they come out last.
    numbers = [int(n) for n in contents.split(f"sheet 1 of {len(texts)}")[1].split()]
    assert numbers == [starts[d.loop.candidate_name] for d in debriefs]
    # Each packet numbers its own pages; the sheet number counts the whole batch.
    first = starts[debriefs[1].loop.candidate_name] - 1
    assert "page 1 of" in texts[first] and f"sheet {first + 1} of {len(texts)}" in texts[first]
    assert len(reader(data).outline) == 4


def test_an_empty_debrief_still_prints():
    debrief = make_debrief()
    rounds = tuple(dataclasses.replace(r, scorecards=(), awaiting=(), questions=())
                   for r in debrief.rounds)
    debrief = dataclasses.replace(debrief, rounds=rounds, recommendations=(), flags={},
                                  disagreements=(), level_signal=None, missing=())
    text = all_text(build_packet(debrief))
    assert "No flags stand on any submitted scorecard." in text
    assert "No questions were planned for this round." in text


def test_contents_over_several_pages_link_every_packet():
    base = make_debrief()
    bare = tuple(dataclasses.replace(r, scorecards=(), awaiting=(), questions=())
                 for r in base.rounds)
    debriefs = [dataclasses.replace(base, loop=dataclasses.replace(base.loop, id=n,
                                                                   candidate_name=f"Cand {n}"),
                                    rounds=bare, flags={}, disagreements=(), missing=())
                for n in range(45)]
    data = build_batch(debriefs)
    texts = page_texts(data)
    contents = [page for page in texts if "Debrief packets" in page and "Page" in page]
    assert len(contents) >= 2
    links = [annotation.get_object() for page in reader(data).pages[:len(contents)]
             for annotation in page.get("/Annots", [])]
    assert len(links) == 45
