"""The interview kit for one round: questions, the rubric at the candidate's level, probes,
and ruled space for handwritten notes."""

from __future__ import annotations

from datetime import UTC, datetime

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from ..domain import catalog
from ..domain.kit import KitData, KitQuestion
from .document import Section, SectionStart, frame_height, frame_width, render
from .fonts import SANS, markup, string_width
from .styles import INK, RULE, SEVERITY_COLOURS, format_when, grid_style, page_size, stylesheet
from .textflow import Paragraph, bank_text, para

__all__ = ["KitData", "build_kit"]

LINE_GAP = 8 * mm


class RuledLines(Flowable):
    """Lines to write on; splits across pages like text does."""

    def __init__(self, count: int, gap: float = LINE_GAP) -> None:
        super().__init__()
        self.count = count
        self.gap = gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.count * self.gap

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        fits = int(available_height // self.gap)
        if fits < 2 or fits >= self.count:
            return []
        return [RuledLines(fits, self.gap), RuledLines(self.count - fits, self.gap)]

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        for line in range(self.count):
            y = self.count * self.gap - (line + 1) * self.gap
            canvas.line(0, y, self.width, y)
        canvas.restoreState()


def build_kit(kit: KitData, paper: str = "a4", generated_at: datetime | None = None) -> bytes:
    """Return the printable interview kit of one round as PDF bytes."""
    page_size(paper)
    generated_at = generated_at or datetime.now(UTC)
    round_name = catalog.name_of(catalog.ROUNDS, kit.round)
    section = Section(f"kit-{kit.loop_id}-{kit.round}", kit.candidate_name,
                      f"Interview kit \u00b7 {round_name} \u00b7 loop {kit.loop_id}",
                      f"{kit.candidate_name} \u2014 {round_name}")
    width = frame_width(paper)
    story: list[Flowable] = [SectionStart(section)]
    story += _heading(kit, round_name, generated_at, width)
    for number, question in enumerate(kit.questions, 1):
        story += _question(number, question, width, paper,
                           catalog.name_of(catalog.LEVELS, kit.level).lower())
    story += _rubric(kit, width)
    story += _probes(kit)
    story += _evidence(kit)
    story += [PageBreak(), Paragraph("Notes", stylesheet()["h1"]),
              Paragraph("Write what the candidate said and did; evidence first, judgement "
                        "later.", stylesheet()["muted"]),
              RuledLines(int((frame_height(paper) - 20 * mm) // LINE_GAP))]
    return render(story, paper=paper,
                  title=f"Interview kit \u2014 {round_name} \u2014 {kit.candidate_name}",
                  subject="Confidential \u2014 candidate evaluation",
                  keywords="interviewkit, interview kit")


def _heading(kit: KitData, round_name: str, generated_at: datetime,
             width: float) -> list[Flowable]:
    s = stylesheet()
    facts = [
        ("Candidate", kit.candidate_name),
        ("Role", kit.role_title),
        ("Lane \u00b7 level", f"{catalog.name_of(catalog.LANES, kit.lane)} \u00b7 "
                              f"{catalog.name_of(catalog.LEVELS, kit.level)}"),
        ("Domain", catalog.name_of(catalog.DOMAINS, kit.domain) if kit.domain else "None"),
        ("When", f"{format_when(kit.scheduled_at)} \u00b7 {kit.minutes} min"),
        ("Interviewers", ", ".join(kit.interviewers) or "none assigned"),
    ]
    rows = [[Paragraph(label, s["cell_muted"]), para(value, s["cell"])]
            for label, value in facts]
    table = Table(rows, colWidths=[30 * mm, width - 30 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    total = sum(q.minutes for q in kit.questions)
    return [
        Paragraph("Interview kit", s["kicker"]),
        Paragraph(f"{markup(round_name)}", s["title"]),
        table,
        Spacer(1, 4),
        Paragraph(f"{len(kit.questions)} question{'s' if len(kit.questions) != 1 else ''}, "
                  f"{total} of {kit.minutes} minutes; the rest is for introductions and the "
                  f"candidate's questions. Rate against the anchors for "
                  f"{catalog.name_of(catalog.LEVELS, kit.level).lower()} after the questions. "
                  f"Printed {format_when(generated_at)}.", s["muted"]),
    ]


def _question(number: int, question: KitQuestion, width: float, paper: str,
              level: str = "") -> list[Flowable]:
    s = stylesheet()
    if_time = " <font size=9 color='#56606b'>\u00b7 if time</font>" if question.if_time else ""
    story: list[Flowable] = [
        Paragraph(f"{number}. {markup(question.title)} <font size=9 color='#56606b'>"
                  f"\u00b7 {question.minutes} min</font>{if_time}", s["h2"]),
    ]
    if question.if_time:
        story.append(Paragraph("Ask only after the main problem is done, with time to spare; "
                               "an unfinished extension is not evidence against the candidate.",
                               s["muted"]))
    if question.note:
        story.append(Paragraph(markup(question.note), s["muted"]))
    story += bank_text(question.prompt, s["body"], s["bullet"])
    if question.bar:
        story.append(Paragraph(f"Meets the bar for {markup(level)}", s["label"]))
        story += bank_text(question.bar, s["prompt"], s["bullet"])
    if question.separates:
        story.append(Paragraph("What separates a 2 from a 3", s["label"]))
        story += bank_text(question.separates, s["prompt"], s["bullet"])
    for label, items in (("If the candidate is stuck (hints)", question.hints),
                         ("Follow-ups", question.follow_ups),
                         ("If the candidate is strong (push further)", question.pushes)):
        if items:
            story.append(Paragraph(label, s["label"]))
            story += [Paragraph(markup(f), s["bullet"], bulletText="\u2022") for f in items]
    for label, text, colour in (("What strong sounds like", question.strong_answer, "#1e7b34"),
                                ("What weak sounds like", question.weak_answer,
                                 SEVERITY_COLOURS["blocking"].hexval().replace("0x", "#"))):
        if text:
            story.append(Paragraph(f"<font color='{colour}'>{label}</font>", s["label"]))
            story += bank_text(text, s["prompt"], s["bullet"])
    story.append(Paragraph("Your notes", s["label"]))
    story.append(RuledLines(6))
    # A question and its note lines share a page when they fit on one.
    return [CondPageBreak(frame_height(paper) * 0.25), KeepTogether(story)]


def _rubric(kit: KitData, width: float) -> list[Flowable]:
    s = stylesheet()
    level = catalog.name_of(catalog.LEVELS, kit.level).lower()
    story: list[Flowable] = [PageBreak(), Paragraph(f"Rubric at {level}", s["h1"]),
                             Paragraph("Circle one point per criterion; write the evidence "
                                       "that earns it.", s["muted"])]
    if not kit.criteria:
        story.append(Paragraph("No rubric is imported for this round.", s["small"]))
        return story
    rows: list[list] = [["Criterion", "1", "2", "3", "4"]]
    for criterion in kit.criteria:
        anchors = dict(criterion.anchors)
        rows.append([Paragraph(f"<b>{markup(criterion.name)}</b><br/>"
                               f"<font size=7.5 color='#56606b'>{markup(criterion.measures)}"
                               "</font>", s["cell"])]
                    + [para(anchors.get(point, ""), s["cell"]) for point in (1, 2, 3, 4)])
    first = width * 0.2
    table = Table(rows, colWidths=[first] + [(width - first) / 4] * 4, repeatRows=1)
    table.setStyle(TableStyle(grid_style().getCommands()
                              + [("LINEBEFORE", (1, 0), (1, -1), 0.8, INK)]))
    story.append(table)
    return story


def _evidence(kit: KitData) -> list[Flowable]:
    s = stylesheet()
    blocks = [[_choices(("1", "2", "3", "4", "no signal"), criterion.name), RuledLines(3)]
              for criterion in kit.criteria]
    if not blocks:
        return []
    story: list[Flowable] = [Spacer(1, 6), KeepTogether(
        [Paragraph("Evidence by criterion", s["h2"]), *blocks[0]])]
    story += [KeepTogether(block) for block in blocks[1:]]
    return story


def _probes(kit: KitData) -> list[Flowable]:
    s = stylesheet()
    if not kit.probes:
        return []
    blocks = [[Paragraph(f"<b>{markup(probe.question)}</b>", s["body"]),
               _choices(probe.options), Spacer(1, 4)] for probe in kit.probes]
    # The heading travels with the first probe, never alone at the foot of a page.
    story: list[Flowable] = [Spacer(1, 6), KeepTogether(
        [Paragraph("Probe checklist", s["h2"]), *blocks[0]])]
    story += [KeepTogether(block) for block in blocks[1:]]
    return story


def _choices(options: tuple[str, ...], label: str | None = None) -> Table:
    """Return tick boxes in a row, spaced so each box plainly belongs to its label."""
    s = stylesheet()
    box = markup("\u2610")
    cells: list = [Paragraph(f"<font size=13>{box}</font> {markup(option)}", s["check"])
                   for option in options]
    widths = [max(14 * mm, string_width(option, SANS, 10) + 12 * mm) for option in options]
    if label is not None:
        cells.insert(0, Paragraph(f"<b>{markup(label)}</b>", s["check"]))
        widths.insert(0, 55 * mm)
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table
