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
    return "\n".join(get_display(arabic_reshaper.reshape(line), base_dir="L")
                     for line in text.split("\n"))


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
    text = visual_order(text)
    parts: list[str] = []
    run: list[str] = []
    run_face: str | None = None
    for ch in text:
        face = _face_for(ch, None)
        if face != run_face and run:
            parts.append(_run("".join(run), run_face))
            run = []
        run_face = face
        run.append(ch)
    if run:
        parts.append(_run("".join(run), run_face))
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


def plain(text: str | None) -> str:
    """Return text for canvas.drawString in the primary font (headers, footers)."""
    return visual_order(unicodedata.normalize("NFC", text or ""))


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
