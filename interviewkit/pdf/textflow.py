"""Free text as flowables that wrap and split across pages and never overflow a table cell.

A single Paragraph taller than a page cannot sit in a table cell (ReportLab raises
LayoutError), and splitting one very long Paragraph re-wraps the rest of it at every page.
So long text goes into the page flow as paragraphs of bounded size, and table cells hold
only a bounded excerpt that points to the full text below the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Paragraph

from .fonts import markup

# Above this, a paragraph is cut at sentence (or word) ends into pieces of about CHUNK chars.
CHUNK = 1500
# Longer cell text shows an excerpt in the cell and the full text after the table.
CELL_LIMIT = 700
EXCERPT = 280

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


class Paragraph(_Paragraph):
    """A Paragraph that keeps its line breaks while the width it is wrapped at stays the same.

    Tables wrap every cell to measure it and again to draw it, and frames wrap a paragraph
    again after a page break; line breaking is the largest cost of a packet.
    """

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # Split and copied paragraphs carry no (or another) blPara: the cache follows it.
        cached = self.__dict__.get("_wrapped")
        if cached is not None and cached[0] == available_width \
                and cached[1] is self.__dict__.get("blPara"):
            return self.width, self.height
        width, height = super().wrap(available_width, available_height)
        self._wrapped = (available_width, self.blPara)
        return width, height


def para(text: str | None, style: ParagraphStyle) -> Paragraph:
    """Return one Paragraph of user text, escaped and with font fallback."""
    return Paragraph(markup(text or ""), style)


def long_text(text: str | None, style: ParagraphStyle,
              continuation: ParagraphStyle | None = None) -> list[Flowable]:
    """Return paragraphs for free text: blank lines separate paragraphs, long ones are chunked."""
    flowables: list[Flowable] = []
    tight = continuation or ParagraphStyle(style.name + "_cont", parent=style, spaceBefore=0,
                                           spaceAfter=0)
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        block = block.strip("\n")
        if not block.strip():
            continue
        pieces = list(_chunks(block))
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            flowables.append(Paragraph(markup(piece), style if last else tight))
    return flowables


def _chunks(block: str) -> Iterable[str]:
    if len(block) <= CHUNK:
        yield block
        return
    current = ""
    for sentence in _pieces(block):
        if current and len(current) + len(sentence) + 1 > CHUNK:
            yield current
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        yield current


def _pieces(block: str) -> Iterable[str]:
    """Split a block into sentences, and overlong sentences into word groups or slices."""
    for sentence in _SENTENCE_END.split(block):
        if len(sentence) <= CHUNK:
            yield sentence
            continue
        words = sentence.split(" ")
        group = ""
        for word in words:
            while len(word) > CHUNK:  # no spaces at all (CJK text, pasted data)
                if group:
                    yield group
                    group = ""
                yield word[:CHUNK]
                word = word[CHUNK:]
            if group and len(group) + len(word) + 1 > CHUNK:
                yield group
                group = word
            else:
                group = f"{group} {word}" if group else word
        if group:
            yield group


class Overflow:
    """Collects cell texts too long for a table, to print in full below it."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def cell(self, text: str | None, style: ParagraphStyle, title: str,
             limit: int = CELL_LIMIT) -> Paragraph:
        """Return a cell Paragraph; over the limit, an excerpt that points below the table."""
        text = (text or "").strip()
        if len(text) <= limit:
            return para(text, style)
        self.items.append((title, text))
        excerpt = text[:EXCERPT].rsplit(" ", 1)[0] if " " in text[:EXCERPT] else text[:EXCERPT]
        number = len(self.items)
        return Paragraph(markup(excerpt) + f"\u2026 <i>(continued below, [{number}])</i>",
                         style)

    def flowables(self, heading: ParagraphStyle, body: ParagraphStyle) -> list[Flowable]:
        """Return the collected texts in full, each under its title."""
        out: list[Flowable] = []
        for number, (title, text) in enumerate(self.items, 1):
            out.append(Paragraph(f"[{number}] " + markup(title), heading))
            out.extend(long_text(text, body))
        self.items = []
        return out
