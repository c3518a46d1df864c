"""Audit the planner over every intake: the checks a hiring manager would make by hand.

Plans every lane x level x domain (and none) x deployment target over N seeds and reports,
with the loop and the question ids: an idea asked twice, a bar requirement nothing tests, a
domain question outside its domain, an extension on a problem it does not extend, a round
whose questions and reading time overrun its budget, and a junior asked to show leadership.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import catalog
from .bank import Question
from .planner import Intake, LoopPlan, plan_loop

KINDS = ("concept-repeat", "uncovered-bar", "domain-leak", "extension-mismatch",
         "time-overrun", "junior-ownership")


@dataclass(frozen=True)
class Finding:
    kind: str
    loop: str
    question_ids: tuple[str, ...]
    message: str

    def line(self) -> str:
        return f"{self.kind}: {self.loop}: {self.message} [{', '.join(self.question_ids)}]"


@dataclass
class AuditReport:
    plans: int = 0
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(f.kind for f in self.findings)

    def summary(self) -> str:
        counts = self.counts()
        parts = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in KINDS)
        verdict = "OK" if not self.findings else "FAIL"
        return f"plan audit {verdict}: {self.plans} plans, {len(self.findings)} findings ({parts})"


def loop_label(plan: LoopPlan) -> str:
    return (f"{plan.lane}/{plan.level}/{plan.domain or '-'}/{plan.deployment_target or '-'}"
            f"/seed {plan.seed}")


def check_plan(plan: LoopPlan, by_id: dict[str, Question]) -> list[Finding]:
    """Return everything wrong with one plan."""
    label = loop_label(plan)
    found: list[Finding] = []
    ideas: dict[str, list[str]] = {}
    for qid in plan.question_ids():
        ideas.setdefault(by_id[qid].idea, []).append(qid)
    for idea, ids in ideas.items():
        if len(ids) > 1:
            found.append(Finding("concept-repeat", label, tuple(ids),
                                 f"the idea {idea!r} is asked {len(ids)} times"))
    reqs = {r.id: r for r in catalog.bar_requirements(plan.lane, plan.level, plan.domain)}
    for req_id in plan.unmet_bar:
        found.append(Finding("uncovered-bar", label, (),
                             f"nothing tests {reqs[req_id].name} ({req_id})"))
    for planned in plan.rounds:
        questions = [by_id[q.id] for q in planned.questions]
        for q in questions:
            if q.domains and plan.domain not in q.domains:
                found.append(Finding("domain-leak", label, (q.id,),
                                     f"a {', '.join(sorted(q.domains))} question in a "
                                     f"{plan.domain or 'no-domain'} loop"))
            if plan.level == "junior" and set(q.signals) & set(catalog.JUNIOR_NEVER_SIGNALS):
                found.append(Finding("junior-ownership", label, (q.id,),
                                     "a junior is asked to show leadership"))
        mains = [q for q in questions if not q.is_extension]
        for ext in (q for q in questions if q.is_extension):
            if not any(ext.extends_question(m) for m in mains):
                found.append(Finding("extension-mismatch", label,
                                     (ext.id, *(m.id for m in mains)),
                                     f"{planned.round}: the extension does not extend "
                                     f"the main problem"))
        used = planned.question_minutes + planned.reading_minutes
        if used > planned.budget:
            found.append(Finding("time-overrun", label, tuple(q.id for q in planned.questions),
                                 f"{planned.round}: {used} minutes of questions and reading "
                                 f"in a {planned.budget}-minute budget"))
    return found


def intakes() -> Iterable[Intake]:
    for lane in catalog.LANE_IDS:
        for level in catalog.LEVEL_IDS:
            for domain in (None, *catalog.DOMAIN_IDS):
                for target in catalog.DEPLOYMENT_TARGET_IDS:
                    yield Intake(lane, level, domain, deployment_target=target)


def audit(questions: Sequence[Question], seeds: int = 20) -> AuditReport:
    """Plan every intake over `seeds` seeds and collect the findings."""
    by_id = {q.id: q for q in questions}
    report = AuditReport()
    for intake in intakes():
        for seed in range(seeds):
            plan = plan_loop(questions, intake, seed)
            report.plans += 1
            report.findings.extend(check_plan(plan, by_id))
    return report
