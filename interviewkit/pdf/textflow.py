"""Free text as flowables that wrap and split across pages and never overflow a table cell.

A single Paragraph taller than a page cannot sit in a table cell (ReportLab raises
LayoutError), and splitting one very long Paragraph re-wraps the rest of it at every page.
So long text goes into the page flow as paragraphs of bounded size, and table cells hold
only a bounded excerpt that points to the full text below the table.

Plain text that the standard Helvetica can set (nearly all of a packet) skips Paragraph
altogether: `TextBlock` breaks it into lines with cached word widths, draws each block as one
text object and splits across pages at line boundaries. Text with CJK or right-to-left runs
needs a font switch per run and keeps the Paragraph path.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Paragraph

from ..domain.prose import prose_blocks
from .fonts import UNICODE_FACE, display_text, face_runs, markup, standard_text

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


# Word widths by (font, size): free text repeats its words, and measuring is most of wrapping.
_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
_WIDTHS_LIMIT = 50_000


def _measure(font: str, size: float) -> dict[str, float]:
    widths = _WIDTHS.get((font, size))
    if widths is None or len(widths) > _WIDTHS_LIMIT:
        widths = _WIDTHS[(font, size)] = {}
    return widths


class TextBlock(Flowable):
    """Plain text in one standard font, set like a left-aligned Paragraph of the same style.

    Lines are broken as ReportLab breaks a single-font paragraph (greedy, spaces may shrink by
    the style's spaceShrinkage, over-wide words split by character); the block splits across
    pages only between lines, so no text is ever cut or repeated.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        # Text beyond what the standard font sets is drawn in DejaVu with CJK runs in the CJK
        # face (it arrives already in display order: see `display_text`).
        self._face: str | None = None if standard_text(text) else \
            UNICODE_FACE.get(style.fontName, style.fontName)
        self.width = self.height = 0
        self._lines: list[tuple[str, float, float]] = []  # text, width, word space adjust
        self._wrapped_at: float | None = None

    @classmethod
    def _from_lines(cls, text: str, style: ParagraphStyle, lines: list, width: float,
                    wrapped_at: float) -> TextBlock:
        block = cls(text, style)
        block._lines = lines
        block.width = width
        block.height = len(lines) * style.leading
        block._wrapped_at = wrapped_at
        return block

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_at != available_width:
            style = self.style
            self._lines = self._break(available_width - style.leftIndent - style.rightIndent)
            self._wrapped_at = available_width
            self.height = len(self._lines) * style.leading
        self.width = available_width
        return available_width, self.height

    def _break(self, max_width: float) -> list[tuple[str, float, float]]:
        style = self.style
        font, size = self._face or style.fontName, style.fontSize
        widths = _measure(font, size)
        space = stringWidth(" ", font, size)
        # ReportLab lets spaces shrink a little to fit one more word on a line: a line of
        # n words fits if its words plus n-1 spaces of (space - shrink) fit the width.
        step = space - style.spaceShrinkage * space
        lines: list[tuple[str, float, float]] = []
        text = self.text.strip()
        for hard_line in text.split("\n") if text else ():
            words = hard_line.split()
            if not words:
                lines.append(("", 0.0, 0.0))  # as a <br/><br/>: an empty line
                continue
            sizes = [widths.get(word) or self._width(widths, word, font, size, self._face)
                     for word in words]
            if max(sizes) > max_width:
                self._break_long(words, sizes, max_width, space, step, lines)
                continue
            ends = [0.0, *accumulate(width + step for width in sizes)]
            start, count = 0, len(words)
            while start < count:
                end = bisect_right(ends, ends[start] + max_width + step, start + 2) - 1
                gaps = end - start - 1
                width = ends[end] - ends[start] - step * (end - start) + space * gaps
                adjust = (max_width - width) / gaps if width > max_width + 1e-8 else 0.0
                lines.append((" ".join(words[start:end]), width, adjust))
                start = end
        return lines

    @staticmethod
    def _width(widths: dict[str, float], word: str, font: str, size: float,
               face: str | None = None) -> float:
        if face is None:
            width = stringWidth(word, font, size)
        else:
            width = sum(stringWidth(chunk, run_face, size)
                        for run_face, chunk in face_runs(word, face))
        widths[word] = width
        return width

    def _break_long(self, words: list[str], sizes: list[float], max_width: float,
                    space: float, step: float, lines: list[tuple[str, float, float]]) -> None:
        """Break a line holding a word wider than the column: that word goes by character."""
        style = self.style
        line: list[str] = []
        current = -space

        def close() -> None:
            gaps = len(line) - 1
            adjust = (max_width - current) / gaps if current > max_width + 1e-8 and gaps else 0.0
            lines.append((" ".join(line), current, adjust))

        for word, width in zip(words, sizes, strict=True):
            if width > max_width:
                # As ReportLab: the word's start fills the current line, then whole lines,
                # and its end starts a line that the next words continue.
                used = current + space if line else 0.0
                pieces = self._split_word(word, self._face or style.fontName, style.fontSize,
                                          used, max_width, self._face is not None)
                first, first_width = pieces.pop(0)
                if line:
                    if first:
                        line.append(first)
                        current += space + first_width
                    close()
                else:
                    pieces.insert(0, (first, first_width))
                lines.extend((piece, piece_width, 0.0) for piece, piece_width in pieces[:-1])
                line, current = [pieces[-1][0]], pieces[-1][1]
                continue
            wider = current + space + width
            if line and wider > max_width + (space - step) * len(line):
                close()
                line, current = [word], width
            else:
                line.append(word)
                current = wider
        if line:
            close()

    @staticmethod
    def _split_word(word: str, font: str, size: float, used: float,
                    max_width: float, mixed: bool = False) -> list[tuple[str, float]]:
        """Return the pieces of a word by character: the first fills what is left of a line
        already `used` that wide (it may be empty), the others fill whole lines."""
        pieces: list[tuple[str, float]] = []
        piece, width, line_width = "", 0.0, used
        faces = [run_face for run_face, chunk in face_runs(word, font) for _ in chunk] \
            if mixed else None
        for index, ch in enumerate(word):
            face = faces[index] if faces else font
            known = _measure(face, size)
            ch_width = known.get(ch)
            if ch_width is None:
                ch_width = known[ch] = stringWidth(ch, face, size)
            if line_width + ch_width > max_width and (piece or ch_width <= max_width):
                pieces.append((piece, width))
                piece, width, line_width = "", 0.0, 0.0
            piece += ch
            width += ch_width
            line_width += ch_width
        pieces.append((piece, width))
        return pieces

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        style = self.style
        fits = int(available_height / style.leading)
        if fits <= 1:  # no orphan line at a page foot (as Paragraph: allowOrphans=0)
            return []
        if fits >= len(self._lines):
            return [self]
        head, tail = self._lines[:fits], self._lines[fits:]
        return [self._from_lines(self._source(head), style, head, self.width, self._wrapped_at),
                self._from_lines(self._source(tail), style, tail, self.width, self._wrapped_at)]

    @staticmethod
    def _source(lines: list[tuple[str, float, float]]) -> str:
        # Only needed to wrap a piece again at another width; hard breaks become spaces.
        return " ".join(line for line, _, _ in lines)

    def draw(self) -> None:
        self._draw_at(0, 0)

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        # Draw in place, without the save/translate/restore every Flowable pays: a block is
        # one text object, bracketed so that its colour does not leak into the canvas state.
        self.canv = canvas
        try:
            self._draw_at(x, y)
        finally:
            del self.canv

    def _draw_at(self, x: float, y: float) -> None:
        if not self._lines:
            return
        style = self.style
        canvas = self.canv
        text = canvas.beginText(x + style.leftIndent, y + self.height - style.fontSize)
        text.setFont(self._face or style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        for line, _, adjust in self._lines:
            if self._face is not None:
                self._mixed_line(text, line, adjust)
            elif adjust:
                text.setWordSpace(adjust)
                text.textLine(line)
                text.setWordSpace(0)
            else:
                text.textLine(line)
        canvas._code.append("q")
        canvas.drawText(text)
        canvas._code.append("Q")

    def _mixed_line(self, text, line: str, adjust: float) -> None:
        """One line in DejaVu with CJK runs switched to the CJK face."""
        size, leading = self.style.fontSize, self.style.leading
        if adjust:
            text.setWordSpace(adjust)
        for face, chunk in face_runs(line, self._face):
            text.setFont(face, size, leading)
            text.textOut(chunk)
        if adjust:
            text.setWordSpace(0)
        text.textLine("")


def _plain(text: str | None) -> str | None:
    """Return text ready for a TextBlock (any script, in display order), or None when it
    needs a Paragraph (soft hyphens, which only Paragraph breaks at)."""
    text = unicodedata.normalize("NFC", text or "")
    if standard_text(text):
        return text
    text = display_text(text)
    return None if "\xad" in text else text


def para(text: str | None, style: ParagraphStyle) -> Flowable:
    """Return one flowable of user text, escaped and with font fallback."""
    plain = _plain(text)
    if plain is not None:
        return TextBlock(plain, style)
    return Paragraph(markup(text or ""), style)


def rich(text: str, style: ParagraphStyle, bulletText: str | None = None) -> Flowable:  # noqa: N803
    """Return a flowable for Paragraph markup: a TextBlock when it is plain standard text."""
    if bulletText is None and not ("<" in text or "&" in text or "\n" in text) \
            and standard_text(text):
        return TextBlock(text, style)
    return Paragraph(text, style, bulletText=bulletText)


def long_text(text: str | None, style: ParagraphStyle,
              continuation: ParagraphStyle | None = None) -> list[Flowable]:
    """Return paragraphs for free text: blank lines separate paragraphs, long ones are chunked.

    Plain paragraphs become one TextBlock each (it splits at line ends, so needs no chunks).
    """
    flowables: list[Flowable] = []
    tight = continuation or ParagraphStyle(style.name + "_cont", parent=style, spaceBefore=0,
                                           spaceAfter=0)
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        block = block.strip("\n")
        if not block.strip():
            continue
        plain = _plain(block)
        if plain is not None:
            flowables.append(TextBlock(plain, style))
            continue
        pieces = list(_chunks(block))
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            flowables.append(Paragraph(markup(piece), style if last else tight))
    return flowables


def bank_text(text: str | None, style: ParagraphStyle,
              bullet_style: ParagraphStyle) -> list[Flowable]:
    """Return question-bank text (prompts, answers): wrapped source lines flow, "- " lists."""
    flowables: list[Flowable] = []
    for kind, body in prose_blocks(text):
        if kind == "p":
            flowables += long_text(body, style)
        else:
            flowables += [Paragraph(markup(item), bullet_style, bulletText="\u2022")
                          for item in body]
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
