"""Figures that keep a structured loop honest: interviewer calibration, question quality,
loop outcomes by lane and level, and the mechanical combined score.

Pure: the shell hands in plain rows (one per submitted scorecard, loop, question use or
interviewer assignment) and gets back frozen figures. Nothing here reads a database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from math import sqrt
from statistics import median

from . import catalog

POSITIVE = frozenset({"yes", "strong_yes"})
RECOMMENDATION_SCORE = {"strong_no": 1, "no": 2, "yes": 3, "strong_yes": 4}
RATING_POINTS = (1, 2, 3, 4)
ON_TIME = timedelta(hours=24)
# Below this many decided loops a question's separation is not shown: with fewer, a
# correlation swings on one or two candidates and would retire good questions by chance.
MIN_SEPARATION_SAMPLE = 20
# A question "does not discriminate" when its round's ratings track the decision this weakly.
WEAK_SEPARATION = 0.15
# A question is over-exposed when seen by more than this multiple of its round's median
# exposure (and by at least OVEREXPOSED_FLOOR candidates): candidates talk, answers leak.
OVEREXPOSED_FACTOR = 2.0
OVEREXPOSED_FLOOR = 10


# --- rows the shell hands in ------------------------------------------------------------------

@dataclass(frozen=True)
class CardRow:
    """One submitted scorecard, with the loop facts it is judged against."""

    loop_id: int
    round: str
    interviewer_id: int
    ratings: Mapping[str, int | None]
    recommendation: str | None
    submitted_at: datetime | None
    scheduled_at: datetime | None = None
    observed: tuple[str, ...] = ()
    flag_decisions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    rated: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every figure needs the ratings given; work them out once per card.
        object.__setattr__(self, "rated", tuple(rated_values(self.ratings)))


@dataclass(frozen=True)
class LoopRow:
    id: int
    lane: str
    level: str
    candidate: str
    decision: str | None = None
    decision_level: str | None = None
    decided_at: datetime | None = None
    first_interview_at: datetime | None = None


@dataclass(frozen=True)
class QuestionUse:
    loop_id: int
    round: str
    question_id: str


@dataclass(frozen=True)
class Assignment:
    """An interviewer assigned to a round, and whether their scorecard is in."""

    loop_id: int
    round: str
    interviewer_id: int
    scheduled_at: datetime | None
    submitted: bool


# --- small statistics -------------------------------------------------------------------------

def rated_values(ratings: Mapping[str, int | None]) -> list[int]:
    """Return the ratings given, leaving out "no signal" and anything off the scale."""
    return [v for v in ratings.values()
            if isinstance(v, int) and not isinstance(v, bool) and v in RATING_POINTS]


def card_mean(ratings: Mapping[str, int | None],
              weights: Mapping[str, float] | None = None) -> float | None:
    """Return the (weighted) mean of one scorecard's ratings, or None if it rated nothing."""
    total = weight_sum = 0.0
    for criterion, value in ratings.items():
        if not isinstance(value, int) or isinstance(value, bool) or value not in RATING_POINTS:
            continue
        weight = 1.0 if weights is None else float(weights.get(criterion, 1.0))
        total += weight * value
        weight_sum += weight
    return total / weight_sum if weight_sum else None


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Return Pearson's r, or None when either side does not vary."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / sqrt(sxx * syy)


def agrees(recommendation: str | None, decision: str | None) -> bool | None:
    """Whether a recommendation agreed with the final decision; None if either is missing.

    "Hire at another level" is not a hire at the level interviewed for, so it agrees with a no.
    """
    if recommendation not in RECOMMENDATION_SCORE or decision is None:
        return None
    return (recommendation in POSITIVE) == (decision == "hire")


# --- 1. interviewers --------------------------------------------------------------------------

@dataclass(frozen=True)
class LevelCalibration:
    """Where one interviewer's "strong yes" at a level sits against the next level's bar."""

    level: str
    strong_yes: int
    co_panel_mean: float | None      # co-panelists' mean rating of those same candidates
    next_level: str | None
    next_level_bar: float | None     # mean rating strong-yes cards carry at the next level
    candidates: int

    @property
    def verdict(self) -> str:
        if self.co_panel_mean is None:
            return "no co-panelists on these candidates"
        if self.next_level_bar is None:
            return "no strong-yes at the next level to compare"
        if self.co_panel_mean >= self.next_level_bar:
            return "co-panelists rate them at the next level's bar"
        return "co-panelists rate them below the next level's bar"


@dataclass(frozen=True)
class InterviewerFigures:
    interviewer_id: int
    scorecards: int
    timed: int                       # scorecards whose round had a scheduled time
    on_time: int                     # of those, submitted within 24 h of the round
    median_hours_to_submit: float | None
    no_signal: Mapping[str, tuple[int, int]]   # criterion -> (no-signal count, times asked)
    distribution: tuple[int, int, int, int]    # their ratings 1..4
    panel_distribution: tuple[int, int, int, int]  # co-panelists' ratings on the same loops
    leniency: float | None           # mean (theirs - co-panelists') on shared candidates
    leniency_candidates: int
    agreement: tuple[int, int]       # (agreed, decided loops with a recommendation)
    flags_raised: int
    flags_confirmed: int
    flags_dismissed: int
    levels: tuple[LevelCalibration, ...]

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.timed if self.timed else None

    @property
    def agreement_rate(self) -> float | None:
        return self.agreement[0] / self.agreement[1] if self.agreement[1] else None

    @property
    def mean_rating(self) -> float | None:
        total = sum(self.distribution)
        if not total:
            return None
        return sum(p * n for p, n in zip(RATING_POINTS, self.distribution, strict=True)) / total

    def no_signal_rate(self, criterion: str) -> float | None:
        count, asked = self.no_signal.get(criterion, (0, 0))
        return count / asked if asked else None


def interviewer_figures(cards: Sequence[CardRow], loops: Mapping[int, LoopRow],
                        ) -> dict[int, InterviewerFigures]:
    """Return each interviewer's calibration figures over the cards given."""
    # Per loop and person: rating sum, count and distribution, so "everyone but me" on a
    # loop is a subtraction rather than a rescan of the loop's cards.
    per_loop: dict[int, dict[int, list]] = defaultdict(dict)
    strong_yes: set[tuple[int, int]] = set()
    bar_values: dict[str, list[float]] = defaultdict(list)
    by_person: dict[int, list[int]] = defaultdict(list)
    for index, card in enumerate(cards):
        given = card.rated
        by_person[card.interviewer_id].append(index)
        tally = per_loop[card.loop_id].setdefault(card.interviewer_id, [0, 0, [0, 0, 0, 0]])
        tally[0] += sum(given)
        tally[1] += len(given)
        for v in given:
            tally[2][v - 1] += 1
        if card.recommendation == "strong_yes":
            strong_yes.add((card.loop_id, card.interviewer_id))
            loop = loops.get(card.loop_id)
            if loop is not None and given:
                bar_values[loop.level].append(sum(given) / len(given))
    bar = {level: _avg(v) for level, v in bar_values.items()}
    return {person: _one_interviewer(person, [cards[i] for i in indexes], per_loop, loops,
                                     bar, strong_yes)
            for person, indexes in by_person.items()}


def _avg(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _pstdev(values: Sequence[float]) -> float:
    """Population standard deviation in floats (statistics.pstdev is exact and slow)."""
    m = sum(values) / len(values)
    return sqrt(max(0.0, sum(v * v for v in values) / len(values) - m * m))


def _one_interviewer(person: int, own: Sequence[CardRow], per_loop: Mapping[int, dict],
                     loops: Mapping[int, LoopRow], bar: Mapping[str, float],
                     strong_yes: set[tuple[int, int]]) -> InterviewerFigures:
    timed = on_time = 0
    hours: list[float] = []
    no_signal: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    theirs = [0, 0, 0, 0]
    panel = [0, 0, 0, 0]
    diffs: list[float] = []
    agreed = decided = 0
    raised = confirmed = dismissed = 0
    strong: dict[str, list[float]] = defaultdict(list)
    strong_candidates: dict[str, int] = defaultdict(int)
    seen_loops: set[int] = set()
    for card in own:
        if card.scheduled_at is not None and card.submitted_at is not None:
            timed += 1
            delay = card.submitted_at - card.scheduled_at
            on_time += delay <= ON_TIME
            hours.append(max(0.0, delay.total_seconds() / 3600))
        for criterion, value in card.ratings.items():
            tally = no_signal[criterion]
            tally[1] += 1
            tally[0] += value is None
        raised += len(card.observed) + len(card.flag_decisions)
        confirmed += len(card.observed)
        for decision in card.flag_decisions.values():
            state = decision.get("decision") if isinstance(decision, Mapping) else None
            confirmed += state == "confirmed"
            dismissed += state == "dismissed"
        loop = loops.get(card.loop_id)
        verdict = agrees(card.recommendation, loop.decision if loop else None)
        if verdict is not None:
            decided += 1
            agreed += verdict
        if card.loop_id in seen_loops:
            continue
        seen_loops.add(card.loop_id)
        everyone = per_loop[card.loop_id]
        mine = everyone[person]
        other_sum = other_count = 0
        for p, t in everyone.items():
            if p == person:
                target = theirs
            else:
                target = panel
                other_sum += t[0]
                other_count += t[1]
            dist = t[2]
            target[0] += dist[0]
            target[1] += dist[1]
            target[2] += dist[2]
            target[3] += dist[3]
        if mine[1] and other_count:
            diffs.append(mine[0] / mine[1] - other_sum / other_count)
        if loop is not None and (card.loop_id, person) in strong_yes:
            strong_candidates[loop.level] += 1
            if other_count:
                strong[loop.level].append(other_sum / other_count)
    levels = []
    for level in sorted(strong_candidates, key=catalog.LEVEL_IDS.index):
        position = catalog.LEVEL_IDS.index(level)
        next_level = catalog.LEVEL_IDS[position + 1] if position + 1 < len(
            catalog.LEVEL_IDS) else None
        levels.append(LevelCalibration(
            level=level, strong_yes=strong_candidates[level],
            co_panel_mean=_avg(strong[level]) if strong[level] else None,
            next_level=next_level,
            next_level_bar=bar.get(next_level) if next_level else None,
            candidates=len(strong[level])))
    return InterviewerFigures(
        interviewer_id=person, scorecards=len(own), timed=timed, on_time=on_time,
        median_hours_to_submit=median(hours) if hours else None,
        no_signal={k: (v[0], v[1]) for k, v in sorted(no_signal.items())},
        distribution=(theirs[0], theirs[1], theirs[2], theirs[3]),
        panel_distribution=(panel[0], panel[1], panel[2], panel[3]),
        leniency=_avg(diffs) if diffs else None, leniency_candidates=len(diffs),
        agreement=(agreed, decided), flags_raised=raised, flags_confirmed=confirmed,
        flags_dismissed=dismissed, levels=tuple(levels))


# --- 2. questions -----------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionFigures:
    question_id: str
    round: str
    uses: int
    candidates: int
    spread: float | None             # population s.d. of the round's ratings where it was used
    ratings: int
    separation: float | None         # r(round mean rating, hired); None when hidden or undefined
    separation_sample: int           # decided loops the correlation rests on
    overexposed: bool = False

    @property
    def separation_hidden(self) -> bool:
        return self.separation_sample < MIN_SEPARATION_SAMPLE

    @property
    def weak(self) -> bool:
        return (not self.separation_hidden and self.separation is not None
                and self.separation < WEAK_SEPARATION)

    @property
    def review_reasons(self) -> tuple[str, ...]:
        reasons = []
        if self.overexposed:
            reasons.append(f"over-exposed: {self.candidates} candidates have seen it")
        if self.weak:
            reasons.append(f"does not separate: r = {self.separation:.2f} over "
                           f"{self.separation_sample} decided loops")
        return tuple(reasons)


def question_figures(uses: Sequence[QuestionUse], cards: Sequence[CardRow],
                     loops: Mapping[int, LoopRow]) -> list[QuestionFigures]:
    """Return each question's use, rating spread and separation, review candidates marked."""
    round_values: dict[tuple[int, str], list[int]] = defaultdict(list)
    for card in cards:
        round_values[(card.loop_id, card.round)].extend(card.rated)
    by_question: dict[str, list[QuestionUse]] = defaultdict(list)
    for use in uses:
        by_question[use.question_id].append(use)
    figures = []
    for qid, rows in by_question.items():
        loop_ids = {u.loop_id for u in rows}
        candidates = {loops[i].candidate for i in loop_ids if i in loops}
        values: list[int] = []
        xs: list[float] = []
        ys: list[float] = []
        for use in rows:
            given = round_values.get((use.loop_id, use.round), [])
            values.extend(given)
            loop = loops.get(use.loop_id)
            if given and loop is not None and loop.decision is not None:
                xs.append(sum(given) / len(given))
                ys.append(1.0 if loop.decision == "hire" else 0.0)
        r = correlation(xs, ys) if len(xs) >= MIN_SEPARATION_SAMPLE else None
        figures.append(QuestionFigures(
            question_id=qid, round=rows[0].round, uses=len(rows), candidates=len(candidates),
            spread=_pstdev(values) if len(values) > 1 else None, ratings=len(values),
            separation=r, separation_sample=len(xs)))
    return _mark_overexposed(figures)


def _mark_overexposed(figures: list[QuestionFigures]) -> list[QuestionFigures]:
    per_round: dict[str, list[int]] = defaultdict(list)
    for f in figures:
        per_round[f.round].append(f.candidates)
    typical = {r: median(v) for r, v in per_round.items()}
    marked = []
    for f in figures:
        over = (f.candidates >= OVEREXPOSED_FLOOR
                and f.candidates > OVEREXPOSED_FACTOR * typical[f.round])
        marked.append(QuestionFigures(**{**f.__dict__, "overexposed": over}))
    marked.sort(key=lambda f: (catalog.ROUND_IDS.index(f.round)
                               if f.round in catalog.ROUND_IDS else 99, -f.uses, f.question_id))
    return marked


# --- 3. loops by lane and level ---------------------------------------------------------------

@dataclass(frozen=True)
class LoopGroupFigures:
    lane: str
    level: str
    loops: int
    decided: int
    hires: int
    other_level: int
    level_signals: int               # decided loops whose ratings point off the level
    median_days_to_decision: float | None
    overdue: int

    @property
    def hire_rate(self) -> float | None:
        return self.hires / self.decided if self.decided else None

    @property
    def other_level_rate(self) -> float | None:
        return self.other_level / self.decided if self.decided else None

    @property
    def level_signal_rate(self) -> float | None:
        return self.level_signals / self.decided if self.decided else None


def ratings_point_off_level(values: Sequence[int]) -> bool:
    """Whether a loop's ratings alone point off its level, by the debrief's rating rule."""
    if not values:
        return False
    average = sum(values) / len(values)
    return average < 2.0 or (average >= 3.5 and len(values) >= 8)


def overdue(assignment: Assignment, now: datetime) -> bool:
    """Whether a scorecard is owed and more than 24 h past its round."""
    return (not assignment.submitted and assignment.scheduled_at is not None
            and now - assignment.scheduled_at > ON_TIME)


def loop_figures(loops: Sequence[LoopRow], cards: Sequence[CardRow],
                 assignments: Sequence[Assignment], now: datetime) -> list[LoopGroupFigures]:
    """Return outcome figures per lane and level."""
    values: dict[int, list[int]] = defaultdict(list)
    for card in cards:
        values[card.loop_id].extend(card.rated)
    late: dict[int, int] = defaultdict(int)
    for a in assignments:
        late[a.loop_id] += overdue(a, now)
    groups: dict[tuple[str, str], list[LoopRow]] = defaultdict(list)
    for loop in loops:
        groups[(loop.lane, loop.level)].append(loop)
    out = []
    for (lane, level), rows in groups.items():
        decided = [r for r in rows if r.decision is not None]
        days = [(r.decided_at - r.first_interview_at).total_seconds() / 86400
                for r in decided if r.decided_at and r.first_interview_at]
        out.append(LoopGroupFigures(
            lane=lane, level=level, loops=len(rows), decided=len(decided),
            hires=sum(r.decision == "hire" for r in decided),
            other_level=sum(r.decision == "hire_other_level" for r in decided),
            level_signals=sum(ratings_point_off_level(values[r.id]) for r in decided),
            median_days_to_decision=median(days) if days else None,
            overdue=sum(late[r.id] for r in rows)))
    out.sort(key=lambda g: (_index(catalog.LANE_IDS, g.lane), _index(catalog.LEVEL_IDS, g.level)))
    return out


def _index(ids: Sequence[str], value: str) -> int:
    return ids.index(value) if value in ids else len(ids)


# --- 4. the combined score --------------------------------------------------------------------

@dataclass(frozen=True)
class CombinedScore:
    """A mechanical combination of a loop's criterion ratings; never the decision."""

    score: float | None              # weighted mean of every criterion rating given
    spread: float | None             # s.d. of the scorecards' own means; None with one card
    low: float | None
    high: float | None
    scorecards: int                  # scorecards that rated at least one criterion
    ratings: int
    weighted: bool


def combined_score(cards: Sequence[Mapping[str, int | None]],
                   weights: Mapping[str, float] | None = None) -> CombinedScore:
    """Combine submitted scorecards' ratings by formula: weighted mean, spread, counts."""
    weighted = bool(weights) and any(float(w) != 1.0 for w in (weights or {}).values())
    total = weight_sum = 0.0
    count = 0
    means: list[float] = []
    for ratings in cards:
        value = card_mean(ratings, weights)
        if value is None:
            continue
        means.append(value)
        for criterion, rating in ratings.items():
            if rating is None or isinstance(rating, bool) or rating not in RATING_POINTS:
                continue
            weight = 1.0 if weights is None else float(weights.get(criterion, 1.0))
            total += weight * rating
            weight_sum += weight
            count += 1
    return CombinedScore(
        score=total / weight_sum if weight_sum else None,
        spread=_pstdev(means) if len(means) > 1 else None,
        low=min(means) if means else None, high=max(means) if means else None,
        scorecards=len(means), ratings=count, weighted=weighted)


def debrief_combined(debrief) -> CombinedScore:
    """Return the combined score of a debrief's submitted scorecards, criteria equally
    weighted (the rubrics declare no weights)."""
    return combined_score([{r.criterion_id: r.value for r in card.ratings}
                           for card in debrief.scorecards])


def combined_text(score: CombinedScore) -> str:
    """Return the one sentence that states the combined score and what it is."""
    if score.score is None:
        return "No combined score yet: no submitted scorecard rates a criterion."
    weights = "rubric-weighted" if score.weighted else "equal-weight"
    cards = f"{score.scorecards} scorecard{'s' if score.scorecards != 1 else ''}"
    spread = (f"; scorecards range {score.low:.1f}–{score.high:.1f}, s.d. {score.spread:.2f}"
              if score.spread is not None else "; one scorecard, so no spread")
    return (f"{score.score:.2f} of 4: the {weights} mean of {score.ratings} criterion "
            f"ratings from {cards}{spread}. A formula, not a verdict: the decision is the "
            f"panel's.")


# --- 5. summaries: the figures above, pre-digested per loop -----------------------------------
#
# Every figure above is built from whole loops: the scope picks loops, and each loop's cards
# are judged against that loop's other cards only. So each loop can be digested once, when
# its scorecards or its decision change, into a few rows the database can add up; a page
# then sums rows instead of reading every scorecard. digest_loop is that digestion; the
# *_from_totals functions turn the sums back into the same figures.

@dataclass(frozen=True)
class CardDigest:
    """One submitted scorecard, reduced to what the figures add up."""

    loop_id: int
    round: str
    interviewer_id: int
    rated_sum: int
    rated_count: int
    criteria: str                    # the criteria it was asked to rate, comma-separated
    no_signal: str                   # of those, the ones rated "no signal"
    recommendation: str | None
    hours_to_submit: float | None    # None when the round had no scheduled time
    on_time: bool | None
    flags_raised: int
    flags_confirmed: int
    flags_dismissed: int
    agrees: bool | None
    submitted_at: datetime | None
    scheduled_at: datetime | None


@dataclass(frozen=True)
class SeatDigest:
    """One interviewer's part in one loop, beside everyone else's on that loop."""

    loop_id: int
    interviewer_id: int
    scorecards: int
    timed: int
    on_time: int
    agreed: int
    decided: int
    flags_raised: int
    flags_confirmed: int
    flags_dismissed: int
    own: tuple[int, int, int, int]           # their ratings 1..4 on this loop
    panel: tuple[int, int, int, int]         # everyone else's ratings 1..4 on this loop
    leniency: float | None           # their mean minus the others' mean; None without both
    strong_yes: bool                 # they recommended "strong yes" on some card of the loop
    co_panel_mean: float | None      # the others' mean rating on this loop
    strong_card_total: float         # sum of the means of their strong-yes cards that rated
    strong_cards: int


@dataclass(frozen=True)
class RoundDigest:
    """One round of one loop: the ratings all its submitted scorecards gave."""

    loop_id: int
    round: str
    ratings: tuple[int, int, int, int]       # counts of 1..4

    @property
    def rating_sum(self) -> int:
        return sum(p * n for p, n in zip(RATING_POINTS, self.ratings, strict=True))

    @property
    def rating_count(self) -> int:
        return sum(self.ratings)


@dataclass(frozen=True)
class LoopDigest:
    cards: tuple[CardDigest, ...]
    seats: tuple[SeatDigest, ...]
    rounds: tuple[RoundDigest, ...]


def _tally(values: Sequence[int]) -> tuple[int, int, int, int]:
    counts = [0, 0, 0, 0]
    for v in values:
        counts[v - 1] += 1
    return (counts[0], counts[1], counts[2], counts[3])


def digest_loop(loop: LoopRow | None, cards: Sequence[CardRow]) -> LoopDigest:
    """Digest one loop's submitted scorecards into card, seat and round rows."""
    decision = loop.decision if loop else None
    card_rows = []
    for card in cards:
        timed = card.scheduled_at is not None and card.submitted_at is not None
        delay = card.submitted_at - card.scheduled_at if timed else None
        confirmed = len(card.observed)
        dismissed = 0
        for state in card.flag_decisions.values():
            value = state.get("decision") if isinstance(state, Mapping) else None
            confirmed += value == "confirmed"
            dismissed += value == "dismissed"
        card_rows.append(CardDigest(
            loop_id=card.loop_id, round=card.round, interviewer_id=card.interviewer_id,
            rated_sum=sum(card.rated), rated_count=len(card.rated),
            criteria=",".join(card.ratings), no_signal=",".join(
                k for k, v in card.ratings.items() if v is None),
            recommendation=card.recommendation,
            hours_to_submit=(max(0.0, delay.total_seconds() / 3600)
                             if delay is not None else None),
            on_time=(delay <= ON_TIME) if delay is not None else None,
            flags_raised=len(card.observed) + len(card.flag_decisions),
            flags_confirmed=confirmed, flags_dismissed=dismissed,
            agrees=agrees(card.recommendation, decision),
            submitted_at=card.submitted_at, scheduled_at=card.scheduled_at))
    rated: dict[int, list[int]] = defaultdict(list)
    own_cards: dict[int, list[CardDigest]] = defaultdict(list)
    by_round: dict[str, list[int]] = defaultdict(list)
    for card, digest in zip(cards, card_rows, strict=True):
        rated[card.interviewer_id].extend(card.rated)
        own_cards[card.interviewer_id].append(digest)
        by_round[card.round].extend(card.rated)
    seats = []
    for person, own in own_cards.items():
        mine = rated[person]
        others = [v for p, values in rated.items() if p != person for v in values]
        strong = [c for c in own if c.recommendation == "strong_yes"]
        means = [c.rated_sum / c.rated_count for c in strong if c.rated_count]
        seats.append(SeatDigest(
            loop_id=own[0].loop_id, interviewer_id=person, scorecards=len(own),
            timed=sum(c.on_time is not None for c in own),
            on_time=sum(bool(c.on_time) for c in own),
            agreed=sum(c.agrees is True for c in own),
            decided=sum(c.agrees is not None for c in own),
            flags_raised=sum(c.flags_raised for c in own),
            flags_confirmed=sum(c.flags_confirmed for c in own),
            flags_dismissed=sum(c.flags_dismissed for c in own),
            own=_tally(mine), panel=_tally(others),
            leniency=(sum(mine) / len(mine) - sum(others) / len(others)
                      if mine and others else None),
            strong_yes=bool(strong),
            co_panel_mean=sum(others) / len(others) if others else None,
            strong_card_total=sum(means), strong_cards=len(means)))
    rounds = tuple(RoundDigest(cards[0].loop_id, kind, _tally(values))
                   for kind, values in by_round.items()) if cards else ()
    return LoopDigest(tuple(card_rows), tuple(seats), rounds)


@dataclass(frozen=True)
class SeatTotals:
    """One interviewer's seats in scope, added up (the database's GROUP BY)."""

    interviewer_id: int
    scorecards: int
    timed: int
    on_time: int
    own: tuple[int, int, int, int]
    panel: tuple[int, int, int, int]
    leniency_total: float
    leniency_candidates: int
    agreed: int
    decided: int
    flags_raised: int
    flags_confirmed: int
    flags_dismissed: int


@dataclass(frozen=True)
class StrongYesTotals:
    """One interviewer's strong-yes seats at one level, added up."""

    interviewer_id: int
    level: str
    strong_yes: int                  # loops at this level they gave a strong yes on
    co_panel_total: float            # sum of the co-panel means on those loops
    candidates: int                  # of those loops, the ones with a co-panel


def no_signal_counts(groups: Sequence[tuple[str, str, int]]) -> dict[str, tuple[int, int]]:
    """Return criterion -> (no-signal count, times asked) from (criteria, no-signal, cards)
    groups of one interviewer's card digests."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for criteria, no_signal, count in groups:
        for criterion in criteria.split(",") if criteria else ():
            tally[criterion][1] += count
        for criterion in no_signal.split(",") if no_signal else ():
            tally[criterion][0] += count
    return {k: (v[0], v[1]) for k, v in sorted(tally.items())}


def interviewer_figures_from_totals(
        totals: Sequence[SeatTotals], hours: Mapping[int, Sequence[float]],
        no_signal: Mapping[int, Mapping[str, tuple[int, int]]],
        strong: Sequence[StrongYesTotals], bar: Mapping[str, float],
) -> dict[int, InterviewerFigures]:
    """Return the same figures as interviewer_figures, from the seat sums of a scope."""
    strong_by_person: dict[int, dict[str, StrongYesTotals]] = defaultdict(dict)
    for row in strong:
        strong_by_person[row.interviewer_id][row.level] = row
    out = {}
    for t in totals:
        levels = []
        mine = strong_by_person.get(t.interviewer_id, {})
        for level in sorted(mine, key=catalog.LEVEL_IDS.index):
            row = mine[level]
            position = catalog.LEVEL_IDS.index(level)
            next_level = catalog.LEVEL_IDS[position + 1] if position + 1 < len(
                catalog.LEVEL_IDS) else None
            levels.append(LevelCalibration(
                level=level, strong_yes=row.strong_yes,
                co_panel_mean=row.co_panel_total / row.candidates if row.candidates else None,
                next_level=next_level,
                next_level_bar=bar.get(next_level) if next_level else None,
                candidates=row.candidates))
        own_hours = hours.get(t.interviewer_id) or ()
        out[t.interviewer_id] = InterviewerFigures(
            interviewer_id=t.interviewer_id, scorecards=t.scorecards, timed=t.timed,
            on_time=t.on_time, median_hours_to_submit=median(own_hours) if own_hours else None,
            no_signal=dict(no_signal.get(t.interviewer_id, {})),
            distribution=t.own, panel_distribution=t.panel,
            leniency=(t.leniency_total / t.leniency_candidates
                      if t.leniency_candidates else None),
            leniency_candidates=t.leniency_candidates, agreement=(t.agreed, t.decided),
            flags_raised=t.flags_raised, flags_confirmed=t.flags_confirmed,
            flags_dismissed=t.flags_dismissed, levels=tuple(levels))
    return out


@dataclass(frozen=True)
class QuestionTotals:
    """One question's uses in scope, with its rounds' ratings added up.

    The separation sums run over the decided uses whose round was rated: x is the round's
    mean rating, y is 1 for a hire and 0 otherwise.
    """

    question_id: str
    round: str
    uses: int
    candidates: int
    ratings: tuple[int, int, int, int]
    decided_uses: int = 0
    sum_x: float = 0.0
    sum_xx: float = 0.0
    sum_xy: float = 0.0
    sum_y: float = 0.0


def _pstdev_of_counts(counts: Sequence[int]) -> float:
    """_pstdev of the ratings a 1..4 tally stands for, with the same arithmetic."""
    n = sum(counts)
    m = sum(p * c for p, c in zip(RATING_POINTS, counts, strict=True)) / n
    squares = sum(p * p * c for p, c in zip(RATING_POINTS, counts, strict=True))
    return sqrt(max(0.0, squares / n - m * m))


# Below this share of the raw sum of squares a variance left by the sums is rounding noise:
# the values do not vary (as correlation() decides with its exact zero).
FLAT = 1e-9


def correlation_from_sums(n: int, sum_x: float, sum_y: float, sum_xx: float, sum_xy: float,
                          sum_yy: float) -> float | None:
    """Return Pearson's r from running sums (as correlation() does from the values)."""
    if n < 2:
        return None
    sxx = sum_xx - sum_x * sum_x / n
    syy = sum_yy - sum_y * sum_y / n
    if sxx <= FLAT * max(1.0, sum_xx) or syy <= FLAT * max(1.0, sum_yy):
        return None
    return (sum_xy - sum_x * sum_y / n) / sqrt(sxx * syy)


def question_figures_from_totals(totals: Sequence[QuestionTotals]) -> list[QuestionFigures]:
    """Return the same figures as question_figures, from per-question sums."""
    figures = []
    for t in totals:
        n = sum(t.ratings)
        # y is 0 or 1, so the sum of its squares is its sum.
        r = (correlation_from_sums(t.decided_uses, t.sum_x, t.sum_y, t.sum_xx, t.sum_xy,
                                   t.sum_y)
             if t.decided_uses >= MIN_SEPARATION_SAMPLE else None)
        figures.append(QuestionFigures(
            question_id=t.question_id, round=t.round, uses=t.uses, candidates=t.candidates,
            spread=_pstdev_of_counts(t.ratings) if n > 1 else None, ratings=n,
            separation=r, separation_sample=t.decided_uses))
    return _mark_overexposed(figures)


@dataclass(frozen=True)
class LoopGroupTotals:
    """One lane and level's loops in scope, counted."""

    lane: str
    level: str
    loops: int
    decided: int
    hires: int
    other_level: int
    level_signals: int
    days_to_decision: tuple[float, ...]
    overdue: int


def loop_figures_from_totals(totals: Sequence[LoopGroupTotals]) -> list[LoopGroupFigures]:
    """Return the same figures as loop_figures, from per-group counts."""
    out = [LoopGroupFigures(
        lane=t.lane, level=t.level, loops=t.loops, decided=t.decided, hires=t.hires,
        other_level=t.other_level, level_signals=t.level_signals,
        median_days_to_decision=median(t.days_to_decision) if t.days_to_decision else None,
        overdue=t.overdue) for t in totals]
    out.sort(key=lambda g: (_index(catalog.LANE_IDS, g.lane), _index(catalog.LEVEL_IDS, g.level)))
    return out


def points_off_level(rating_sum: int, rating_count: int) -> bool:
    """ratings_point_off_level from a sum and a count, in whole numbers (exact)."""
    if not rating_count:
        return False
    return 2 * rating_sum < 4 * rating_count or (
        2 * rating_sum >= 7 * rating_count and rating_count >= 8)
