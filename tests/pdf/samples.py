"""Debriefs and kits built straight from the domain dataclasses, for PDF tests and benchmarks."""

from __future__ import annotations

from datetime import datetime

from interviewkit.domain import catalog
from interviewkit.domain.debrief import (
    Debrief,
    DebriefFlag,
    DebriefRound,
    Disagreement,
    DismissedFlag,
    LevelSignal,
    LoopFacts,
    ProbeAnswer,
    QuestionFacts,
    Rating,
    ScorecardSummary,
)
from interviewkit.domain.kit import KitCriterion, KitData, KitProbe, KitQuestion

CRITERIA = {
    "screen": (("fundamentals", "ML fundamentals"), ("ownership", "Ownership"),
               ("communication", "Communication")),
    "system_design": (("framing", "Problem framing"), ("serving", "Serving design"),
                      ("monitoring", "Monitoring and drift"), ("cost", "Cost and latency")),
    "coding": (("structure", "Code structure"), ("testing", "Testing"),
               ("failures", "Failure handling")),
    "deep_dive": (("evaluation", "Evaluation rigour"), ("tradeoffs", "Trade-offs"),
                  ("incidents", "Incident response")),
}

LOREM = ("The candidate walked through the feature pipeline and named the skew between the "
         "offline store and the online path, then proposed a shadow deployment to measure it. "
         "When pushed on rollback they described a flag-guarded release with a canary at five "
         "percent and an automatic rollback on the latency SLO. ")


def long_note(words: int, ending: str = "END-OF-NOTE") -> str:
    """Return a note of about `words` words in paragraphs, ending with a marker."""
    base = LOREM.split()
    out, paragraph = [], []
    for index in range(words):
        paragraph.append(base[index % len(base)])
        if len(paragraph) >= 120:
            out.append(" ".join(paragraph))
            paragraph = []
    out.append(" ".join(paragraph + [ending]))
    return "\n\n".join(out)


def scorecard(round_id: str, interviewer: str, values: dict[str, int | None], *,
              card_id: int = 1, notes: str = "", recommendation: str | None = "yes",
              flags: tuple[DebriefFlag, ...] = (), dismissed: tuple[DismissedFlag, ...] = (),
              amended_at: datetime | None = None) -> ScorecardSummary:
    ratings = tuple(
        Rating(cid, name, values.get(cid),
               f"At this level a {values.get(cid)} means: {name.lower()} shown with "
               f"concrete examples ({cid}-{values.get(cid)})." if values.get(cid) else "",
               f"Evidence by {interviewer} on {name}: said X, did Y ({round_id}/{cid})."
               if values.get(cid) else "")
        for cid, name in CRITERIA[round_id])
    probes = (ProbeAnswer("p1", f"Did the candidate ask about data freshness in {round_id}?",
                          "Yes, unprompted"),)
    return ScorecardSummary(card_id, round_id, interviewer, ratings, probes, flags, dismissed,
                            notes, recommendation, datetime(2026, 3, 3, 16, 5), amended_at)


def make_debrief(*, loop_id: int = 42, candidate: str = "Zoë Ångström-Nakamura",
                 notes: str = "", interviewers: tuple[str, str] = ("Ana Lima", "Bo Chen"),
                 awaiting_round: str | None = None, level: str = "senior") -> Debrief:
    """Return a debrief with four rounds, two interviewers each, flags and a disagreement."""
    loop = LoopFacts(loop_id, candidate, "z@example.net", "Senior ML Engineer, Ranking",
                     "applied", level, "ecommerce", "awaiting_debrief",
                     deployment_target="realtime_api")
    rounds = []
    card_id = 0
    all_flags: list[DebriefFlag] = []
    for position, round_id in enumerate(catalog.ROUND_IDS):
        cards = []
        awaiting: tuple[str, ...] = ()
        for offset, name in enumerate(interviewers):
            if round_id == awaiting_round and offset == 1:
                awaiting = (name,)
                continue
            card_id += 1
            values = {cid: ((i + offset * 2 + position) % 4) + 1
                      for i, (cid, _) in enumerate(CRITERIA[round_id])}
            values[CRITERIA[round_id][-1][0]] = None if offset == 0 else values[
                CRITERIA[round_id][-1][0]]
            flags = (DebriefFlag(f"flag-{round_id}-{offset}", f"Flag {round_id} {name}",
                                 ("blocking", "concern", "info")[(position + offset) % 3],
                                 "engine" if offset else "interviewer",
                                 f"reason-{round_id}-{offset}: notes never mention rollback",
                                 round_id, name),)
            dismissed = (DismissedFlag(f"dismissed-{round_id}-{offset}", "Vague ownership",
                                       f"proposed-{round_id}-{offset}: said 'we' throughout",
                                       f"dismissal-{round_id}-{offset}: clarified own part",
                                       round_id, name),)
            all_flags.extend(flags)
            cards.append(scorecard(
                round_id, name, values, card_id=card_id,
                notes=notes or f"Notes of {name} for {round_id}. Strong on serving.",
                recommendation=("yes", "strong_yes", "no", "strong_no")[(position + offset) % 4],
                flags=flags, dismissed=dismissed,
                amended_at=datetime(2026, 3, 4, 9, 30) if (position, offset) == (1, 1) else None))
        questions = (QuestionFacts(f"q-{round_id}-1", f"Question one of {round_id}",
                                   "Design the ranking service for a shop with 10M items. "
                                   "Walk through data, training, serving and monitoring.", 20),
                     QuestionFacts(f"q-{round_id}-2", f"Question two of {round_id}",
                                   "Tell me about a model you shipped.", 15))
        rounds.append(DebriefRound(round_id, catalog.name_of(catalog.ROUNDS, round_id),
                                   catalog.DEFAULT_ROUND_MINUTES[round_id],
                                   datetime(2026, 3, 2 + position // 2, 10 + position, 0),
                                   CRITERIA[round_id], questions, tuple(cards), awaiting))
    recommendations = tuple((c.round, c.interviewer, c.recommendation)
                            for r in rounds for c in r.scorecards if c.recommendation)
    tally = {t.id: 0 for t in catalog.RECOMMENDATIONS}
    for _, _, rec in recommendations:
        tally[rec] += 1
    by_severity = {sev: tuple(f for f in all_flags if f.severity == sev)
                   for sev in ("blocking", "concern", "info")}
    disagreements = (Disagreement("coding", "testing", "Testing", (interviewers[0], 1),
                                  (interviewers[1], 4)),)
    missing = tuple((r.round, name) for r in rounds for name in r.awaiting)
    return Debrief(loop, tuple(rounds), recommendations, tally, by_severity, disagreements,
                   LevelSignal(level, "mid", ("Flag: blocking at senior",)), missing)


def make_kit(*, candidate: str = "Zoë Ångström-Nakamura", round_id: str = "system_design",
             level: str = "senior") -> KitData:
    questions = tuple(
        KitQuestion(f"Kit question {n}", f"Prompt {n}: design a feature store for fraud "
                    "scoring with a 50 ms budget.", 20,
                    (f"Follow-up {n}a: what happens when the store is down?",
                     f"Follow-up {n}b: how do you backfill?"),
                    f"Strong {n}: names point-in-time correctness and a fallback.",
                    f"Weak {n}: one big batch job, no monitoring.")
        for n in (1, 2))
    criteria = tuple(
        KitCriterion(name, f"Measures {name.lower()}.",
                     tuple((point, f"Anchor {cid} {point} at {level}") for point in (1, 2, 3, 4)))
        for cid, name in CRITERIA[round_id])
    probes = (KitProbe("Did the candidate ask about latency budgets?",
                       ("Yes, unprompted", "Only when asked", "No")),
              KitProbe("Did they propose a rollback path?", ("Yes", "No")))
    return KitData(7, candidate, "Senior ML Engineer, Ranking", "applied", level, "ecommerce",
                   round_id, 60, datetime(2026, 3, 2, 14, 0), ("Ana Lima", "Bo Chen"),
                   questions, criteria, probes)
