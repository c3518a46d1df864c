"""Bring a loop's scorecards together: the matrix, tallies, flags, disagreements, level signal.

Pure: the debrief page and the printed packet both render what build_debrief returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean

from . import catalog
from .rubric import RubricSet
from .scorecard import ScorecardContent, SettledFlag

SEVERITY_ORDER = ("blocking", "concern", "info")
RECOMMENDATION_SCORE = {"strong_no": 1, "no": 2, "yes": 3, "strong_yes": 4}
DISAGREEMENT_GAP = 2


# --- what the shell hands in ------------------------------------------------------------------

@dataclass(frozen=True)
class LoopFacts:
    id: int
    candidate_name: str
    candidate_email: str
    role_title: str
    lane: str
    level: str
    domain: str | None
    status: str
    deployment_target: str | None = None
    decision: str | None = None
    decision_level: str | None = None
    decision_reason: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    cancel_reason: str | None = None  # set when the loop was cancelled


@dataclass(frozen=True)
class QuestionFacts:
    id: str
    title: str
    prompt: str
    minutes: int
    version: int = 1


@dataclass(frozen=True)
class RoundFacts:
    round: str
    minutes: int
    scheduled_at: datetime | None
    interviewers: tuple[str, ...]
    questions: tuple[QuestionFacts, ...] = ()


@dataclass(frozen=True)
class ScorecardFacts:
    """A submitted scorecard as recorded: its content and the flags submitting settled."""

    id: int
    round: str
    interviewer: str
    status: str
    content: ScorecardContent = field(default_factory=ScorecardContent)
    settled: tuple[SettledFlag, ...] = ()
    submitted_at: datetime | None = None
    amended_at: datetime | None = None


# --- what the debrief shows -------------------------------------------------------------------

@dataclass(frozen=True)
class Rating:
    criterion_id: str
    criterion_name: str
    value: int | None
    anchor: str
    evidence: str
    no_signal: bool = False  # the interviewer chose "no signal" rather than leaving it blank


@dataclass(frozen=True)
class DebriefFlag:
    id: str
    label: str
    severity: str
    source: str
    because: str
    round: str
    raised_by: str


@dataclass(frozen=True)
class DismissedFlag:
    id: str
    label: str
    because: str
    reason: str
    round: str
    dismissed_by: str


@dataclass(frozen=True)
class ProbeAnswer:
    probe_id: str
    question: str
    answer: str


@dataclass(frozen=True)
class ScorecardSummary:
    id: int
    round: str
    interviewer: str
    ratings: tuple[Rating, ...]
    probes: tuple[ProbeAnswer, ...]
    flags: tuple[DebriefFlag, ...]
    dismissed: tuple[DismissedFlag, ...]
    notes: str
    recommendation: str | None
    submitted_at: datetime | None
    amended_at: datetime | None

    def rating(self, criterion_id: str) -> Rating | None:
        return next((r for r in self.ratings if r.criterion_id == criterion_id), None)


@dataclass(frozen=True)
class DebriefRound:
    round: str
    title: str
    minutes: int
    scheduled_at: datetime | None
    criteria: tuple[tuple[str, str], ...]
    questions: tuple[QuestionFacts, ...]
    scorecards: tuple[ScorecardSummary, ...]
    awaiting: tuple[str, ...]

    @property
    def awaiting_scorecard(self) -> bool:
        return not self.scorecards


@dataclass(frozen=True)
class Disagreement:
    round: str
    criterion_id: str
    criterion_name: str
    low: tuple[str, int]
    high: tuple[str, int]

    @property
    def gap(self) -> int:
        return self.high[1] - self.low[1]


@dataclass(frozen=True)
class LevelSignal:
    level: str
    suggested: str
    reasons: tuple[str, ...]
    # How many submitted scorecards the signal rests on, of how many the loop expects: a signal
    # from 1 of 5 must never read like one from 5 of 5 (issue 14 item 9).
    scorecards: int = 0
    expected: int = 0

    @property
    def basis(self) -> str:
        if not self.expected:
            return ""
        return f"from {self.scorecards} of {self.expected} scorecard" + (
            "s" if self.expected != 1 else "")

    @property
    def differs(self) -> bool:
        return self.level != self.suggested

    @property
    def text(self) -> str:
        level = catalog.name_of(catalog.LEVELS, self.level).lower()
        suggested = catalog.name_of(catalog.LEVELS, self.suggested).lower()
        basis = f", {self.basis}" if self.basis else ""
        if not self.differs:
            return f"Evidence is consistent with {level}{basis}."
        return f"Evidence points to {suggested}, not {level}{basis}."


@dataclass(frozen=True)
class Debrief:
    loop: LoopFacts
    rounds: tuple[DebriefRound, ...]
    recommendations: tuple[tuple[str, str, str], ...]  # (round, interviewer, recommendation)
    tally: Mapping[str, int]
    flags: Mapping[str, tuple[DebriefFlag, ...]]  # by severity, blocking first
    disagreements: tuple[Disagreement, ...]
    level_signal: LevelSignal | None
    missing: tuple[tuple[str, str], ...]  # (round, interviewer)

    @property
    def submitted_count(self) -> int:
        return sum(len(r.scorecards) for r in self.rounds)

    @property
    def flag_count(self) -> int:
        return sum(len(v) for v in self.flags.values())

    @property
    def scorecards(self) -> tuple[ScorecardSummary, ...]:
        """Every submitted scorecard, in round order."""
        return tuple(s for r in self.rounds for s in r.scorecards)

    @property
    def dismissed(self) -> tuple[DismissedFlag, ...]:
        """Every flag proposal an interviewer dismissed, with their reason, in round order."""
        return tuple(f for s in self.scorecards for f in s.dismissed)


# --- building it --------------------------------------------------------------------------------

def settle_flags(settled: Sequence[SettledFlag], round_id: str, interviewer: str,
                 ) -> tuple[tuple[DebriefFlag, ...], tuple[DismissedFlag, ...]]:
    """Split a scorecard's settled flags into those that stand and those dismissed."""
    kept: list[DebriefFlag] = []
    dismissed: list[DismissedFlag] = []
    for flag in settled:
        if flag.stands:
            kept.append(DebriefFlag(flag.id, flag.label, flag.severity, flag.source,
                                    flag.because, round_id, interviewer))
        else:
            dismissed.append(DismissedFlag(flag.id, flag.label, flag.because, flag.reason,
                                           round_id, interviewer))
    return tuple(kept), tuple(dismissed)


def _summarise(loop: LoopFacts, card: ScorecardFacts, rubrics: RubricSet) -> ScorecardSummary:
    """Return a submitted scorecard as the debrief shows it; the flags are as settled."""
    rubric = rubrics.for_round(card.round, loop.lane)
    content = card.content
    ratings = []
    for criterion in rubric.criteria:
        value = content.ratings.get(criterion.id)
        anchor = criterion.anchor(loop.level, value) if value else ""
        ratings.append(Rating(criterion.id, criterion.name, value, anchor,
                              content.evidence.get(criterion.id, ""),
                              no_signal=criterion.id in content.ratings and value is None))
    probes = []
    for probe in rubric.probes:
        answer = content.probes.get(probe.id)
        if answer:
            label = next((o.label for o in probe.options if o.id == answer), answer)
            probes.append(ProbeAnswer(probe.id, probe.question, label))
    kept, dismissed = settle_flags(card.settled, card.round, card.interviewer)
    return ScorecardSummary(card.id, card.round, card.interviewer, tuple(ratings), tuple(probes),
                            kept, dismissed, content.notes, content.recommendation,
                            card.submitted_at, card.amended_at)


def _disagreements(rounds: Sequence[DebriefRound]) -> list[Disagreement]:
    found = []
    for debrief_round in rounds:
        for criterion_id, criterion_name in debrief_round.criteria:
            rated = [(s.interviewer, r.value) for s in debrief_round.scorecards
                     if (r := s.rating(criterion_id)) is not None and r.value]
            if len(rated) < 2:
                continue
            low = min(rated, key=lambda item: item[1])
            high = max(rated, key=lambda item: item[1])
            if high[1] - low[1] >= DISAGREEMENT_GAP:
                found.append(Disagreement(debrief_round.round, criterion_id, criterion_name,
                                          low, high))
    return found


def level_signal(level: str, flags: Sequence[DebriefFlag], ratings: Sequence[int],
                 rubrics: RubricSet, scorecards: int = 0,
                 expected: int = 0, lane: str | None = None) -> LevelSignal | None:
    """Return the highest level the evidence supports, with the reasons, up to one above.

    A flag blocks a level as the loop's lane weighs it (a research senior with no incident
    story is a concern, not a reason to step down)."""
    if not ratings and not flags:
        return None
    levels = catalog.LEVEL_IDS
    index = levels.index(level)
    average = mean(ratings) if ratings else None
    reasons: list[str] = []
    supported = index
    # Step down while a raised flag blocks at the level under consideration.
    while supported > 0:
        candidate = levels[supported]
        blocking = sorted({f.label for f in flags
                           if _severity(rubrics, f.id, candidate, lane) == "blocking"})
        if not blocking:
            break
        reasons.append(f"{', '.join(blocking)}: blocking at "
                       f"{catalog.name_of(catalog.LEVELS, candidate).lower()}")
        supported -= 1
    if average is not None and average < 2.0 and supported > 0:
        reasons.append(f"average rating {average:.1f} of 4 is below the bar")
        supported -= 1
    if (supported == index and index < len(levels) - 1 and average is not None
            and average >= 3.5 and len(ratings) >= 8
            and not any(f.severity in ("blocking", "concern") for f in flags)):
        reasons.append(f"average rating {average:.1f} of 4 with no concerns raised")
        supported += 1
    return LevelSignal(level, levels[supported], tuple(reasons), scorecards, expected)


def _severity(rubrics: RubricSet, flag_id: str, level: str,
              lane: str | None = None) -> str | None:
    definition = rubrics.flags.get(flag_id)
    return definition.severity_for(level, lane) if definition else None


def build_debrief(loop: LoopFacts, rounds: Sequence[RoundFacts],
                  scorecards: Sequence[ScorecardFacts], rubrics: RubricSet) -> Debrief:
    """Return the debrief of a loop from its submitted scorecards; drafts are ignored."""
    submitted = [c for c in scorecards if c.status == "submitted"]
    by_round: dict[str, list[ScorecardSummary]] = {}
    for card in sorted(submitted, key=lambda c: (c.round, c.interviewer, c.id)):
        by_round.setdefault(card.round, []).append(_summarise(loop, card, rubrics))
    debrief_rounds = []
    missing: list[tuple[str, str]] = []
    order = {r: i for i, r in enumerate(catalog.ROUND_IDS)}
    for facts in sorted(rounds, key=lambda r: order.get(r.round, 99)):
        rubric = rubrics.for_round(facts.round, loop.lane)
        summaries = tuple(by_round.get(facts.round, ()))
        done = {s.interviewer for s in summaries}
        awaiting = tuple(name for name in facts.interviewers if name not in done)
        missing.extend((facts.round, name) for name in awaiting)
        debrief_rounds.append(DebriefRound(
            facts.round, catalog.name_of(catalog.ROUNDS, facts.round), facts.minutes,
            facts.scheduled_at, tuple((c.id, c.name) for c in rubric.criteria),
            facts.questions, summaries, awaiting))
    all_cards = [s for r in debrief_rounds for s in r.scorecards]
    recommendations = tuple((s.round, s.interviewer, s.recommendation) for s in all_cards
                            if s.recommendation)
    tally = {rec.id: 0 for rec in catalog.RECOMMENDATIONS}
    for _, _, rec in recommendations:
        tally[rec] = tally.get(rec, 0) + 1
    all_flags = [f for s in all_cards for f in s.flags]
    flags = {sev: tuple(sorted((f for f in all_flags if f.severity == sev),
                               key=lambda f: (order.get(f.round, 99), f.id, f.raised_by)))
             for sev in SEVERITY_ORDER}
    ratings = [r.value for s in all_cards for r in s.ratings if r.value]
    return Debrief(loop, tuple(debrief_rounds), recommendations, tally, flags,
                   tuple(_disagreements(debrief_rounds)),
                   level_signal(loop.level, all_flags, ratings, rubrics, len(all_cards),
                                len(all_cards) + len(missing), lane=loop.lane), tuple(missing))
