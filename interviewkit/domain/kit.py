"""What an interviewer takes into one round: questions, the rubric at the candidate's level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class KitQuestion:
    title: str
    prompt: str
    minutes: int
    follow_ups: tuple[str, ...] = ()
    strong_answer: str = ""
    weak_answer: str = ""
    bar: str = ""                    # what meets the bar at the candidate's level
    separates: str = ""              # what separates a 2 from a 3
    hints: tuple[str, ...] = ()      # for a candidate who is stuck
    pushes: tuple[str, ...] = ()     # for a candidate well above the bar
    note: str = ""                   # the planner's note (e.g. ask for a different incident)
    if_time: bool = False            # an extension: only with time to spare


@dataclass(frozen=True)
class KitCriterion:
    name: str
    measures: str
    anchors: tuple[tuple[int, str], ...]  # (point 1-4, what it looks like at this level)


@dataclass(frozen=True)
class KitProbe:
    question: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class KitData:
    loop_id: int
    candidate_name: str
    role_title: str
    lane: str
    level: str
    domain: str | None
    round: str
    minutes: int
    scheduled_at: datetime | None
    interviewers: tuple[str, ...]
    questions: tuple[KitQuestion, ...]
    criteria: tuple[KitCriterion, ...]
    probes: tuple[KitProbe, ...]
