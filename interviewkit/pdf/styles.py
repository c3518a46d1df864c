"""Paper sizes, colours and paragraph styles shared by the packet and the kit."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from .fonts import SANS, SANS_BOLD, SANS_ITALIC, register_fonts

PAPER_SIZES = {"a4": A4, "letter": LETTER}

# Margins leave room for the running header and the footer.
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm

INK = colors.HexColor("#1d2a3a")
MUTED = colors.HexColor("#56606b")
RULE = colors.HexColor("#c9ced6")
HEADER_FILL = colors.HexColor("#e8ecf2")
ROUND_FILL = colors.HexColor("#f3f5f8")
ACCENT = colors.HexColor("#0b5cad")
SEVERITY_COLOURS = {
    "blocking": colors.HexColor("#b02a37"),
    "concern": colors.HexColor("#a15c00"),
    "info": colors.HexColor("#56606b"),
}
DISAGREE_FILL = colors.HexColor("#fff1d6")
AWAITING_FILL = colors.HexColor("#fdecec")
RATING_FILLS = {
    1: colors.HexColor("#f8d7da"),
    2: colors.HexColor("#fbe8cf"),
    3: colors.HexColor("#dcefe0"),
    4: colors.HexColor("#c3e6cb"),
}

CONFIDENTIAL = "Confidential \u2014 candidate evaluation"


class PaperError(ValueError):
    """Raised for a paper size other than A4 and US Letter."""


def page_size(paper: str) -> tuple[float, float]:
    """Return the page size in points for "a4" or "letter"."""
    try:
        return PAPER_SIZES[(paper or "").lower()]
    except KeyError:
        raise PaperError(f"unknown paper size {paper!r}: use a4 or letter") from None


@lru_cache(maxsize=1)
def stylesheet() -> dict[str, ParagraphStyle]:
    """Return the paragraph styles by name."""
    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=4)
    styles = {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "muted": ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11,
                                textColor=MUTED, spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=SANS_BOLD, fontSize=8.5,
                                    leading=11, spaceAfter=0),
        "cell_muted": ParagraphStyle("cell_muted", parent=body, fontSize=8, leading=10.5,
                                     textColor=MUTED, spaceAfter=0),
        "cell_italic": ParagraphStyle("cell_italic", parent=body, fontName=SANS_ITALIC,
                                      fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=0),
        "cell_center": ParagraphStyle("cell_center", parent=body, fontName=SANS_BOLD,
                                      fontSize=9, leading=11, spaceAfter=0, alignment=1),
        "head": ParagraphStyle("head", parent=body, fontName=SANS_BOLD, fontSize=8.5,
                               leading=11, spaceAfter=0, textColor=INK),
        "title": ParagraphStyle("title", parent=body, fontName=SANS_BOLD, fontSize=24,
                                leading=30, spaceAfter=6),
        "kicker": ParagraphStyle("kicker", parent=body, fontName=SANS_BOLD, fontSize=10,
                                 leading=14, textColor=ACCENT, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=13, leading=17,
                                   textColor=MUTED, spaceAfter=14),
        "h1": ParagraphStyle("h1", parent=body, fontName=SANS_BOLD, fontSize=16, leading=20,
                             spaceBefore=0, spaceAfter=6, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=body, fontName=SANS_BOLD, fontSize=12, leading=15,
                             spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=body, fontName=SANS_BOLD, fontSize=10, leading=13,
                             spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "h3_table": ParagraphStyle("h3_table", parent=body, fontName=SANS_BOLD, fontSize=10,
                                   leading=13, spaceBefore=8, spaceAfter=3),
        "label": ParagraphStyle("label", parent=body, fontName=SANS_BOLD, fontSize=8,
                                leading=10, textColor=MUTED, spaceBefore=6, spaceAfter=2,
                                keepWithNext=1),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2,
                                 spaceAfter=2),
        "prompt": ParagraphStyle("prompt", parent=body, fontSize=8.5, leading=11.5,
                                 leftIndent=12, spaceAfter=5),
        "check": ParagraphStyle("check", parent=body, fontSize=10, leading=16, leftIndent=0,
                                spaceBefore=4, spaceAfter=4),
        "toc": ParagraphStyle("toc", parent=body, fontSize=10, leading=13, spaceAfter=0),
    }
    for severity, colour in SEVERITY_COLOURS.items():
        styles[f"sev_{severity}"] = ParagraphStyle(
            f"sev_{severity}", parent=body, fontName=SANS_BOLD, fontSize=8, leading=10.5,
            textColor=colour, spaceAfter=0)
    return styles


def format_when(moment: datetime | None, with_time: bool = True) -> str:
    """Return a date (and time) as printed: 3 Mar 2026 14:05 UTC."""
    if moment is None:
        return "not scheduled"
    day = f"{moment.day} {moment:%b %Y}"
    if not with_time:
        return day
    suffix = " UTC" if moment.tzinfo is None or moment.utcoffset() is not None and \
        moment.utcoffset().total_seconds() == 0 else f" {moment:%z}"
    return f"{day} {moment:%H:%M}{suffix}"


def grid_style() -> TableStyle:
    """Return the shared look of a data table: shaded header row, light grid, top-aligned."""
    return TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("INNERGRID", (0, 1), (-1, -1), 0.3, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ])
