"""The fixed vocabulary of interviewkit: lanes, levels, rounds, domains, signals."""

from __future__ import annotations

from collections.abc import Iterable
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
# Most severe first: the order flags are listed in on scorecards, debriefs and packets.
SEVERITY_ORDER: tuple[str, ...] = ("blocking", "concern", "info")
SEVERITY_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITY_ORDER)}

# The points of every rating scale; "no signal" is recorded as no rating at all.
RATING_POINTS: tuple[int, ...] = (1, 2, 3, 4)

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


# The words each round's rubric uses for a signal (issue 14 item 13): the plan, its reasons
# and the scorecard speak one vocabulary. A signal a round's rubric has no criterion for keeps
# its own name. tests/domain/test_vocabulary.py holds these to the rubric files.
ROUND_SIGNAL_NAMES: dict[str, dict[str, str]] = {
    "screen": {
        "fundamentals": "ML fundamentals",
        "ownership": "Project ownership",
        "production": "Production experience",
        "incident_response": "Production experience",
        "collaboration": "Communication",
    },
    "system_design": {
        "system_design": "Problem framing and architecture",
        "serving": "Serving and latency",
        "monitoring": "Monitoring, fallbacks and rollback",
        "safety": "Monitoring, fallbacks and rollback",
        "cost_latency": "Cost and trade-offs",
        "tradeoffs": "Cost and trade-offs",
        "llm_systems": "LLM quality, safety and cost",
    },
    "coding": {
        "code_quality": "Code structure and interfaces",
        "data_pipelines": "Data handling",
        "testing": "Testing",
        "failure_handling": "Failure handling",
    },
    "deep_dive": {
        "evaluation": "Evaluation discipline",
        "tradeoffs": "Trade-off judgment",
        "domain_knowledge": "Domain depth",
        "incident_response": "Incidents and model decay",
        "monitoring": "Incidents and model decay",
        "leadership": "Technical leadership",
        "experimentation": "Experiment design and telling gain from noise",
    },
}


def signal_name(signal: str, round_id: str | None = None) -> str:
    """Return a signal's name as the round's rubric words it, else the catalogue's name."""
    if round_id is not None and signal in ROUND_SIGNAL_NAMES.get(round_id, {}):
        return ROUND_SIGNAL_NAMES[round_id][signal]
    return name_of(SIGNALS, signal)


def signal_names(signals: Iterable[str], round_id: str | None = None) -> tuple[str, ...]:
    """Return the distinct names of signals in a round, in order (two signals can share one
    rubric criterion, which is named once)."""
    names: list[str] = []
    for signal in signals:
        name = signal_name(signal, round_id)
        if name not in names:
            names.append(name)
    return tuple(names)


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


# --- planning: intake facts, problem shapes and each level's bar over a whole loop --------
# (issue 9; kept in one block so other branches' catalog edits merge cleanly)

WORK_TYPES: tuple[Term, ...] = (
    Term("new_models", "Building new models",
         "The hire will mostly build models that do not exist yet."),
    Term("improving", "Improving existing models",
         "The hire will mostly make models already in production better or cheaper."),
    Term("keeping_alive", "Keeping production alive",
         "The hire will mostly run, debug and maintain models already in production."),
)
WORK_TYPE_IDS = ids(WORK_TYPES)
DEPLOYMENT_TARGET_IDS = ids(DEPLOYMENT_TARGETS)

# What a main system-design or coding problem is, so an extension is only paired with a
# problem it actually extends ("add a deadline to the request path" needs a request path).
PROBLEM_SHAPES: tuple[Term, ...] = (
    Term("online_service", "Online prediction service", "A request path with a latency budget."),
    Term("batch_job", "Batch job", "Scheduled scoring or feature computation over a dataset."),
    Term("streaming", "Streaming pipeline", "Events processed as they arrive."),
    Term("data_pipeline", "Data or feature pipeline", "Training data, features, contracts."),
    Term("ranking", "Ranking or recommendation", "Users and items, feeds and search."),
    Term("forecasting", "Forecasting", "Predicting a quantity over time."),
    Term("classification", "Classification or detection", "Routing, flagging, scoring cases."),
    Term("on_device", "On-device model", "A model that runs on the user's or the plant's device."),
    Term("llm_app", "LLM application", "Prompts, retrieval, agents or LLM API calls."),
    Term("evaluation", "Evaluation or analysis", "Metrics, experiments, comparisons."),
    Term("training", "Training job", "Code that trains models and must be reproducible."),
)
PROBLEM_SHAPE_IDS = ids(PROBLEM_SHAPES)

# Minutes to read handed-over code, counted by the planner on top of the questions' own
# minutes, per round. None today: a coding problem's `minutes` in the bank already include
# reading its code and data (its pack.yaml says how many of them, and the kit shows it), so
# adding a flat five here counted that reading twice.
READING_MINUTES: dict[str, int] = {}

# Rounds where the deployment target and work type decide between otherwise equal questions.
FIT_ROUNDS: tuple[str, ...] = ("system_design", "coding", "deep_dive")


@dataclass(frozen=True)
class BarRequirement:
    """Something a whole loop must test for a level, lane or domain.

    A question meets it when it carries one of `signals`, or tests one of `concepts`, or (with
    `written_for`) is tagged for that level alone, or (with `domain`) belongs to the loop's
    domain. `rounds` limits where it may be met; `optional` ones are met where the bank can.
    """

    id: str
    name: str
    why: str
    signals: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    written_for: str | None = None
    domain: bool = False
    rounds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    optional: bool = False


_DECAY_CONCEPTS = ("model-decay", "drift-monitoring", "delayed-labels", "retrieval-regression",
                   "retraining-cadence", "eval-set-drift", "monitoring-that-fired",
                   "ownership-after-launch", "serving-migration", "promotion-gate",
                   "feedback-loop", "prompt-change", "provider-model-migration")
_ABLATION_CONCEPTS = ("ablation-discipline", "reproduce-baseline", "fair-baseline",
                      "seed-variance")
_NOISE_CONCEPTS = ("real-gain-or-noise", "many-variants", "seed-variance", "paired-bootstrap",
                   "ab-analysis", "benchmark-too-good")
_LLM_EVAL_CONCEPTS = ("llm-eval-harness", "rag-eval-harness", "llm-eval-service",
                      "first-llm-eval-set",
                      "llm-judge-validation", "groundedness-check", "prompt-regression",
                      "retrieval-regression")
_RETRIEVAL_CONCEPTS = ("retrieval-quality", "rag-ingest", "embeddings-retrieval",
                       "help-center-rag", "bank-rag", "hybrid-search", "rag-eval-harness",
                       "retrieval-regression", "groundedness-check")
_AGENT_CONCEPTS = ("agent-failure-modes", "agent-guards", "refund-agent",
                   "llm-production-failure", "prompt-injection")

# Each level's bar over the whole loop (DOMAIN.md, "Levels").
LEVEL_BAR: dict[str, tuple[BarRequirement, ...]] = {
    "junior": (
        BarRequirement("evaluation-basics", "evaluating a model they trained",
                       "a junior meets the bar by training and evaluating a model with "
                       "supervision", signals=("evaluation",)),
    ),
    "mid": (
        BarRequirement("notebook-to-serving", "taking a model to production",
                       "a mid-level engineer takes a model from notebook to serving without "
                       "hand-holding", signals=("serving", "production")),
    ),
    "senior": (
        BarRequirement("incident-ownership", "incident ownership",
                       "a senior has run incident response on a production ML failure",
                       signals=("incident_response",)),
        BarRequirement("decay", "decay or maintenance",
                       "a senior has lived through model decay, not only net-new launches",
                       concepts=_DECAY_CONCEPTS),
        BarRequirement("leading", "mentoring or leading a migration",
                       "a senior has brought others through decay or a serving migration",
                       signals=("leadership",)),
        BarRequirement("cost", "cost judgment",
                       "a senior can say whether a gain is worth its cost",
                       signals=("cost_latency",)),
    ),
    "staff": (
        BarRequirement("incident-ownership", "incident ownership",
                       "staff engineers have run incident response on production ML failures",
                       signals=("incident_response",)),
        BarRequirement("decay", "decay or maintenance",
                       "staff engineers have lived through model decay", concepts=_DECAY_CONCEPTS),
        BarRequirement("cost", "cost judgment",
                       "staff engineers judge whether a gain is worth its cost",
                       signals=("cost_latency",)),
        BarRequirement("staff-written", "a question written for staff",
                       "staff means platform direction across teams and a specialty in depth; "
                       "a question also asked of seniors cannot show that",
                       written_for="staff"),
    ),
}

# Each lane's bar over the whole loop, for the levels listed (all when empty).
LANE_BAR: dict[str, tuple[BarRequirement, ...]] = {
    "applied": (),
    "research": (
        BarRequirement("experiment-design", "experiment design",
                       "research hires are judged on experiment design",
                       signals=("experimentation",)),
        BarRequirement("ablations", "ablations and baselines",
                       "a modeling claim needs ablations against a fair baseline",
                       concepts=_ABLATION_CONCEPTS, levels=("mid", "senior", "staff")),
        BarRequirement("noise", "telling noise from a real gain",
                       "research hires must tell a real gain from noise",
                       concepts=_NOISE_CONCEPTS),
    ),
    "llm": (
        BarRequirement("finetune-vs-rag", "fine-tuning versus retrieval",
                       "a junior who cannot explain fine-tuning versus retrieval is a red flag",
                       concepts=("finetune-or-rag",), levels=("junior",)),
        BarRequirement("llm-eval", "an evaluation harness",
                       "LLM hires need a way to evaluate beyond spot checks",
                       concepts=_LLM_EVAL_CONCEPTS, levels=("mid", "senior", "staff")),
        BarRequirement("retrieval", "retrieval",
                       "retrieval quality decides most RAG systems",
                       concepts=_RETRIEVAL_CONCEPTS),
        BarRequirement("agent-failures", "agent failure modes",
                       "from mid level, not knowing how agentic systems fail is a red flag",
                       concepts=_AGENT_CONCEPTS, levels=("mid", "senior", "staff")),
    ),
    # A domain specialist is screened on the domain: the screen is where the loop decides
    # whether to spend four more hours, and a screen of general ML alone cannot say.
    "domain": (
        BarRequirement("domain-screen", "the domain in the screen",
                       "a domain hire is screened on domain fluency, not only general ML",
                       signals=("domain_knowledge",), rounds=("screen",)),
    ),
}

# With a domain on the intake, the domain is tested in these rounds where the bank has it.
DOMAIN_BAR: tuple[BarRequirement, ...] = (
    BarRequirement("domain-design", "the domain in system design",
                   "a domain hire should design for the domain", domain=True,
                   rounds=("system_design",), optional=True),
    BarRequirement("domain-coding", "the domain in coding",
                   "a domain hire should code against the domain's data", domain=True,
                   rounds=("coding",), optional=True),
    BarRequirement("domain-deep-dive", "the domain in the deep dive",
                   "the deep dive is where domain fluency is tested", domain=True,
                   rounds=("deep_dive",)),
)

# Another lane's intake that names a domain (an applied hire for a fraud team): the loop
# leans on the domain where the bank has questions for this lane in it, and says nothing
# where it has none (the lane, not the domain, is what is being hired for).
INTAKE_DOMAIN_BAR: tuple[BarRequirement, ...] = (
    BarRequirement("intake-domain-design", "the team's domain in system design",
                   "the intake names the team's domain", domain=True,
                   rounds=("system_design",), optional=True),
    BarRequirement("intake-domain-deep-dive", "the team's domain in the deep dive",
                   "the intake names the team's domain", domain=True,
                   rounds=("deep_dive",), optional=True),
)

# Juniors are never asked for ownership they cannot have had: no question carrying these
# signals is tagged junior (bank lint) or planned for a junior.
JUNIOR_NEVER_SIGNALS: tuple[str, ...] = ("leadership",)


def bar_requirements(lane: str, level: str, domain: str | None) -> tuple[BarRequirement, ...]:
    """Return what a loop for this lane, level and domain must test somewhere, in order."""
    found = [r for r in LEVEL_BAR.get(level, ()) + LANE_BAR.get(lane, ())
             if not r.levels or level in r.levels]
    if domain is not None and lane == "domain":
        found += DOMAIN_BAR
    elif domain is not None:
        found += INTAKE_DOMAIN_BAR
    return tuple(found)
