"""Plan a four-round interview loop from the question bank, explaining every choice.

A loop is judged as a whole: each round covers its required signals, the loop as a whole
covers the level's bar (catalog.bar_requirements), no idea (`concept`) is asked twice, domain
questions stay in their domain, extensions follow a main problem they fit, the intake's
deployment target and work type decide between otherwise equal questions, and the manager's
pinned questions stay where they were put.
"""

from __future__ import annotations

import gc
import heapq
import random
import zlib
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from . import catalog
from .bank import Question


class PlanningError(ValueError):
    """Raised when an intake names an unknown lane, level, domain, target or round."""


@dataclass(frozen=True)
class Intake:
    lane: str
    level: str
    domain: str | None = None
    round_minutes: Mapping[str, int] = field(
        default_factory=lambda: dict(catalog.DEFAULT_ROUND_MINUTES))
    exclude: frozenset[str] = frozenset()
    usage: Mapping[str, int] = field(default_factory=dict)
    deployment_target: str | None = None
    work_type: str | None = None
    # None: not asked; False: no platform/MLOps team, the hire owns infrastructure.
    platform_team: bool | None = None
    framework: str | None = None
    # Questions the manager chose, by round: kept by every re-plan.
    pins: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise PlanningError naming the first unknown value and the valid ones."""
        checks = (("lane", self.lane, catalog.LANE_IDS), ("level", self.level, catalog.LEVEL_IDS))
        for name, value, valid in checks:
            if value not in valid:
                raise PlanningError(f"unknown {name} {value!r}; valid: {', '.join(valid)}")
        optional = (("domain", self.domain, catalog.DOMAIN_IDS),
                    ("deployment target", self.deployment_target,
                     catalog.DEPLOYMENT_TARGET_IDS),
                    ("work type", self.work_type, catalog.WORK_TYPE_IDS))
        for name, value, valid in optional:
            if value is not None and value not in valid:
                raise PlanningError(f"unknown {name} {value!r}; valid: {', '.join(valid)}")
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
    # What the interviewer must know before asking (a second incident, "if time").
    note: str = ""
    optional: bool = False
    pinned: bool = False


@dataclass(frozen=True)
class PlannedRound:
    round: str
    minutes: int
    questions: tuple[PlannedQuestion, ...]
    required: tuple[str, ...]
    uncovered: tuple[str, ...]
    reading_minutes: int = 0

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
    deployment_target: str | None = None
    work_type: str | None = None
    platform_team: bool | None = None
    # Ids of the bar requirements (catalog.bar_requirements) nothing in the loop meets.
    unmet_bar: tuple[str, ...] = ()

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
            "deployment_target": self.deployment_target, "work_type": self.work_type,
            "platform_team": self.platform_team,
            "rounds": [{
                "round": r.round, "minutes": r.minutes, "reading_minutes": r.reading_minutes,
                "questions": [{"id": q.id, "title": q.title, "minutes": q.minutes,
                               "signals": list(q.signals), "reason": q.reason,
                               "note": q.note, "if_time": q.optional, "pinned": q.pinned}
                              for q in r.questions],
            } for r in self.rounds],
            "unmet_bar": list(self.unmet_bar),
            "warnings": list(self.warnings),
        }


def question_budget(round_minutes: int) -> int:
    """Return the minutes of a round left for questions after introductions and wrap-up."""
    return max(round_minutes - catalog.ROUND_OVERHEAD_MINUTES, round_minutes * 2 // 3)


def reading_minutes(round_id: str, questions: Iterable[Question]) -> int:
    """Return the reading time a round needs: one main problem's hand-over, if it has one."""
    minutes = catalog.READING_MINUTES.get(round_id, 0)
    return minutes if minutes and any(not q.is_extension for q in questions) else 0


def _signal_names(signals: Iterable[str], round_id: str | None = None) -> str:
    """Name signals in the round's rubric words, as a sentence would: "a, b and c"."""
    names = [_lower_first(n) for n in catalog.signal_names(signals, round_id)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _lower_first(name: str) -> str:
    # "ML fundamentals" keeps its acronym; "Serving and deployment" reads mid-sentence.
    return name if name[:2].isupper() else name[0].lower() + name[1:]


def _tiebreak(seed: int, salt: str, question_id: str) -> int:
    # crc32, not hash(): str hashes change between processes, plans must not.
    return zlib.crc32(f"{seed}:{salt}:{question_id}".encode())


_INFRA_SIGNALS = catalog.signal_mask(("serving", "monitoring", "data_pipelines"))
_LLM_ONLY = frozenset({"llm_backend"})
_DEVICE_ONLY = frozenset({"on_device"})
# How much a question whose deployment targets match the intake's gains in the score, and one
# whose targets miss it loses, in the units of `_RoundPlanner.select` (a bar requirement is
# worth 4): a fitting design beats an unfitted one that meets a requirement a later round can
# meet too; a misfit is a lighter penalty, so the repair can still bring one in for the bar.
TARGET_FIT = 5
TARGET_MISFIT = 3


class _Context:
    """What one plan needs to know about every eligible question, computed once."""

    def __init__(self, intake: Intake, questions: Iterable[Question]):
        self.intake = intake
        self.reqs = catalog.bar_requirements(intake.lane, intake.level, intake.domain)
        self._concept_bits: dict[str, int] = {}
        self._written_bits = self._domain_bits = 0
        self.round_bits = {r: 0 for r in catalog.ROUND_IDS}
        for i, r in enumerate(self.reqs):
            bit = 1 << i
            for concept in r.concepts:
                self._concept_bits[concept] = self._concept_bits.get(concept, 0) | bit
            if r.written_for:
                self._written_bits |= bit
            if r.domain:
                self._domain_bits |= bit
            for round_id in r.rounds or catalog.ROUND_IDS:
                self.round_bits[round_id] |= bit
        self.required_bits = sum(1 << i for i, r in enumerate(self.reqs) if not r.optional)
        # The intake's domain in another lane's loop weighs half a bar requirement: it leans
        # the picks, never at the cost of what the level or lane must test.
        self.light_bits = sum(1 << i for i, r in enumerate(self.reqs)
                              if r in catalog.INTAKE_DOMAIN_BAR)
        # One pass over the bank: which questions are eligible for which round, and the bar
        # requirements each one meets.
        sig_bits = [(catalog.signal_mask(r.signals), 1 << i)
                    for i, r in enumerate(self.reqs) if r.signals]
        concept_bits, written, domain_bits = self._concept_bits, self._written_bits, \
            self._domain_bits
        lane, level, domain, exclude = intake.lane, intake.level, intake.domain, intake.exclude
        never = catalog.signal_mask(catalog.JUNIOR_NEVER_SIGNALS) if level == "junior" else 0
        by_round: dict[str, list[Question]] = {r: [] for r in catalog.ROUND_IDS}
        cache: dict[int, int] = {}
        bits_by_id: dict[str, int] = {}
        coverable = 0
        round_bits = self.round_bits
        for q in questions:
            if lane not in q.lanes or level not in q.levels or q.id in exclude:
                continue
            # A domain-specific question lands only in a loop for its own domain.
            if q.domains and domain not in q.domains:
                continue
            mask = q.signal_mask
            # Juniors are never asked for leadership they cannot have had.
            if mask & never:
                continue
            by_round[q.round].append(q)
            bits = cache.get(mask)
            if bits is None:
                bits = 0
                for sig, bit in sig_bits:
                    if mask & sig:
                        bits |= bit
                cache[mask] = bits
            if concept_bits:
                bits |= concept_bits.get(q.concept or q.id, 0)
            if written and len(q.levels) == 1:
                bits |= written
            if domain_bits and domain in q.domains:
                bits |= domain_bits
            bits_by_id[q.id] = bits
            coverable |= bits & round_bits[q.round]
        self.by_round = by_round
        self._bits = self.bits_by_id = bits_by_id
        self._coverable = coverable
        self.has_fit_facts = bool(intake.deployment_target or intake.work_type
                                  or intake.platform_team is False)

    def coverable_bits(self) -> int:
        """Return the bar requirements some eligible question could meet in its round."""
        return self._coverable

    def bar_bits(self, q: Question) -> int:
        """Return the bar requirements a question meets, as bits, ignoring rounds."""
        bits = self._bits.get(q.id)
        if bits is None:
            # Not eligible (a pinned or retired question): work it out the slow way.
            bits = 0
            for i, r in enumerate(self.reqs):
                if (set(r.signals) & set(q.signals) or q.idea in r.concepts
                        or (r.written_for and q.levels == {r.written_for})
                        or (r.domain and self.intake.domain in q.domains)):
                    bits |= 1 << i
        return bits

    def fit(self, q: Question, round_id: str) -> int:
        """Score how well a question fits the intake's target, work and team (FIT_ROUNDS)."""
        if round_id not in catalog.FIT_ROUNDS:
            return 0
        intake, score = self.intake, 0
        if intake.deployment_target and q.deployment_targets:
            # Worth more than one bar requirement: a later round can usually meet that, but
            # only this round can give the hire a problem shaped like their job.
            score += TARGET_FIT if intake.deployment_target in q.deployment_targets \
                else -TARGET_MISFIT
        elif (q.deployment_targets == _LLM_ONLY and intake.lane != "llm"):
            # No target named: a question only about building on an LLM backend does not
            # belong in another lane's loop.
            score -= TARGET_MISFIT
        elif round_id == "deep_dive" and q.deployment_targets == _DEVICE_ONLY:
            # The deep dive is the candidate's own work: a question only about work on a
            # device presumes experience the intake did not ask for.
            score -= TARGET_MISFIT
        if intake.work_type and intake.work_type in q.work_types:
            score += 1
        if intake.platform_team is False and q.signal_mask & _INFRA_SIGNALS:
            score += 1
        return score

    def fit_reasons(self, q: Question, round_id: str) -> list[str]:
        if round_id not in catalog.FIT_ROUNDS:
            return []
        intake, parts = self.intake, []
        if intake.deployment_target and intake.deployment_target in q.deployment_targets:
            target = _target_name(intake.deployment_target)
            parts.append(f"fits {_article(target)} {target} target")
        if intake.work_type and intake.work_type in q.work_types:
            parts.append("fits work that is mostly "
                         + catalog.name_of(catalog.WORK_TYPES, intake.work_type).lower())
        if intake.platform_team is False and q.signal_mask & _INFRA_SIGNALS:
            parts.append("tests infrastructure the hire will own (no platform team)")
        return parts


def _article(word: str) -> str:
    # "an LLM ..." is said "an el-el-em"; other names follow their first letter.
    return "an" if word[:1].lower() in "aeiou" or word.startswith("LLM") else "a"


def _target_name(target: str) -> str:
    return _lower_first(catalog.name_of(catalog.DEPLOYMENT_TARGETS, target))


class _RoundPlanner:
    """Greedy, explained selection of one round's questions within its time budget.

    Candidates are sorted once by (usage, seeded tiebreak); each pick then scans them for
    the best score, keeping the first of equals, so less-used questions win ties. The score
    puts the round's required signals and the loop's unmet bar first, then the loop's domain
    and the intake's fit, then signals not yet seen.
    """

    def __init__(self, round_id: str, ctx: _Context, seed: int):
        self.round_id = round_id
        self.ctx = ctx
        intake = ctx.intake
        self.required = catalog.required_signals(round_id, intake.lane, intake.level)
        usage, domain = intake.usage, intake.domain
        round_bits = ctx.round_bits[round_id]
        keyed = sorted((usage.get(q.id, 0), _tiebreak(seed, round_id, q.id), q.id, q)
                       for q in ctx.by_round[round_id])
        bits = ctx.bits_by_id
        if round_id in catalog.FIT_ROUNDS:
            self.entries = [(q.signal_mask, q.minutes,
                             2 * bool(domain and domain in q.domains) + ctx.fit(q, round_id),
                             bits[q.id] & round_bits, bool(q.extends), q) for *_, q in keyed]
        elif domain:
            self.entries = [(q.signal_mask, q.minutes, 2 * (domain in q.domains),
                             bits[q.id] & round_bits, bool(q.extends), q) for *_, q in keyed]
        else:
            self.entries = [(q.signal_mask, q.minutes, 0, bits[q.id] & round_bits,
                             bool(q.extends), q) for *_, q in keyed]

    def uncovered_by(self, chosen: Sequence[Question]) -> int:
        covered = 0
        for q in chosen:
            covered |= q.signal_mask
        return catalog.signal_mask(self.required) & ~covered

    def select(self, taken: set[str], ideas: set[str], met: int,
               chosen: list[Question], boost: int = 0,
               bar_weight: int = 4) -> tuple[list[Question], int]:
        """Add questions to `chosen` (pins first); return them and the bar bits now met."""
        reading = catalog.READING_MINUTES.get(self.round_id, 0)
        budget = remaining = question_budget(self.ctx.intake.minutes_for(self.round_id))
        remaining -= sum(q.minutes for q in chosen) + reading_minutes(self.round_id, chosen)
        covered = 0
        for q in chosen:
            covered |= q.signal_mask
        has_main = any(not q.is_extension for q in chosen)
        has_extension = any(q.is_extension for q in chosen)
        required = catalog.signal_mask(self.required)
        light = self.ctx.light_bits
        while True:
            uncovered = required & ~covered
            unmet = ~met
            best: Question | None = None
            best_score = None
            best_minutes = best_mask = best_bar = 0
            for mask, minutes, bonus, bar, extension, question in self.entries:
                cost = minutes if extension or has_main else minutes + reading
                if cost > remaining:
                    continue
                new_bar = bar & unmet
                score = (((mask & uncovered).bit_count() * 8
                          + (new_bar & ~light).bit_count() * bar_weight
                          + (new_bar & light).bit_count() * (bar_weight // 2)
                          + ((new_bar & boost).bit_count() * 16 if boost else 0) + bonus) * 64
                         + (mask & ~covered).bit_count())
                if best_score is not None and score <= best_score:
                    continue
                if question.id in taken or question.idea in ideas:
                    continue
                if extension and (has_extension or not any(
                        question.extends_question(m) for m in chosen if not m.is_extension)):
                    continue
                best, best_score, best_minutes = question, score, cost
                best_mask, best_bar = mask, new_bar
            # Once nothing adds a signal or a bar requirement, the time left is better spent
            # on follow-ups, unless the round is still less than half used: then one more
            # question on a different idea gives the interviewer more evidence.
            if best is None or (chosen and not best_mask & ~covered and not best_bar
                                and remaining * 2 <= budget):
                break
            chosen.append(best)
            taken.add(best.id)
            ideas.add(best.idea)
            covered |= best_mask
            met |= best_bar
            remaining -= best_minutes
            has_main = has_main or not best.is_extension
            has_extension = has_extension or best.is_extension
        return chosen, met


def explain(question: Question, required: Sequence[str], covered_before: set[str],
            usage: int, domain: str | None, fit_parts: Sequence[str] = (),
            bar_parts: Sequence[str] = (), round_id: str | None = None) -> PlannedQuestion:
    """Describe why a question is in a round: which signals it brings and how fresh it is."""
    covers = tuple(s for s in required if s in question.signals and s not in covered_before)
    extra = tuple(s for s in question.signals if s not in required and s not in covered_before)
    parts: list[str] = []
    if domain and domain in question.domains:
        parts.append(f"{catalog.name_of(catalog.DOMAINS, domain)} question")
    parts.extend(fit_parts)
    # Say what the question is about first, in the rubric's words, then which of the
    # round's requirements it fills: a communication question says it is one, rather than
    # being justified only by the fundamentals it also touches.
    if question.signals:
        parts.append(f"asks about {_signal_names(question.signals, round_id)}")
    if covers:
        needs = catalog.signal_names(covers, round_id)
        parts.append(f"fills the round's {_signal_names(covers, round_id)} requirement"
                     f"{'s' if len(needs) > 1 else ''}")
    parts.extend(bar_parts)
    if not covers and not extra and not bar_parts:
        parts.append("more evidence where other questions already cover it")
    parts.append("never used before" if usage == 0 else
                 f"used in {usage} earlier loop{'s' if usage != 1 else ''}")
    reason = "; ".join(parts)
    return PlannedQuestion(question.id, question.title, question.minutes, question.signals,
                           covers, reason[0].upper() + reason[1:] + ".")


def _bar_label(req: catalog.BarRequirement, intake: Intake) -> str:
    if req.domain:
        return catalog.name_of(catalog.DOMAINS, intake.domain or "") + " bar"
    if any(req in catalog.LANE_BAR.get(intake.lane, ()) for _ in (0,)):
        return catalog.name_of(catalog.LANES, intake.lane).split(" /")[0] + " bar"
    return catalog.name_of(catalog.LEVELS, intake.level).lower() + " bar"


def _finish(ctx: _Context, chosen: Mapping[str, Sequence[Question]], seed: int,
            pinned: set[str], extra_warnings: Sequence[str] = ()) -> LoopPlan:
    """Explain every pick, note second incidents and extensions, and warn about gaps."""
    intake = ctx.intake
    reqs = ctx.reqs
    met = 0
    rounds: list[PlannedRound] = []
    warnings: list[str] = list(extra_warnings)
    incident_round: tuple[str, str] | None = None
    for round_id in catalog.ROUND_IDS:
        questions = list(chosen.get(round_id, ()))
        required = catalog.required_signals(round_id, intake.lane, intake.level)
        covered: set[str] = set()
        planned = []
        round_bits = ctx.round_bits[round_id]
        for question in questions:
            bits = ctx.bar_bits(question) & round_bits
            new = bits & ~met
            met |= bits
            bar_parts = [f"tests {r.name} ({_bar_label(r, intake)})"
                         for i, r in enumerate(reqs) if new >> i & 1 and not r.domain]
            pq = explain(question, required, covered, intake.usage.get(question.id, 0),
                         intake.domain, ctx.fit_reasons(question, round_id), bar_parts,
                         round_id=round_id)
            note = ""
            if question.is_extension:
                note = ("If time: ask only after the main problem is done, with time to spare; "
                        "an unfinished extension is not evidence against the candidate.")
            if "incident_response" in question.signals:
                if incident_round is None:
                    incident_round = (round_id, question.title)
                elif incident_round[0] != round_id:
                    note = (f"The {catalog.name_of(catalog.ROUNDS, incident_round[0])} already "
                            f"heard one incident story (“{incident_round[1]}”). Ask for a "
                            f"different incident here; if the candidate has only one, note "
                            f"that as evidence.")
            planned.append(replace(pq, note=note, optional=question.is_extension,
                                   pinned=question.id in pinned))
            covered.update(question.signals)
        uncovered = tuple(s for s in required if s not in covered)
        planned_round = PlannedRound(round_id, intake.minutes_for(round_id), tuple(planned),
                                     required, uncovered, reading_minutes(round_id, questions))
        warnings.extend(_round_warnings(planned_round, intake))
        warnings.extend(_fit_warnings(ctx, round_id, questions))
        rounds.append(planned_round)
    if intake.lane == "domain" and intake.domain is None:
        warnings.insert(0, "Domain lane without a domain: the deep dive uses general "
                           "domain-lane questions.")
    unmet: list[str] = []
    for i, req in enumerate(reqs):
        if met >> i & 1:
            continue
        if not req.optional:
            unmet.append(req.id)
        if req in catalog.INTAKE_DOMAIN_BAR and not ctx.coverable_bits() >> i & 1:
            continue  # nothing of the domain for this lane: the lane is what is hired for
        warnings.append(_bar_warning(ctx, req, i))
    return LoopPlan(intake.lane, intake.level, intake.domain, seed, tuple(rounds),
                    tuple(warnings), intake.deployment_target, intake.work_type,
                    intake.platform_team, tuple(unmet))


def _bar_warning(ctx: _Context, req: catalog.BarRequirement, index: int) -> str:
    intake = ctx.intake
    rounds = req.rounds or catalog.ROUND_IDS
    where = " or ".join(catalog.name_of(catalog.ROUNDS, r) for r in rounds)
    available = min((q for r in rounds for q in ctx.by_round[r]
                     if ctx.bar_bits(q) >> index & 1), key=lambda q: q.id, default=None) if (
        ctx.coverable_bits() >> index & 1) else None
    who = f"{intake.lane}/{intake.level}"
    if req.domain:
        who = f"{catalog.name_of(catalog.DOMAINS, intake.domain or '')} {who}"
    if available is not None:
        return (f"Loop: nothing in this plan tests {req.name} ({req.why}); swap in "
                f"“{available.title}” ({available.id}) or probe it in the {where}.")
    return (f"Loop: the bank has no {who} question that tests {req.name} in the {where} "
            f"({req.why}); the interviewer should probe it directly.")


def _fit_warnings(ctx: _Context, round_id: str, questions: Sequence[Question]) -> list[str]:
    target = ctx.intake.deployment_target
    if (not target or round_id not in ("system_design", "coding") or not questions
            or any(target in q.deployment_targets for q in questions)):
        return []
    name = catalog.name_of(catalog.ROUNDS, round_id)
    label = _target_name(target)
    pool = min((q for q in ctx.by_round[round_id] if target in q.deployment_targets),
               key=lambda q: q.id, default=None)
    if pool is not None:
        return [f"{name}: the picks do not declare they fit {_article(label)} {label} target; "
                f"“{pool.title}” ({pool.id}) does, if the target matters more than the "
                f"signals it would give up."]
    return [f"{name}: no {ctx.intake.lane}/{ctx.intake.level} question in the bank is written "
            f"for {_article(label)} {label} target; ask how the candidate's answer would change "
            f"for it."]


def _round_warnings(planned: PlannedRound, intake: Intake) -> list[str]:
    name = catalog.name_of(catalog.ROUNDS, planned.round)
    if not planned.questions:
        return [f"{name}: the bank has no {intake.lane}/{intake.level} question that fits "
                f"{planned.budget} minutes; add questions or lengthen the round."]
    warnings = []
    used = planned.question_minutes + planned.reading_minutes
    if used > planned.budget:
        warnings.append(f"{name}: the questions and reading time take {used} minutes, more than "
                        f"the {planned.budget} available; lengthen the round or swap one out.")
    if planned.uncovered:
        warnings.append(f"{name}: no {intake.lane}/{intake.level} question in the bank covers "
                        f"{_signal_names(planned.uncovered)} within {planned.budget} minutes; "
                        f"the interviewer should probe it directly.")
    return warnings


def _pinned(questions_by_id: Mapping[str, Question], intake: Intake
            ) -> tuple[dict[str, list[Question]], list[str]]:
    pins: dict[str, list[Question]] = {r: [] for r in catalog.ROUND_IDS}
    warnings = []
    for round_id, ids in intake.pins.items():
        for qid in ids:
            q = questions_by_id.get(qid)
            if q is None or q.round != round_id:
                warnings.append(f"{catalog.name_of(catalog.ROUNDS, round_id)}: the pinned "
                                f"question {qid!r} is no longer in the bank and was left out.")
                continue
            pins[round_id].append(q)
    return pins, warnings


@contextmanager
def _no_cycle_collection():
    """Pause the cyclic garbage collector while a plan is built.

    A plan allocates a sort key per eligible question and creates no reference cycles, yet
    with a large bank in memory those allocations set off full collections that walk every
    question: about a sixth of a 100,000-question plan (494 → 407 ms, bench on 2 cores).
    Reference counting still frees everything; the collector is switched back on (if it was
    on) when the plan is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def plan_loop(questions: Iterable[Question], intake: Intake, seed: int = 0) -> LoopPlan:
    """Choose each round's questions for an intake; same inputs and seed, same plan."""
    intake.validate()
    with _no_cycle_collection():
        return _plan_loop(questions, intake, seed)


def _plan_loop(questions: Iterable[Question], intake: Intake, seed: int) -> LoopPlan:
    questions = list(questions)
    ctx = _Context(intake, questions)
    pins, warnings = _pinned({q.id: q for q in questions} if intake.pins else {}, intake)
    pinned = {q.id for qs in pins.values() for q in qs}
    planners = [_RoundPlanner(round_id, ctx, seed) for round_id in catalog.ROUND_IDS]
    boost = 0
    best: tuple[int, dict[str, list[Question]]] | None = None
    # Plan; if a bar requirement the bank could meet is still unmet, plan again with that
    # requirement put first wherever it can go (at most twice: scarce, cheap in practice).
    for _attempt in range(3):
        chosen, met = _greedy(ctx, planners, pins, boost)
        unmet = ctx.required_bits & ~met
        if best is None or unmet.bit_count() < best[0]:
            best = (unmet.bit_count(), chosen)
        if not unmet or not unmet & ~boost & ctx.coverable_bits():
            break
        boost |= unmet & ctx.coverable_bits()
    return _finish(ctx, best[1], seed, pinned, warnings)


def _greedy(ctx: _Context, planners: Sequence[_RoundPlanner],
            pins: Mapping[str, Sequence[Question]], boost: int
            ) -> tuple[dict[str, list[Question]], int]:
    taken = {q.id for qs in pins.values() for q in qs}
    ideas = {q.idea for qs in pins.values() for q in qs}
    met = 0
    for qs in pins.values():
        for q in qs:
            met |= ctx.bar_bits(q) & ctx.round_bits[q.round]
    chosen: dict[str, list[Question]] = {}
    for planner in planners:
        before = (set(taken), set(ideas), met)
        picked, new_met = planner.select(taken, ideas, met, list(pins[planner.round_id]), boost)
        missing = planner.uncovered_by(picked)
        if missing:
            # The bar pulled the round away from its own required signals: plan the round
            # for its signals alone and leave the bar to the other rounds and the repair.
            alt_taken, alt_ideas, _ = set(before[0]), set(before[1]), before[2]
            alt, alt_met = planner.select(alt_taken, alt_ideas, met,
                                          list(pins[planner.round_id]), 0, bar_weight=0)
            if planner.uncovered_by(alt).bit_count() < missing.bit_count():
                picked, new_met, taken, ideas = alt, alt_met, alt_taken, alt_ideas
        met = new_met
        chosen[planner.round_id] = picked
    if ~met & ctx.coverable_bits():
        met = _repair(ctx, chosen, taken, ideas, met, taken & {
            q.id for qs in pins.values() for q in qs})
    return chosen, met


def _met_bits(ctx: _Context, chosen: Mapping[str, Sequence[Question]]) -> int:
    met = 0
    for round_id, qs in chosen.items():
        for q in qs:
            met |= ctx.bar_bits(q) & ctx.round_bits[round_id]
    return met


def _repair(ctx: _Context, chosen: dict[str, list[Question]], taken: set[str],
            ideas: set[str], met: int, pinned: set[str]) -> int:
    """Meet bar requirements the greedy pass missed: add where time allows, else swap a
    question whose signals the rest of its round still covers."""
    intake = ctx.intake
    for index, req in enumerate(ctx.reqs):
        bit = 1 << index
        if met & bit or not ctx.coverable_bits() & bit:
            continue
        done = False
        for round_id in req.rounds or catalog.ROUND_IDS:
            current = chosen[round_id]
            budget = question_budget(intake.minutes_for(round_id))
            required = catalog.signal_mask(
                catalog.required_signals(round_id, intake.lane, intake.level))
            # The best few matching candidates are enough: any of them meets the
            # requirement, and a huge bank must not make repair slow. Ordered by fit, then
            # fewest uses, then id, so the bank's file order never changes a plan.
            candidates = heapq.nsmallest(
                _REPAIR_CANDIDATES,
                (q for q in ctx.by_round[round_id]
                 if ctx.bar_bits(q) & bit and q.id not in taken and q.idea not in ideas),
                key=lambda q: (-ctx.fit(q, round_id), intake.usage.get(q.id, 0), q.id))
            for cand in candidates:
                # Try adding it, then replacing each unpinned question in turn.
                options: list[tuple[int | None, list[Question]]] = [(None, current + [cand])]
                options += [(i, current[:i] + [cand] + current[i + 1:])
                            for i, q in enumerate(current) if q.id not in pinned]
                for removed, trial in options:
                    if not _round_valid(round_id, trial, budget):
                        continue
                    covered_before = covered_after = 0
                    for q in current:
                        covered_before |= q.signal_mask
                    for q in trial:
                        covered_after |= q.signal_mask
                    if (covered_before & required) & ~covered_after:
                        continue
                    new_met = _met_bits(ctx, {**chosen, round_id: trial})
                    if (met & ~new_met) or not new_met & bit:
                        continue
                    if removed is not None:
                        old = current[removed]
                        taken.discard(old.id)
                        ideas.discard(old.idea)
                    chosen[round_id] = trial
                    taken.add(cand.id)
                    ideas.add(cand.idea)
                    met = new_met
                    done = True
                    break
                if done:
                    break
            if done:
                break
    return met


_REPAIR_CANDIDATES = 40


def _round_valid(round_id: str, questions: Sequence[Question], budget: int) -> bool:
    if sum(q.minutes for q in questions) + reading_minutes(round_id, questions) > budget:
        return False
    mains = [q for q in questions if not q.is_extension]
    extensions = [q for q in questions if q.is_extension]
    if len(extensions) > 1:
        return False
    return all(any(e.extends_question(m) for m in mains) for e in extensions)


def alternatives(questions: Iterable[Question], intake: Intake, plan: LoopPlan, round_id: str,
                 question_id: str, limit: int = 5) -> list[PlannedQuestion]:
    """Rank the questions that could take one slot, best first, each with its reason."""
    questions = list(questions)
    by_id = {q.id: q for q in questions}
    planned_round = plan.round(round_id)
    others = [q for q in planned_round.questions if q.id != question_id]
    if len(others) == len(planned_round.questions):
        raise KeyError(question_id)
    ctx = _Context(intake, questions)
    in_plan = set(plan.question_ids())
    ideas = {by_id[i].idea for i in in_plan if i in by_id and i != question_id}
    covered_by_others = {s for q in others for s in q.signals}
    other_questions = [by_id[q.id] for q in others if q.id in by_id]
    # The slot must keep supplying the required signals nobody else in the round covers.
    needed = [s for s in planned_round.required if s not in covered_by_others]
    budget = planned_round.budget
    rest = {r.round: [by_id[q.id] for q in r.questions if q.id in by_id and q.id != question_id]
            for r in plan.rounds}
    met_without = _met_bits(ctx, rest)
    candidates = [q for q in ctx.by_round[round_id]
                  if q.id not in in_plan and q.idea not in ideas
                  and _round_valid(round_id, other_questions + [q], budget)]
    rng = random.Random(f"{plan.seed}:{round_id}:{question_id}")
    scored = []
    round_bits = ctx.round_bits[round_id]
    for q in sorted(candidates, key=lambda q: q.id):
        kept = sum(1 for s in needed if s in q.signals)
        bar = (ctx.bar_bits(q) & round_bits & ~met_without).bit_count()
        fresh = sum(1 for s in q.signals if s not in covered_by_others)
        domain_match = bool(intake.domain and intake.domain in q.domains)
        scored.append(((-kept, -bar, not domain_match, -ctx.fit(q, round_id), -fresh,
                        intake.usage.get(q.id, 0), rng.random()), q))
    scored.sort(key=lambda item: item[0])
    return [explain(q, planned_round.required, covered_by_others, intake.usage.get(q.id, 0),
                    intake.domain, ctx.fit_reasons(q, round_id), round_id=round_id)
            for _, q in scored[:limit]]


def with_questions(questions: Iterable[Question], intake: Intake, plan: LoopPlan,
                   chosen: Mapping[str, Sequence[str]]) -> LoopPlan:
    """Rebuild a plan from chosen question ids per round (after a swap), re-explained."""
    questions = list(questions)
    by_id = {q.id: q for q in questions}
    picked: dict[str, list[Question]] = {}
    for round_id in catalog.ROUND_IDS:
        ids = chosen.get(round_id, [q.id for q in plan.round(round_id).questions])
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise PlanningError(f"unknown question {missing[0]!r}")
        picked[round_id] = [by_id[i] for i in ids]
    pinned = {qid for ids in intake.pins.values() for qid in ids}
    return replace(_finish(_Context(intake, questions), picked, plan.seed, pinned),
                   seed=plan.seed)
