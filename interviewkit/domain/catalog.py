"""The fixed vocabulary of interviewkit: lanes, levels, rounds, domains, signals."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    description: str = ""


LANES: tuple[Term, ...] = (
    Term("applied", "Applied ML / production",
         "Trained model to serving endpoint inside a latency, throughput and cost budget."),
    Term("research", "Research / modeling",
         "Novel modeling, evaluation methodology and experiment design."),
    Term("llm", "LLM / GenAI",
         "Prompt design, RAG, evaluation harnesses, fine-tuning, provider cost vs quality."),
    Term("domain", "Domain specialist",
         "The ML toolkit plus fluency in one domain's features, labels and metrics."),
)

LEVELS: tuple[Term, ...] = (
    Term("junior", "Junior", "1-3 years; trains and evaluates a model with supervision."),
    Term("mid", "Mid-level", "3-6 years; notebook to serving endpoint without hand-holding."),
    Term("senior", "Senior", "6-10 years; owned a launch end to end and its incidents."),
    Term("staff", "Staff", "10+ years; sets ML platform direction across teams."),
)

ROUNDS: tuple[Term, ...] = (
    Term("screen", "Technical screen",
         "Fundamentals and the candidate's real projects: what they shipped and owned."),
    Term("system_design", "ML system design",
         "Design an ML service inside a product: data flow, serving, monitoring, cost."),
    Term("coding", "Production-style coding",
         "A realistic ML problem with messy data: structure, interfaces, tests, failures."),
    Term("deep_dive", "Domain / applied-scientist deep dive",
         "The candidate's own work in depth: evaluation, trade-offs, domain features."),
)

DOMAINS: tuple[Term, ...] = (
    Term("healthcare", "Healthcare / oncology"),
    Term("fraud", "Fraud / AML"),
    Term("insurance", "Insurance claims"),
    Term("manufacturing", "Manufacturing process control"),
    Term("climate", "Climate"),
    Term("ecommerce", "E-commerce"),
    Term("finance", "Finance"),
)

SIGNALS: tuple[Term, ...] = (
    Term("fundamentals", "ML fundamentals", "Bias/variance, metrics, losses, validation."),
    Term("ownership", "Ownership", "What the candidate personally shipped and owned."),
    Term("production", "Production ML", "Running models in production, not only training them."),
    Term("serving", "Serving and deployment", "Endpoints, batch jobs, rollout, rollback."),
    Term("monitoring", "Monitoring and drift", "Detecting decay, skew and silent failure."),
    Term("data_pipelines", "Data and features", "Feature pipelines, data quality, skew."),
    Term("evaluation", "Evaluation", "Offline and online evaluation that settles a question."),
    Term("experimentation", "Experiment design", "A/B tests, power, guardrails, noise."),
    Term("system_design", "System design", "Architecture of an ML service end to end."),
    Term("cost_latency", "Cost and latency judgment", "Whether a gain is worth its cost."),
    Term("code_quality", "Code quality", "Structure, interfaces and readability."),
    Term("testing", "Testing", "Tests that catch the failures that matter."),
    Term("failure_handling", "Failure handling", "Bad input, timeouts, fallbacks."),
    Term("incident_response", "Incident response", "Finding, fixing and learning from outages."),
    Term("tradeoffs", "Trade-offs", "Naming alternatives and why one was chosen."),
    Term("collaboration", "Collaboration", "Cross-functional delivery and communication."),
    Term("llm_systems", "LLM systems", "Prompting, RAG, fine-tuning, agents and their limits."),
    Term("modeling", "Modeling depth", "Choosing and improving models with care."),
    Term("domain_knowledge", "Domain fluency", "Domain features, label noise, value metrics."),
    Term("leadership", "Technical leadership", "Direction across teams, mentoring, platform."),
    Term("safety", "Safety and fallbacks", "Failure modes and safety properties of systems."),
)

DEPLOYMENT_TARGETS: tuple[Term, ...] = (
    Term("batch", "Batch"),
    Term("realtime_api", "Real-time API"),
    Term("on_device", "On-device"),
    Term("llm_backend", "LLM application backend"),
)

RECOMMENDATIONS: tuple[Term, ...] = (
    Term("strong_no", "Strong no"),
    Term("no", "No"),
    Term("yes", "Yes"),
    Term("strong_yes", "Strong yes"),
)

SEVERITIES: tuple[str, ...] = ("info", "concern", "blocking")

# Round lengths in minutes, in round order.
DEFAULT_ROUND_MINUTES: dict[str, int] = {
    "screen": 45, "system_design": 60, "coding": 60, "deep_dive": 60,
}

# Minutes of each round kept for introductions and the candidate's own questions.
ROUND_OVERHEAD_MINUTES = 10

# Signals each round must give evidence for, whatever the lane and level.
REQUIRED_SIGNALS: dict[str, tuple[str, ...]] = {
    "screen": ("fundamentals", "ownership"),
    "system_design": ("system_design", "serving", "monitoring"),
    "coding": ("code_quality", "testing", "failure_handling"),
    "deep_dive": ("evaluation", "tradeoffs"),
}

# Extra signals a lane requires in one round.
LANE_REQUIRED_SIGNALS: dict[str, dict[str, tuple[str, ...]]] = {
    "applied": {"deep_dive": ("incident_response",)},
    "research": {"deep_dive": ("experimentation",)},
    "llm": {"system_design": ("llm_systems",)},
    "domain": {"deep_dive": ("domain_knowledge",)},
}

# Extra signals a level requires in one round.
LEVEL_REQUIRED_SIGNALS: dict[str, dict[str, tuple[str, ...]]] = {
    "senior": {"screen": ("incident_response",)},
    "staff": {"screen": ("incident_response",), "deep_dive": ("leadership",)},
}


def ids(terms: tuple[Term, ...]) -> tuple[str, ...]:
    """Return the ids of a vocabulary, in order."""
    return tuple(term.id for term in terms)


def name_of(terms: tuple[Term, ...], term_id: str) -> str:
    """Return the display name of a vocabulary id, or the id itself when unknown."""
    for term in terms:
        if term.id == term_id:
            return term.name
    return term_id


LANE_IDS = ids(LANES)
LEVEL_IDS = ids(LEVELS)
ROUND_IDS = ids(ROUNDS)
DOMAIN_IDS = ids(DOMAINS)
SIGNAL_IDS = ids(SIGNALS)


def required_signals(round_id: str, lane: str, level: str) -> tuple[str, ...]:
    """Return the signals a round must cover for a lane and level, base first."""
    extra = LANE_REQUIRED_SIGNALS.get(lane, {}).get(round_id, ())
    extra += LEVEL_REQUIRED_SIGNALS.get(level, {}).get(round_id, ())
    seen: list[str] = []
    for signal in REQUIRED_SIGNALS[round_id] + extra:
        if signal not in seen:
            seen.append(signal)
    return tuple(seen)


_SIGNAL_BITS = {signal: 1 << i for i, signal in enumerate(SIGNAL_IDS)}


def signal_mask(signals) -> int:
    """Return a set of signal ids as a bit set in catalog order (unknown ids ignored)."""
    mask = 0
    for signal in signals:
        mask |= _SIGNAL_BITS.get(signal, 0)
    return mask
