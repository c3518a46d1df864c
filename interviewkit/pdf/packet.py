"""The debrief packet: cover, one-page summary, one section per round; and batches of them."""

from __future__ import annotations

from collections.abc import Sequence
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
from ..domain.debrief import Debrief, DebriefRound, LoopFacts, ScorecardSummary
from ..domain.insights import combined_text, debrief_combined
from ..domain.lifecycle import STATUS_NAMES
from .document import PageRef, Section, SectionStart, frame_width, render
from .fonts import SANS, SANS_BOLD, SANS_ITALIC, markup
from .styles import (
    AWAITING_FILL,
    DISAGREE_FILL,
    INK,
    MUTED,
    RATING_FILLS,
    ROUND_FILL,
    RULE,
    SEVERITY_COLOURS,
    format_when,
    grid_style,
    page_size,
    stylesheet,
)
from .textflow import Overflow, bank_text, long_text, para, rich

DECISION_NAMES = {"hire": "Hire", "no_hire": "No hire",
                  "hire_other_level": "Hire at another level"}
ROUND_SHORT = {"screen": "Screen", "system_design": "System design", "coding": "Coding",
               "deep_dive": "Deep dive"}
SEVERITY_NAMES = {"blocking": "Blocking", "concern": "Concern", "info": "Info"}
# Characters of a flag's reason on the one-page summary; the round section has it whole.
SUMMARY_REASON = 90


def build_packet(debrief: Debrief, paper: str = "a4",
                 generated_at: datetime | None = None) -> bytes:
    """Return the debrief packet of one loop as PDF bytes."""
    page_size(paper)  # refuse an unknown paper before any work
    generated_at = generated_at or datetime.now(UTC)
    story = packet_story(debrief, paper, generated_at)
    loop = debrief.loop
    return render(story, paper=paper, title=f"Debrief packet \u2014 {loop.candidate_name} "
                  f"(loop {loop.id})", subject="Confidential \u2014 candidate evaluation",
                  keywords="interviewkit, debrief packet")


def build_batch(debriefs: Sequence[Debrief], paper: str = "a4",
                generated_at: datetime | None = None) -> bytes:
    """Return several packets as one PDF: a table of contents, then each packet on a new page."""
    page_size(paper)
    generated_at = generated_at or datetime.now(UTC)
    story: list[Flowable] = [SectionStart(Section("contents", "Debrief packets",
                                                  f"{len(debriefs)} loops", "Contents"))]
    story.extend(_contents(debriefs, paper, generated_at))
    for debrief in debriefs:
        story.append(PageBreak())
        story.extend(packet_story(debrief, paper, generated_at))
    return render(story, paper=paper, title=f"Debrief packets \u2014 {len(debriefs)} loops",
                  subject="Confidential \u2014 candidate evaluation",
                  keywords="interviewkit, debrief packet, batch")


def packet_story(debrief: Debrief, paper: str, generated_at: datetime) -> list[Flowable]:
    """Return the flowables of one packet, starting with its section mark."""
    loop = debrief.loop
    section = Section(f"loop-{loop.id}", loop.candidate_name,
                      f"{loop.role_title} \u00b7 loop {loop.id}",
                      f"{loop.candidate_name} \u2014 loop {loop.id}")
    width = frame_width(paper)
    story: list[Flowable] = [SectionStart(section)]
    story.extend(_cover(debrief, width, generated_at))
    story.append(PageBreak())
    story.extend(_summary(debrief, width))
    for number, debrief_round in enumerate(debrief.rounds, 1):
        story.append(PageBreak())
        story.extend(_round_section(debrief, debrief_round, number, width))
    return story


# --- table of contents ----------------------------------------------------------------------

def _contents(debriefs: Sequence[Debrief], paper: str, generated_at: datetime) -> list[Flowable]:
    s = stylesheet()
    width = frame_width(paper)
    rows: list[list] = [["Candidate", "Role", "Level", "Status", "Page"]]
    for debrief in debriefs:
        loop = debrief.loop
        rows.append([
            rich(f"<b>{markup(loop.candidate_name)}</b><br/>"
                      f"<font size=7.5 color='#56606b'>loop {loop.id} \u00b7 "
                      f"{_loop_dates(debrief)}</font>", s["cell"]),
            para(loop.role_title, s["cell"]),
            para(catalog.name_of(catalog.LEVELS, loop.level), s["cell"]),
            para(_status(loop), s["cell"]),
            PageRef(f"loop-{loop.id}", width=28, font_size=9),
        ])
    table = Table(rows, colWidths=[width * 0.36, width * 0.30, width * 0.12, width * 0.13,
                                   width * 0.09], repeatRows=1)
    table.setStyle(TableStyle(grid_style().getCommands()
                              + [("ALIGN", (-1, 0), (-1, -1), "RIGHT")]))
    return [
        rich("Debrief packets", s["title"]),
        rich(f"{len(debriefs)} loop{'s' if len(debriefs) != 1 else ''} \u00b7 printed "
                  f"{format_when(generated_at)}", s["subtitle"]),
        table,
    ]


# --- cover --------------------------------------------------------------------------------------

def _cover(debrief: Debrief, width: float, generated_at: datetime) -> list[Flowable]:
    s = stylesheet()
    loop = debrief.loop
    facts = [
        ("Role", loop.role_title),
        ("Lane", catalog.name_of(catalog.LANES, loop.lane)),
        ("Level", catalog.name_of(catalog.LEVELS, loop.level)),
        ("Domain", catalog.name_of(catalog.DOMAINS, loop.domain) if loop.domain else "None"),
    ]
    if loop.deployment_target:
        facts.append(("Deployment", catalog.name_of(catalog.DEPLOYMENT_TARGETS,
                                                     loop.deployment_target)))
    facts += [
        ("Loop dates", _loop_dates(debrief)),
        ("Status", _status(loop)),
        *([("Cancelled because", loop.cancel_reason)] if loop.cancel_reason else []),
        ("Scorecards", f"{debrief.submitted_count} submitted, {len(debrief.missing)} awaited"),
    ]
    if loop.decision:
        decision = DECISION_NAMES.get(loop.decision, loop.decision)
        if loop.decision_level:
            decision += f" ({catalog.name_of(catalog.LEVELS, loop.decision_level)})"
        who = " \u00b7 ".join(part for part in (
            loop.decided_by or "", format_when(loop.decided_at) if loop.decided_at else "")
            if part)
        facts.append(("Decision", decision + (f" \u2014 {who}" if who else "")))
        if loop.decision_reason:
            facts.append(("Reason", loop.decision_reason))
    overflow = Overflow()
    fact_rows = [[rich(label, s["cell_muted"]),
                  overflow.cell(value, s["body"], f"{label}")] for label, value in facts]
    fact_table = Table(fact_rows, colWidths=[32 * mm, width - 32 * mm])
    fact_table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    rows: list[list] = [["Round", "When", "Interviewers", "Scorecards"]]
    for number, debrief_round in enumerate(debrief.rounds, 1):
        names = [c.interviewer for c in debrief_round.scorecards] + list(debrief_round.awaiting)
        done = len(debrief_round.scorecards)
        rows.append([
            rich(f"<b>{number}. {markup(debrief_round.title)}</b><br/>"
                      f"<font color='#56606b'>{debrief_round.minutes} min</font>", s["cell"]),
            para(format_when(debrief_round.scheduled_at), s["cell"]),
            para(", ".join(names) or "none assigned", s["cell"]),
            para(f"{done} of {len(names)} submitted" if names else "\u2014", s["cell"]),
        ])
    round_table = Table(rows, colWidths=[width * 0.34, width * 0.2, width * 0.3, width * 0.16],
                        repeatRows=1)
    round_table.setStyle(grid_style())
    story: list[Flowable] = [
        Spacer(1, 18 * mm),
        rich("Debrief packet", s["kicker"]),
        para(loop.candidate_name, s["title"]),
        rich(markup(loop.role_title) + f" \u00b7 loop {loop.id}", s["subtitle"]),
        fact_table,
        *overflow.flowables(s["label"], s["body"]),
        Spacer(1, 8 * mm),
        rich("Interviewers by round", s["h2"]),
        round_table,
        Spacer(1, 10 * mm),
        rich(f"Printed {format_when(generated_at)} by interviewkit. Confidential \u2014 "
                  "candidate evaluation: for the debrief only; do not share or leave behind.",
                  s["muted"]),
    ]
    return story


def _loop_dates(debrief: Debrief) -> str:
    days = sorted({r.scheduled_at.date() for r in debrief.rounds if r.scheduled_at})
    if not days:
        return "not scheduled"
    first, last = days[0], days[-1]
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} \u2013 {last.day} {last:%b %Y}"


def _status(loop: LoopFacts) -> str:
    return STATUS_NAMES.get(loop.status, loop.status.replace("_", " ").capitalize())


# --- summary --------------------------------------------------------------------------------------

def _summary(debrief: Debrief, width: float) -> list[Flowable]:
    s = stylesheet()
    loop = debrief.loop
    story: list[Flowable] = [
        rich("Summary", s["h1"]),
        rich(f"{markup(loop.candidate_name)} \u00b7 "
                  f"{catalog.name_of(catalog.LANES, loop.lane)} \u00b7 "
                  f"{catalog.name_of(catalog.LEVELS, loop.level)} \u00b7 "
                  f"{debrief.submitted_count} scorecard"
                  f"{'s' if debrief.submitted_count != 1 else ''} submitted"
                  + (f", {len(debrief.missing)} awaited" if debrief.missing else ""),
                  s["muted"]),
    ]
    if debrief.level_signal is not None:
        signal = debrief.level_signal
        text = f"<b>Level signal:</b> {markup(signal.text)}"
        if signal.reasons:
            text += " <font color='#56606b'>(" + markup("; ".join(signal.reasons)) + ")</font>"
        box = Table([[rich(text, s["body"])]], colWidths=[width])
        box.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), DISAGREE_FILL if signal.differs else ROUND_FILL),
            ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        story += [Spacer(1, 3), box]
    story += [rich("Ratings by round and criterion", s["h3_table"]), _matrix(debrief, width)]
    story += [Spacer(1, 6), _at_a_glance(debrief, width)]
    # Flags come last: a long list continues overleaf without pushing the rest off the page.
    story += _flag_table(debrief, width)
    return story


def _matrix(debrief: Debrief, width: float) -> Table:
    s = stylesheet()
    columns = max([len(r.scorecards) + len(r.awaiting) for r in debrief.rounds] + [1])
    first = min(width * 0.4, width - columns * 62)
    rating_width = (width - first) / columns
    rows: list[list] = [["Criterion"] + ["Rating 1\u20134 by interviewer" if i == 0 else ""
                                         for i in range(columns)]]
    commands: list[tuple] = [("SPAN", (1, 0), (-1, 0))] if columns > 1 else []
    disagreeing = {(d.round, d.criterion_id): d for d in debrief.disagreements}
    for debrief_round in debrief.rounds:
        cards = list(debrief_round.scorecards)
        names = [c.interviewer for c in cards] + list(debrief_round.awaiting)
        awaiting_cols = range(len(cards) + 1, len(names) + 1)
        top = len(rows)
        rows.append([rich(f"<b>{markup(debrief_round.title)}</b>", s["cell"])]
                    + [para(name, s["cell_bold"]) for name in names]
                    + ["no interviewers assigned" if not names and i == 0 else ""
                       for i in range(columns - len(names))])
        commands += [("BACKGROUND", (0, top), (-1, top), ROUND_FILL),
                     ("LINEABOVE", (0, top), (-1, top), 0.8, INK)]
        for criterion_id, criterion_name in debrief_round.criteria:
            row = len(rows)
            disagreement = disagreeing.get((debrief_round.round, criterion_id))
            label = markup(criterion_name)
            if disagreement:
                arrow = markup("\u2195")
                label += (f" <font color='#a15c00'><b>{arrow} {disagreement.gap}-point "
                          "spread</b></font>")
                commands.append(("BACKGROUND", (0, row), (0, row), DISAGREE_FILL))
            cells: list = [rich(label, s["cell"])]
            for col, card in enumerate(cards, 1):
                rating = card.rating(criterion_id)
                value = rating.value if rating else None
                cells.append(str(value) if value else "\u2013")
                if value in RATING_FILLS:
                    commands.append(("BACKGROUND", (col, row), (col, row), RATING_FILLS[value]))
            cells += ["awaiting"] * len(debrief_round.awaiting)
            cells += [""] * (columns - len(names))
            rows.append(cells)
        if debrief_round.criteria:
            commands += [("ALIGN", (1, top + 1), (-1, len(rows) - 1), "CENTER"),
                         ("FONTNAME", (1, top + 1), (-1, len(rows) - 1), SANS_BOLD),
                         ("FONTSIZE", (1, top + 1), (-1, len(rows) - 1), 9.5)]
        row = len(rows)
        rows.append(["Recommendation"]
                    + [_recommendation(card.recommendation) for card in cards]
                    + ["awaiting scorecard"] * len(debrief_round.awaiting)
                    + [""] * (columns - len(names)))
        commands += [("LINEABOVE", (0, row), (-1, row), 0.4, MUTED),
                     ("FONTNAME", (0, row), (0, row), SANS_ITALIC),
                     ("FONTNAME", (1, row), (-1, row), SANS_BOLD)]
        for col in awaiting_cols:
            commands += [("BACKGROUND", (col, top), (col, row), AWAITING_FILL),
                         ("TEXTCOLOR", (col, top + 1), (col, row), MUTED),
                         ("FONTNAME", (col, top + 1), (col, row), SANS),
                         ("FONTSIZE", (col, top + 1), (col, row), 8)]
    table = Table(rows, colWidths=[first] + [rating_width] * columns, repeatRows=1)
    table.setStyle(TableStyle(grid_style().getCommands() + commands
                              + [("TOPPADDING", (0, 1), (-1, -1), 1.5),
                                 ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5)]))
    return table


def _at_a_glance(debrief: Debrief, width: float) -> Table:
    """Return recommendations, disagreements and missing scorecards side by side."""
    s = stylesheet()
    tally = [rich("Recommendations", s["h3"])]
    terms = [f"{term.name} <b>{debrief.tally.get(term.id, 0)}</b>"
             for term in reversed(catalog.RECOMMENDATIONS)]
    tally += [rich(" \u00b7 ".join(terms[:2]), s["small"]),
              rich(" \u00b7 ".join(terms[2:]), s["small"])]
    tally.append(rich(f"from {len(debrief.recommendations)} of "
                           f"{debrief.submitted_count + len(debrief.missing)} interviewers",
                           s["cell_muted"]))
    tally.append(rich("<b>Combined score (mechanical)</b> "
                      + combined_text(debrief_combined(debrief)), s["small"]))
    disagreements: list[Flowable] = [rich("Disagreements", s["h3"])]
    for item in debrief.disagreements:
        disagreements.append(rich(
            f"<b>{ROUND_SHORT.get(item.round, item.round)} \u00b7 "
            f"{markup(item.criterion_name)}:</b> {markup(item.low[0])} {item.low[1]}, "
            f"{markup(item.high[0])} {item.high[1]} ({item.gap} apart)", s["small"]))
    if not debrief.disagreements:
        disagreements.append(rich("None: no two ratings of one criterion are two or "
                                       "more points apart.", s["small"]))
    missing: list[Flowable] = [rich("Missing scorecards", s["h3"])]
    by_round: dict[str, list[str]] = {}
    for round_id, name in debrief.missing:
        by_round.setdefault(round_id, []).append(name)
    for round_id, names in by_round.items():
        missing.append(rich(f"<b>{ROUND_SHORT.get(round_id, round_id)}:</b> awaiting "
                                 f"{markup(', '.join(names))}", s["small"]))
    if not debrief.missing:
        missing.append(rich("None: every assigned interviewer has submitted.",
                                 s["small"]))
    box = Table([[tally, disagreements, missing]],
                colWidths=[width * 0.24, width * 0.43, width * 0.33])
    box.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (1, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
    ]))
    return box


def _flag_table(debrief: Debrief, width: float) -> list[Flowable]:
    s = stylesheet()
    flags = [f for severity in ("blocking", "concern", "info")
             for f in debrief.flags.get(severity, ())]
    counts = ", ".join(f"{len(debrief.flags.get(sev, ()))} {SEVERITY_NAMES[sev].lower()}"
                       for sev in ("blocking", "concern", "info"))
    # The heading keeps three rows' room under it; the table itself may split.
    story: list[Flowable] = [CondPageBreak(80),
                             rich(f"Flags <font color='#56606b' size=8.5>({counts})"
                                       "</font>", s["h3_table"])]
    if not flags:
        story.append(rich("No flags stand on any submitted scorecard.", s["small"]))
        return story
    rows: list[list] = [["Severity", "Flag \u2014 because", "Raised by"]]
    commands: list[tuple] = []
    for flag in flags:
        row = len(rows)
        because = flag.because
        # The summary must fit one page: the full reason is in the round's section.
        if len(because) > SUMMARY_REASON:
            because = (because[:SUMMARY_REASON].rsplit(" ", 1)[0]
                       + "\u2026 (full reason in the round)")
        rows.append([
            SEVERITY_NAMES.get(flag.severity, flag.severity),
            rich(f"<b>{markup(flag.label)}</b> \u2014 {markup(because)}", s["cell"]),
            rich(f"{markup(flag.raised_by)} \u00b7 {ROUND_SHORT.get(flag.round, flag.round)}"
                      + (" <font color='#56606b'>(own flag)</font>"
                         if flag.source == "interviewer" else ""), s["cell"]),
        ])
        colour = SEVERITY_COLOURS.get(flag.severity)
        if colour is not None:
            commands += [("LINEBEFORE", (0, row), (0, row), 3, colour),
                         ("TEXTCOLOR", (0, row), (0, row), colour)]
    table = Table(rows, colWidths=[width * 0.11, width * 0.61, width * 0.28], repeatRows=1)
    table.setStyle(TableStyle(grid_style().getCommands()
                              + [("FONTNAME", (0, 1), (0, -1), SANS_BOLD),
                                 ("FONTSIZE", (0, 1), (0, -1), 8)] + commands))
    story.append(table)
    return story


# --- rounds ---------------------------------------------------------------------------------

def _round_section(debrief: Debrief, debrief_round: DebriefRound, number: int,
                   width: float) -> list[Flowable]:
    s = stylesheet()
    names = [c.interviewer for c in debrief_round.scorecards] + list(debrief_round.awaiting)
    meta = (f"{debrief_round.minutes} min \u00b7 {format_when(debrief_round.scheduled_at)} "
            f"\u00b7 interviewers: {markup(', '.join(names)) or 'none assigned'}")
    story: list[Flowable] = [
        rich(f"Round {number} \u00b7 {markup(debrief_round.title)}", s["h1"]),
        rich(meta, s["muted"]),
    ]
    if debrief_round.awaiting_scorecard:
        story.append(_notice("Awaiting scorecard",
                             "No scorecard has been submitted for this round yet"
                             + (f" (owed by {markup(', '.join(debrief_round.awaiting))})."
                                if debrief_round.awaiting else "."), width))
    story.append(rich("Questions asked", s["h3"]))
    if debrief_round.questions:
        for index, question in enumerate(debrief_round.questions, 1):
            story.append(rich(f"<b>{index}. {markup(question.title)}</b> "
                                   f"<font color='#56606b'>\u00b7 {question.minutes} min</font>",
                                   s["body"]))
            story.extend(bank_text(question.prompt, s["prompt"], s["bullet"]))
    else:
        story.append(rich("No questions were planned for this round.", s["small"]))
    for card in debrief_round.scorecards:
        story.extend(_scorecard(debrief, debrief_round, card, width))
    if debrief_round.awaiting and debrief_round.scorecards:
        story.append(_notice("Awaiting scorecard",
                             f"Still owed by {markup(', '.join(debrief_round.awaiting))}.",
                             width))
    return story


def _notice(title: str, text: str, width: float) -> Table:
    s = stylesheet()
    box = Table([[rich(f"<b>{title}</b> \u2014 {text}", s["body"])]], colWidths=[width])
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), AWAITING_FILL),
        ("LINEBEFORE", (0, 0), (0, -1), 3, SEVERITY_COLOURS["blocking"]),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
    ]))
    return box


def _scorecard(debrief: Debrief, debrief_round: DebriefRound, card: ScorecardSummary,
               width: float) -> list[Flowable]:
    s = stylesheet()
    level = catalog.name_of(catalog.LEVELS, debrief.loop.level).lower()
    stamp = f"submitted {format_when(card.submitted_at)}" if card.submitted_at else "submitted"
    if card.amended_at:
        stamp += (f" \u00b7 <font color='#a15c00'><b>AMENDED {format_when(card.amended_at)}"
                  "</b></font>")
    heading = [
        rich(f"Scorecard \u2014 {markup(card.interviewer)}", s["h2"]),
        rich(f"{stamp} \u00b7 recommendation: "
                  f"<b>{_recommendation(card.recommendation)}</b>", s["muted"]),
    ]
    overflow = Overflow()
    rows: list[list] = [["Criterion", "Rating", f"Anchor at {level}", "Evidence"]]
    commands: list[tuple] = []
    for rating in card.ratings:
        row = len(rows)
        rows.append([
            para(rating.criterion_name, s["cell_bold"]),
            f"{rating.value} / 4" if rating.value else "no signal",
            para(rating.anchor or "\u2014", s["cell_italic"]),
            overflow.cell(rating.evidence or "\u2014", s["cell"],
                          f"Evidence \u2014 {rating.criterion_name}"),
        ])
        if rating.value in RATING_FILLS:
            commands.append(("BACKGROUND", (1, row), (1, row), RATING_FILLS[rating.value]))
        else:
            commands += [("TEXTCOLOR", (1, row), (1, row), MUTED),
                         ("FONTNAME", (1, row), (1, row), SANS),
                         ("FONTSIZE", (1, row), (1, row), 8)]
    story: list[Flowable] = []
    if len(rows) > 1:
        table = Table(rows, colWidths=[width * 0.19, width * 0.1, width * 0.33, width * 0.38],
                      repeatRows=1)
        table.setStyle(TableStyle(grid_style().getCommands()
                                  + [("ALIGN", (1, 1), (1, -1), "CENTER"),
                                     ("FONTNAME", (1, 1), (1, -1), SANS_BOLD),
                                     ("FONTSIZE", (1, 1), (1, -1), 9)] + commands))
        # Keep the heading with the first rows of its table, not alone at a page foot.
        story.append(KeepTogether(heading + [Spacer(1, 3)]))
        story.append(table)
        story.extend(overflow.flowables(s["label"], s["small"]))
    else:
        story.extend(heading)
    if card.probes:
        probe_rows: list[list] = [["Probe", "Answer"]]
        probe_rows += [[para(p.question, s["cell"]), para(p.answer, s["cell_bold"])]
                       for p in card.probes]
        probes = Table(probe_rows, colWidths=[width * 0.7, width * 0.3], repeatRows=1)
        probes.setStyle(grid_style())
        story += [rich("Probe answers", s["label"]), probes]
    story.append(rich("Flags", s["label"]))
    if card.flags:
        for flag in card.flags:
            colour = SEVERITY_COLOURS.get(flag.severity, MUTED).hexval().replace("0x", "#")
            source = " (raised by the interviewer)" if flag.source == "interviewer" else ""
            story.append(rich(
                f"<font color='{colour}'><b>{SEVERITY_NAMES.get(flag.severity, flag.severity)}"
                f"</b></font> \u00b7 <b>{markup(flag.label)}</b>{source} \u2014 because "
                f"{markup(flag.because)}", s["bullet"], bulletText="\u2022"))
    else:
        story.append(rich("None.", s["small"]))
    if card.dismissed:
        story.append(rich("Dismissed proposals", s["label"]))
        for dismissed in card.dismissed:
            story.append(rich(
                f"<strike>{markup(dismissed.label)}</strike> \u2014 proposed because "
                f"{markup(dismissed.because)}. <b>Dismissed:</b> "
                f"{markup(dismissed.reason) or '<i>no reason given</i>'}",
                s["bullet"], bulletText="\u2022"))
    story.append(rich("Notes", s["label"]))
    notes = long_text(card.notes, s["body"])
    story.extend(notes or [rich("No notes.", s["small"])])
    story.append(Spacer(1, 4))
    return story


# --- helpers ------------------------------------------------------------------------------------

def _round_name(round_id: str) -> str:
    return catalog.name_of(catalog.ROUNDS, round_id)


def _recommendation(recommendation: str | None) -> str:
    if not recommendation:
        return "none given"
    return catalog.name_of(catalog.RECOMMENDATIONS, recommendation)
