"""TextBlock, the fast path for plain text: set like a Paragraph, split only between lines."""

from __future__ import annotations

import random

import pytest

from interviewkit.pdf.fonts import markup
from interviewkit.pdf.styles import stylesheet
from interviewkit.pdf.textflow import Paragraph, TextBlock, long_text, para, rich

VOCABULARY = ["a", "an", "the", "of", "ML", "pipeline", "serving-latency", "rollback;", "canary",
              "(5%)", "SLO,", "drift:", "Zoë", "Ångström", "naïve", "—", "“quoted”", "x",
              "supercalifragilisticexpialidocious"]


def _sample(seed: int) -> str:
    rng = random.Random(seed)
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(1, 150))]
    if seed % 3 == 0:
        words[rng.randrange(len(words))] = "W" * rng.randint(60, 200)  # wider than a line
    text = " ".join(words)
    return text.replace(" ", "\n", 2) if seed % 4 == 0 else text


@pytest.mark.parametrize("seed", range(40))
def test_lines_break_where_paragraph_breaks_them(seed):
    styles = stylesheet()
    text = _sample(seed)
    style = styles[("body", "cell", "cell_italic", "prompt", "cell_bold")[seed % 5]]
    width = (40, 77.7, 150.3, 200, 481.9)[seed % 5]
    block, paragraph = TextBlock(text, style), Paragraph(markup(text), style)
    assert block.wrap(width, 10_000) == paragraph.wrap(width, 10_000)
    if paragraph.blPara.kind == 0:  # one font: the same words on the same lines
        assert [line for line, _, _ in block._lines] == [
            " ".join(words) for _, words in paragraph.blPara.lines]


def test_split_happens_between_lines_and_keeps_every_word():
    style = stylesheet()["body"]
    text = " ".join(f"w{i}" for i in range(3000))
    block = TextBlock(text, style)
    _, height = block.wrap(400, 700)
    pieces, rest = [], block
    while True:
        parts = rest.split(400, 700)
        if parts == [rest]:
            pieces.append(rest)
            break
        head, rest = parts
        assert head.wrap(400, 700)[1] <= 700
        pieces.append(head)
    assert len(pieces) > 3
    assert sum(piece.wrap(400, 700)[1] for piece in pieces) == height
    words = " ".join(line for piece in pieces for line, _, _ in piece._lines).split()
    assert words == text.split()


def test_no_orphan_line_at_a_page_foot():
    style = stylesheet()["body"]
    block = TextBlock(" ".join(["word"] * 400), style)
    assert block.split(400, style.leading * 1.5) == []
    assert len(block.split(400, style.leading * 2.5)) == 2


def test_user_text_of_every_script_takes_the_fast_path():
    # Issue 15 item 9: CJK, right-to-left and mixed text are TextBlocks too (one font switch
    # per CJK run), so long notes in any script lay out in linear time.
    s = stylesheet()
    assert isinstance(para("Zoë Ångström — “fine”", s["cell"]), TextBlock)
    assert isinstance(para("李明", s["cell"]), TextBlock)
    assert isinstance(para("שרה כהן", s["cell"]), TextBlock)
    assert isinstance(para("soft\xadhyphen", s["cell"]), Paragraph)
    assert isinstance(rich("Notes", s["label"]), TextBlock)
    assert isinstance(rich("<b>Notes</b>", s["label"]), Paragraph)
    assert isinstance(rich("a &amp; b", s["label"]), Paragraph)
    flowables = long_text("One.\n\nTwo 山田.\n\nThree.", s["body"])
    assert [type(f) for f in flowables] == [TextBlock] * 3


def test_mixed_script_lines_switch_to_the_cjk_face_only_for_cjk_runs():
    from interviewkit.pdf.fonts import CJK, UNI, face_runs

    assert face_runs("model 模型 serving 服务 延迟", UNI) == [
        (UNI, "model "), (CJK, "模型"), (UNI, " serving "), (CJK, "服务 延迟")]
    block = TextBlock("模型" * 400, stylesheet()["body"])
    _, height = block.wrap(300, 10_000)
    assert len(block._lines) > 5 and "".join(line for line, _, _ in block._lines) == "模型" * 400


def test_empty_text_takes_no_room():
    block = para("", stylesheet()["cell"])
    assert block.wrap(100, 100) == (100, 0)
