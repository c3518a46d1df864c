"""The page frame every printout shares: running header, confidentiality line, page N of M.

ReportLab only knows the page count once the story is laid out, so the canvas keeps every
page and draws the header and footer when the document is saved (one layout pass, not two).
A document may hold several sections (a batch of packets): each section counts its own pages,
and `PageRef` flowables (the batch's table of contents) are filled in with the page on which
a section starts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .fonts import SANS, SANS_BOLD, draw_string, string_width
from .styles import CONFIDENTIAL, INK, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MUTED, RULE, page_size


@dataclass(frozen=True)
class Section:
    """What the running header says on the pages of one packet or kit."""

    key: str
    header_left: str
    header_right: str
    outline_title: str


class SectionStart(Flowable):
    """Mark the page on which a section begins; draws nothing."""

    width = height = 0

    def __init__(self, section: Section) -> None:
        super().__init__()
        self.section = section

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.begin_section(self.section)


class PageRef(Flowable):
    """The page number on which a section starts, written in once the layout is done."""

    def __init__(self, key: str, width: float = 30, font_size: float = 10) -> None:
        super().__init__()
        self.key = key
        self.width = width
        self.font_size = font_size
        self.height = font_size * 1.2

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(self.width, self.font_size * 0.2)
        self.canv.page_refs.append((x, y, self.key, self.font_size))


class DeferredCanvas(Canvas):
    """A canvas that keeps its pages until save, then draws headers, footers and page refs."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pages: list[dict] = []
        self.page_refs: list[tuple[float, float, str, float]] = []
        self.section: Section | None = None
        self.section_starts: dict[str, int] = {}

    def begin_section(self, section: Section) -> None:
        self.section = section
        self.section_starts[section.key] = len(self.pages) + 1
        self.bookmarkPage(section.key)
        self.addOutlineEntry(section.outline_title, section.key, level=0)

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self.pages.append({"state": dict(self.__dict__), "section": self.section,
                           "refs": self.page_refs})
        self.page_refs = []
        self._startPage()

    def save(self) -> None:
        counts: dict[str, int] = {}
        for page in self.pages:
            key = page["section"].key if page["section"] else ""
            counts[key] = counts.get(key, 0) + 1
        seen: dict[str, int] = {}
        total = len(self.pages)
        for number, page in enumerate(self.pages, 1):
            # Restoring a page's state must not rewind the document-wide link counter.
            annotations = self._annotationCount
            self.__dict__.update(page["state"])
            self._annotationCount = max(annotations, self._annotationCount)
            section: Section | None = page["section"]
            key = section.key if section else ""
            seen[key] = seen.get(key, 0) + 1
            self._decorate(section, seen[key], counts[key], number, total)
            for x, y, ref_key, size in page["refs"]:
                start = self.section_starts.get(ref_key)
                if start is not None:
                    draw_string(self, x, y, str(start), SANS, size, align="right")
                    self.linkRect("", ref_key, (x - 40, y - 2, x, y + size), relative=0,
                                  thickness=0)
            super().showPage()
        super().save()

    def _decorate(self, section: Section | None, page: int, pages: int, sheet: int,
                  sheets: int) -> None:
        width, height = self._pagesize
        left, right = MARGIN_X, width - MARGIN_X
        top = height - MARGIN_TOP + 9 * mm
        bottom = MARGIN_BOTTOM - 10 * mm
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        if section is not None:
            self.setFillColor(INK)
            right_text = section.header_right
            right_width = string_width(right_text, SANS, 8)
            draw_string(self, right, top, right_text, SANS, 8, align="right")
            draw_string(self, left, top, _fit(section.header_left, SANS_BOLD, 8.5,
                                              right - left - right_width - 12),
                        SANS_BOLD, 8.5)
            self.line(left, top - 4, right, top - 4)
        self.line(left, bottom + 11, right, bottom + 11)
        self.setFillColor(MUTED)
        draw_string(self, left, bottom, CONFIDENTIAL, SANS_BOLD, 8)
        label = f"page {page} of {pages}"
        if sheets != pages:
            label += f"  \u00b7  sheet {sheet} of {sheets}"
        draw_string(self, right, bottom, label, SANS, 8, align="right")
        self.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Return text shortened with an ellipsis to fit a width."""
    if string_width(text, font, size) <= width:
        return text
    while text and string_width(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def render(story: Sequence[Flowable], *, paper: str, title: str, subject: str = "",
           keywords: str = "") -> bytes:
    """Lay out a story on A4 or Letter with the shared page frame; return the PDF bytes."""
    size = page_size(paper)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=size, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
        author="interviewkit", subject=subject, creator="interviewkit", keywords=keywords,
        producer="interviewkit (ReportLab)", invariant=False)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=size)])
    doc.build(list(story), canvasmaker=DeferredCanvas)
    return buffer.getvalue()


def frame_width(paper: str) -> float:
    """Return the width of the text column on a paper size."""
    return page_size(paper)[0] - 2 * MARGIN_X


def frame_height(paper: str) -> float:
    """Return the height of the text column on a paper size."""
    return page_size(paper)[1] - MARGIN_TOP - MARGIN_BOTTOM
