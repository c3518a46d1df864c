"""Plan a four-round interview loop from the question bank, explaining every choice."""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from . import catalog
from .bank import Question


class PlanningError(ValueError):
    """Raised when an intake names an unknown lane, level, domain or round."""


@dataclass(frozen=True)
class Intake:
    lane: str
    level: str
    domain: str | None = None
    round_minutes: Mapping[str, int] = field(
        default_factory=lambda: dict(catalog.DEFAULT_ROUND_MINUTES))
    exclude: frozenset[str] = frozenset()
    usage: Mapping[str, int] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise PlanningError naming the first unknown value and the valid ones."""
        checks = (("lane", self.lane, catalog.LANE_IDS), ("level", self.level, catalog.LEVEL_IDS))
        for name, value, valid in checks:
            if value not in valid:
                raise PlanningError(f"unknown {name} {value!r}; valid: {', '.join(valid)}")
        if self.domain is not None and self.domain not in catalog.DOMAIN_IDS:
            raise PlanningError(f"unknown domain {self.domain!r}; valid: "
                                f"{', '.join(catalog.DOMAIN_IDS)}")
        for round_id, minutes in self.round_minutes.items():
            if round_id not in catalog.ROUND_IDS:
                raise PlanningError(f"unknown round {round_id!r}; valid: "
                                    f"{', '.join(catalog.ROUND_IDS)}")
            if not 15 <= minutes <= 180:
                raise PlanningError(f"{round_id} must last 15 to 180 minutes, not {minutes}")

    def minutes_for(self, round_id: str) -> int:
        return self.round_minutes.get(round_id, catalog.DEFAULT_ROUND_MINUTES[round_id])


@dataclass(frozen=True)
class PlannedQuestion:
    id: str
    title: str
    minutes: int
    signals: tuple[str, ...]
    covers: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class PlannedRound:
    round: str
    minutes: int
    questions: tuple[PlannedQuestion, ...]
    required: tuple[str, ...]
    uncovered: tuple[str, ...]

    @property
    def question_minutes(self) -> int:
        return sum(q.minutes for q in self.questions)

    @property
    def budget(self) -> int:
        return question_budget(self.minutes)


@dataclass(frozen=True)
class LoopPlan:
    lane: str
    level: str
    domain: str | None
    seed: int
    rounds: tuple[PlannedRound, ...]
    warnings: tuple[str, ...]

    def question_ids(self) -> list[str]:
        return [q.id for r in self.rounds for q in r.questions]

    def round(self, round_id: str) -> PlannedRound:
        for planned in self.rounds:
            if planned.round == round_id:
                return planned
        raise KeyError(round_id)

    def to_dict(self) -> dict:
        """Return the plan as the JSON shape the CLI and API share."""
        return {
            "lane": self.lane, "level": self.level, "domain": self.domain, "seed": self.seed,
            "rounds": [{
                "round": r.round, "minutes": r.minutes,
                "questions": [{"id": q.id, "title": q.title, "minutes": q.minutes,
                               "signals": list(q.signals), "reason": q.reason}
                              for q in r.questions],
            } for r in self.rounds],
            "warnings": list(self.warnings),
        }


def question_budget(round_minutes: int) -> int:
    """Return the minutes of a round left for questions after introductions and wrap-up."""
    return max(round_minutes - catalog.ROUND_OVERHEAD_MINUTES, round_minutes * 2 // 3)


def _signal_names(signals: Iterable[str]) -> str:
    return ", ".join(_lower_first(catalog.name_of(catalog.SIGNALS, s)) for s in signals)


def _lower_first(name: str) -> str:
    # "ML fundamentals" keeps its acronym; "Serving and deployment" reads mid-sentence.
    return name if name[:2].isupper() else name[0].lower() + name[1:]


def _tiebreak(seed: int, salt: str, question_id: str) -> int:
    # crc32, not hash(): str hashes change between processes, plans must not.
    return zlib.crc32(f"{seed}:{salt}:{question_id}".encode())


class _RoundPlanner:
    """Greedy, explained selection of one round's questions within its time budget.

    Candidates are sorted once by (usage, seeded tiebreak); each pick then scans them for
    the best score, keeping the first of equals, so less-used questions win ties.
    """

    def __init__(self, round_id: str, intake: Intake, candidates: Sequence[Question], seed: int):
        self.round_id = round_id
        self.intake = intake
        self.required = catalog.required_signals(round_id, intake.lane, intake.level)
        usage, domain = intake.usage, intake.domain
        keyed = sorted((usage.get(q.id, 0), _tiebreak(seed, round_id, q.id), q.id, q)
                        for q in candidates)
        self.entries = [(q.signal_mask, q.minutes, bool(domain and domain in q.domains), q)
                        for *_, q in keyed]

    def select(self, taken: set[str]) -> list[Question]:
        remaining = question_budget(self.intake.minutes_for(self.round_id))
        chosen: list[Question] = []
        covered = 0
        required = catalog.signal_mask(self.required)
        while True:
            uncovered = required & ~covered
            best: Question | None = None
            best_score = -1
            best_minutes = best_mask = 0
            for mask, minutes, domain_match, question in self.entries:
                if minutes > remaining:
                    continue
                # Required signals first, then the loop's domain, then signals not yet seen.
                score = (((mask & uncovered).bit_count() * 2 + domain_match) * 64
                         + (mask & ~covered).bit_count())
                if score > best_score and question.id not in taken:
                    best, best_score, best_minutes = question, score, minutes
                    best_mask = mask
            # Once nothing adds a signal, the time left is better spent on follow-ups.
            if best is None or (chosen and best_score % 64 == 0):
                break
            chosen.append(best)
            taken.add(best.id)
            covered |= best_mask
            remaining -= best_minutes
        return chosen


def explain(question: Question, required: Sequence[str], covered_before: set[str],
            usage: int, domain: str | None) -> PlannedQuestion:
    """Describe why a question is in a round: which signals it brings and how fresh it is."""
    covers = tuple(s for s in required if s in question.signals and s not in covered_before)
    extra = tuple(s for s in question.signals if s not in required and s not in covered_before)
    parts: list[str] = []
    if domain and domain in question.domains:
        parts.append(f"{catalog.name_of(catalog.DOMAINS, domain)} question")
    if covers:
        parts.append(f"covers {_signal_names(covers)} (required for this round)")
    if extra:
        parts.append(f"adds {_signal_names(extra)}")
    if not covers and not extra:
        parts.append(f"more evidence on {_signal_names(question.signals)}")
    parts.append("never used before" if usage == 0 else
                 f"used in {usage} earlier loop{'s' if usage != 1 else ''}")
    reason = "; ".join(parts)
    return PlannedQuestion(question.id, question.title, question.minutes, question.signals,
                           covers, reason[0].upper() + reason[1:] + ".")


def _build_round(round_id: str, intake: Intake, chosen: Sequence[Question]) -> PlannedRound:
    required = catalog.required_signals(round_id, intake.lane, intake.level)
    covered: set[str] = set()
    planned = []
    for question in chosen:
        planned.append(explain(question, required, covered, intake.usage.get(question.id, 0),
                               intake.domain))
        covered.update(question.signals)
    uncovered = tuple(s for s in required if s not in covered)
    return PlannedRound(round_id, intake.minutes_for(round_id), tuple(planned), required,
                        uncovered)


def _eligible(questions: Iterable[Question], intake: Intake) -> dict[str, list[Question]]:
    by_round: dict[str, list[Question]] = {r: [] for r in catalog.ROUND_IDS}
    lane, level, domain, exclude = intake.lane, intake.level, intake.domain, intake.exclude
    for q in questions:
        if lane not in q.lanes or level not in q.levels or q.id in exclude:
            continue
        # A domain-specific question never lands in another domain's loop.
        if q.domains and domain is not None and domain not in q.domains:
            continue
        by_round[q.round].append(q)
    return by_round


def _round_warnings(planned: PlannedRound, intake: Intake) -> list[str]:
    name = catalog.name_of(catalog.ROUNDS, planned.round)
    if not planned.questions:
        return [f"{name}: the bank has no {intake.lane}/{intake.level} question that fits "
                f"{planned.budget} minutes; add questions or lengthen the round."]
    if planned.uncovered:
        return [f"{name}: no {intake.lane}/{intake.level} question in the bank covers "
                f"{_signal_names(planned.uncovered)} within {planned.budget} minutes; the "
                f"interviewer should probe it directly."]
    return []


def plan_loop(questions: Iterable[Question], intake: Intake, seed: int = 0) -> LoopPlan:
    """Choose each round's questions for an intake; same inputs and seed, same plan."""
    intake.validate()
    by_round = _eligible(questions, intake)
    taken: set[str] = set()
    rounds: list[PlannedRound] = []
    warnings: list[str] = []
    if intake.lane == "domain" and intake.domain is None:
        warnings.append("Domain lane without a domain: the deep dive uses general "
                        "domain-lane questions.")
    for round_id in catalog.ROUND_IDS:
        chosen = _RoundPlanner(round_id, intake, by_round[round_id], seed).select(taken)
        planned = _build_round(round_id, intake, chosen)
        if (round_id == "deep_dive" and intake.domain
                and not any(intake.domain in q.domains for q in chosen)):
            warnings.append(f"Domain / applied-scientist deep dive: no "
                            f"{catalog.name_of(catalog.DOMAINS, intake.domain)} question fits "
                            f"this lane and level; general deep-dive questions are used instead.")
        warnings.extend(_round_warnings(planned, intake))
        rounds.append(planned)
    return LoopPlan(intake.lane, intake.level, intake.domain, seed, tuple(rounds), tuple(warnings))


def alternatives(questions: Iterable[Question], intake: Intake, plan: LoopPlan, round_id: str,
                 question_id: str, limit: int = 5) -> list[PlannedQuestion]:
    """Rank the questions that could take one slot, best first, each with its reason."""
    planned_round = plan.round(round_id)
    others = [q for q in planned_round.questions if q.id != question_id]
    if len(others) == len(planned_round.questions):
        raise KeyError(question_id)
    in_plan = set(plan.question_ids())
    covered_by_others = {s for q in others for s in q.signals}
    # The slot must keep supplying the required signals nobody else in the round covers.
    needed = [s for s in planned_round.required if s not in covered_by_others]
    room = planned_round.budget - sum(q.minutes for q in others)
    candidates = [q for q in _eligible(questions, intake)[round_id]
                  if q.id not in in_plan and q.minutes <= room]
    rng = random.Random(f"{plan.seed}:{round_id}:{question_id}")
    scored = []
    for q in sorted(candidates, key=lambda q: q.id):
        kept = sum(1 for s in needed if s in q.signals)
        fresh = sum(1 for s in q.signals if s not in covered_by_others)
        domain_match = bool(intake.domain and intake.domain in q.domains)
        scored.append(((-kept, not domain_match, -fresh, intake.usage.get(q.id, 0),
                        rng.random()), q))
    scored.sort(key=lambda item: item[0])
    return [explain(q, planned_round.required, covered_by_others, intake.usage.get(q.id, 0),
                    intake.domain) for _, q in scored[:limit]]


def with_questions(questions: Iterable[Question], intake: Intake, plan: LoopPlan,
                   chosen: Mapping[str, Sequence[str]]) -> LoopPlan:
    """Rebuild a plan from chosen question ids per round (after a swap), re-explained."""
    by_id = {q.id: q for q in questions}
    rounds = []
    warnings = [w for w in plan.warnings if not any(
        w.startswith(catalog.name_of(catalog.ROUNDS, r) + ":") for r in catalog.ROUND_IDS)]
    for round_id in catalog.ROUND_IDS:
        ids = chosen.get(round_id, [q.id for q in plan.round(round_id).questions])
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise PlanningError(f"unknown question {missing[0]!r}")
        planned = _build_round(round_id, intake, [by_id[i] for i in ids])
        warnings.extend(_round_warnings(planned, intake))
        rounds.append(planned)
    return replace(plan, rounds=tuple(rounds), warnings=tuple(warnings))
