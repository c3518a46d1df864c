"""Embedded fonts and the text markup that picks a font per character run.

DejaVu Sans covers Latin (with accents), Greek, Cyrillic, Hebrew and Arabic; WenQuanYi Micro
Hei covers Chinese, Japanese kana and Korean Hangul. ReportLab has no font fallback of its
own, so `markup` wraps the runs DejaVu lacks in a <font> tag for the CJK face.

Right-to-left text is reordered for display (python-bidi) after Arabic letters are joined into
their contextual forms (arabic-reshaper). Without those packages RTL text is drawn in logical
order, which stays legible letter by letter but reads backwards; both ship as dependencies.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

# Latin-1 text, nearly all of a packet, is set in the PDF standard Helvetica: no glyph
# subsetting, so a long packet builds several times faster. Anything beyond Latin-1 switches
# to the embedded DejaVu faces, and CJK to WenQuanYi, run by run.
SANS = "Helvetica"
SANS_BOLD = "Helvetica-Bold"
SANS_ITALIC = "Helvetica-Oblique"
UNI = "IKSans"
UNI_BOLD = "IKSans-Bold"
UNI_ITALIC = "IKSans-Oblique"
CJK = "IKCJK"

# The embedded face that stands in for each standard face beyond Latin-1.
UNICODE_FACE = {SANS: UNI, SANS_BOLD: UNI_BOLD, SANS_ITALIC: UNI_ITALIC}

_FILES = {
    UNI: ("DejaVuSans.ttf", None),
    UNI_BOLD: ("DejaVuSans-Bold.ttf", None),
    UNI_ITALIC: ("DejaVuSans-Oblique.ttf", None),
    CJK: ("wqy-microhei.ttc", 0),
}

_lock = threading.Lock()
_registered = False

# Hebrew, Arabic (with supplements and presentation forms), Syriac, Thaana, NKo.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

# Explicit bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
# In user text they can make what is drawn read differently from what was typed (U+202E
# reverses everything after it); the PDF sets each field on its own, in logical order, so
# they are dropped. Marks (LRM, RLM, ALM) only steer neutral characters and stay.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Joiners and selectors that only shape an emoji sequence; nothing to draw on their own.
_EMOJI_GLUE = frozenset(range(0xFE00, 0xFE10)) | {0x200D} | set(range(0x1F3FB, 0x1F400))


def register_fonts() -> None:
    """Register the embedded fonts with ReportLab once per process."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, (filename, subfont) in _FILES.items():
            path = str(FONT_DIR / filename)
            font = TTFont(name, path) if subfont is None else TTFont(name, path,
                                                                     subfontIndex=subfont)
            pdfmetrics.registerFont(font)
        # <b> and <i> inside paragraphs map through these families.
        addMapping(UNI, 0, 0, UNI)
        addMapping(UNI, 1, 0, UNI_BOLD)
        addMapping(UNI, 0, 1, UNI_ITALIC)
        addMapping(UNI, 1, 1, UNI_BOLD)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(CJK, bold, italic, CJK)
        for name in (UNI_BOLD, UNI_ITALIC):
            addMapping(name, 0, 0, name)
            addMapping(name, 1, 0, UNI_BOLD)
            addMapping(name, 0, 1, UNI_ITALIC)
            addMapping(name, 1, 1, UNI_BOLD)
        _registered = True


@lru_cache(maxsize=1)
def _faces() -> tuple[frozenset[int], frozenset[int]]:
    """Return the code points DejaVu draws, and those only the CJK face draws."""
    sans, cjk = _coverage()
    return sans, frozenset(cjk - sans)


def _cjk_run_pattern() -> re.Pattern[str]:
    """A regex for runs of characters only the CJK face draws, spaces between them kept."""
    _, cjk_only = _faces()
    cls = _char_class(cjk_only)
    return re.compile(f"[{cls}](?:[ \u3000]*[{cls}])*")


class _LazyPattern:
    def __init__(self) -> None:
        self._pattern: re.Pattern[str] | None = None

    def finditer(self, text: str):
        if self._pattern is None:
            self._pattern = _cjk_run_pattern()
        return self._pattern.finditer(text)


_CJK_RUN = _LazyPattern()


@lru_cache(maxsize=1)
def _coverage() -> tuple[frozenset[int], frozenset[int]]:
    register_fonts()
    sans = pdfmetrics.getFont(UNI).face.charWidths
    cjk = pdfmetrics.getFont(CJK).face.charWidths
    return frozenset(sans), frozenset(cjk)


def covered(text: str) -> bool:
    """Return whether every printable character of text has a glyph in an embedded font."""
    sans, cjk = _coverage()
    return all(ord(ch) in sans or ord(ch) in cjk for ch in text if ch.isprintable()
               and not ch.isspace())


def visible(text: str) -> str:
    """Return text with bidi controls dropped and every character no embedded font can draw
    (emoji, rare symbols) replaced by a visible marker naming it, e.g. "[thumbs up sign]".

    Without this such characters print as empty boxes, or not at all.
    """
    if text.isascii():
        return text
    text = _BIDI_CONTROLS.sub("", text)
    return _undrawable().sub(_marker, text)


def _marker(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code in _EMOJI_GLUE or not ch.isprintable():
        return ""
    return f"[{unicodedata.name(ch, f'U+{code:04X}').lower()}]"


def _char_class(codes: Iterable[int]) -> str:
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)


@lru_cache(maxsize=1)
def _undrawable() -> re.Pattern[str]:
    """A regex matching one character that no embedded or standard font can draw."""
    sans, cjk = _coverage()
    standard = {ord(ch) for ch in bytes(range(256)).decode("cp1252", "ignore")}
    whitespace = {code for code in range(0x3100) if chr(code).isspace()}
    return re.compile(f"[^{_char_class(sans | cjk | standard | whitespace)}]")


def visual_order(text: str) -> str:
    """Return text with right-to-left runs shaped and reordered for left-to-right drawing."""
    if text.isascii() or not _RTL.search(text):
        return text
    try:
        import arabic_reshaper
        from bidi import get_display
    except ImportError:  # pragma: no cover - both are declared dependencies
        return text
    # The page reads left to right: RTL runs are reversed in place, the line keeps its order.
    # Letters join only within a word, so words are shaped one by one, each distinct word
    # once: shaping is the slow part, and notes repeat their words.
    shape = _shaper(arabic_reshaper)
    return "\n".join(get_display(_WORDS.sub(lambda m: shape(m.group()), line), base_dir="L")
                     for line in text.split("\n"))


_WORDS = re.compile(r"[^\s]*[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff][^\s]*")


@lru_cache(maxsize=1)
def _shaper(arabic_reshaper):
    return lru_cache(maxsize=20_000)(arabic_reshaper.reshape)


def markup(text: str | None) -> str:
    """Return text as safe Paragraph markup, CJK runs in the CJK face, RTL in display order.

    Newlines become line breaks; everything else is escaped, so user text can never inject
    Paragraph tags.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return escape(text).replace("\n", "<br/>")
    text = visual_order(visible(text))
    if standard_text(text):
        return escape(text).replace("\n", "<br/>")
    # Text beyond Latin-1 is set in DejaVu throughout (it has every Latin-1 glyph too), with
    # runs of the CJK face where DejaVu lacks a glyph; spaces stay in the run around them.
    # Few runs matter: ReportLab's cost per line grows with the fragments on it, and a
    # fragment per word made Arabic and mixed-script notes quadratic.
    parts: list[str] = []
    _, cjk_only = _faces()
    start = 0
    for match in _CJK_RUN.finditer(text) if cjk_only else ():
        if match.start() > start:
            parts.append(_run(text[start:match.start()], UNI))
        parts.append(_run(match.group(), CJK))
        start = match.end()
    if start < len(text):
        parts.append(_run(text[start:], UNI))
    return "".join(parts)


def _face_for(ch: str, font: str | None) -> str | None:
    """Return the face for one character: None (or font) for Latin-1, else DejaVu or CJK."""
    if _in_standard_encoding(ch):
        return font
    code = ord(ch)
    sans, cjk = _coverage()
    if code not in sans and code in cjk:
        return CJK
    return UNICODE_FACE.get(font, UNI) if font else UNI


@lru_cache(maxsize=4096)
def _in_standard_encoding(ch: str) -> bool:
    """Return whether Helvetica can set a character (WinAnsi: Latin-1 plus dashes, quotes)."""
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def standard_text(text: str) -> bool:
    """Return whether Helvetica can set all of text as it stands (no font switch, no shaping).

    Soft hyphens are left to Paragraph, which knows how to break at them.
    """
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return "\xad" not in text


def _run(text: str, face: str | None) -> str:
    body = escape(text).replace("\n", "<br/>")
    return f'<font face="{face}">{body}</font>' if face else body


def face_runs(text: str, face: str) -> list[tuple[str, str]]:
    """Return (face, chunk) runs: `face` (a DejaVu face) with CJK runs in the CJK face."""
    runs: list[tuple[str, str]] = []
    start = 0
    for match in _CJK_RUN.finditer(text):
        if match.start() > start:
            runs.append((face, text[start:match.start()]))
        runs.append((CJK, match.group()))
        start = match.end()
    if start < len(text) or not runs:
        runs.append((face, text[start:]))
    return runs


def display_text(text: str | None) -> str:
    """Return user text ready to set: NFC, bidi controls dropped, glyphless characters
    marked, right-to-left runs in display order."""
    return visual_order(visible(unicodedata.normalize("NFC", text or "")))


def plain(text: str | None) -> str:
    """Return text for canvas.drawString in the primary font (headers, footers)."""
    return visual_order(visible(unicodedata.normalize("NFC", text or "")))


def _runs(text: str, font: str) -> list[tuple[str, str]]:
    """Return (face, chunk) runs of one line: the CJK face where the main font lacks a glyph."""
    line = plain(text)
    if line.isascii():
        return [(font, line)]
    runs: list[tuple[str, str]] = []
    for ch in line:
        face = _face_for(ch, font)
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + ch)
        else:
            runs.append((face, ch))
    return runs


def draw_string(canvas, x: float, y: float, text: str, font: str, size: float,
                align: str = "left") -> None:
    """Draw one line on a canvas, switching to the CJK face for runs DejaVu lacks."""
    runs = _runs(text, font)
    widths = [pdfmetrics.stringWidth(chunk, face, size) for face, chunk in runs]
    if align == "right":
        x -= sum(widths)
    elif align == "center":
        x -= sum(widths) / 2
    for (face, chunk), width in zip(runs, widths, strict=True):
        canvas.setFont(face, size)
        canvas.drawString(x, y, chunk)
        x += width


def string_width(text: str, font: str, size: float) -> float:
    """Return the drawn width of one line as draw_string would draw it."""
    return sum(pdfmetrics.stringWidth(chunk, face, size) for face, chunk in _runs(text, font))
