"""Flag rules declared in the rubric YAML, as small classes in a registry (`RULE_KINDS`).

In the manner of CTFd's flag plugins, each kind validates its own YAML mapping, evaluates
against one scorecard and says in words why it fired.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from ..catalog import RATING_POINTS
from ..problems import Problem
from ..yaml_source import SourceDocument
from .input import ScorecardInput
from .lexicon import CONCEPT_LABELS, CONCEPTS
from .reading import HOLLOW, NEGATED, POSITIVE, ConceptReading, Mention, TextAnalysis, analyse


@dataclass(frozen=True)
class Match:
    """A rule that fired: where its evidence came from and the sentence that shows it."""

    source: str | None
    because: str


class ScorecardContext:
    """A scorecard plus its text analyses, computed once and shared by every rule."""

    def __init__(self, scorecard: ScorecardInput) -> None:
        self.scorecard = scorecard
        self._analyses: dict[tuple[bool, tuple[str, ...] | None], TextAnalysis] = {}

    def analysis(self, notes: bool, criteria: tuple[str, ...] | None) -> TextAnalysis:
        """Return the analysis of the notes and/or the evidence of some criteria."""
        key = (notes, criteria)
        if key not in self._analyses:
            texts: list[tuple[str, str]] = []
            if notes and self.scorecard.notes:
                texts.append(("notes", self.scorecard.notes))
            for criterion in sorted(self.scorecard.evidence):
                if criteria is None or criterion in criteria:
                    texts.append((f"evidence[{criterion}]", self.scorecard.evidence[criterion]))
            self._analyses[key] = analyse(texts)
        return self._analyses[key]

    @cached_property
    def observed(self) -> frozenset[str]:
        return frozenset(self.scorecard.observed)



# --------------------------------------------------------------------------------------
# Building rules from YAML.
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleScope:
    """The ids a rule in one rubric may refer to, with display names for reasons."""

    round: str
    criteria: Mapping[str, str]
    probes: Mapping[str, str]
    probe_options: Mapping[str, Mapping[str, str]]
    flags: Mapping[str, str]


def dotted(path: tuple[Any, ...]) -> str:
    """Return a YAML path as a field name: ('criteria', 2, 'id') -> 'criteria[2].id'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class RuleSite:
    """Where a rule sits in a YAML file, collecting the problems found while building it."""

    doc: SourceDocument
    path: tuple[Any, ...]
    scope: RuleScope
    problems: list[Problem]
    flag: str = ""

    def at(self, *more: Any) -> RuleSite:
        return RuleSite(self.doc, self.path + more, self.scope, self.problems, self.flag)

    def report(self, message: str, *more: Any) -> None:
        path = self.path + more
        self.problems.append(self.doc.problem(path, dotted(path), message))


class Rule(ABC):
    """A condition over a scorecard that, when it holds, raises its flag."""

    kind: ClassVar[str]
    fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    @abstractmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        """Build the rule from its YAML mapping, reporting problems at the site."""

    @abstractmethod
    def evaluate(self, context: ScorecardContext) -> Match | None:
        """Return a match when the rule holds for the scorecard, else None."""

    @abstractmethod
    def describe(self) -> str:
        """Return the condition in words."""


def build_rule(data: Any, site: RuleSite) -> Rule | None:
    """Build a rule of any registered kind; report problems and return None when broken."""
    if not isinstance(data, Mapping):
        site.report("a rule must be a mapping with a 'kind'")
        return None
    kind = data.get("kind")
    rule_class = RULE_KINDS.get(kind) if isinstance(kind, str) else None
    if rule_class is None:
        site.report(f"unknown rule kind {kind!r}; expected one of {', '.join(RULE_KINDS)}",
                    "kind")
        return None
    for key in data:
        if key != "kind" and key not in rule_class.fields:
            site.report(f"unknown field for a {kind} rule; expected one of "
                        f"{', '.join(sorted(rule_class.fields))}", key)
    before = len(site.problems)
    rule = rule_class.from_yaml(data, site)
    return rule if len(site.problems) == before else None


def _id_list(data: Mapping[str, Any], key: str, site: RuleSite, known: Mapping[str, Any],
             what: str, required: bool = True) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        if required:
            site.report(f"missing {key}", key)
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        site.report(f"{key} must be a non-empty list of {what} ids", key)
        return ()
    for index, item in enumerate(value):
        if item not in known:
            site.report(f"unknown {what} {item!r}", key, index)
    return tuple(str(v) for v in value)


def origin_label(origin: str, criterion_names: Mapping[str, str]) -> str:
    """Name a text's origin for a person; internal keys such as evidence[id] never show."""
    if origin.startswith("evidence[") and origin.endswith("]"):
        criterion = origin[len("evidence["):-1]
        return f'evidence for "{criterion_names.get(criterion, criterion.replace("_", " "))}"'
    return origin


def _quote(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class ObservedRule(Rule):
    """The interviewer ticked a flag on the scorecard."""

    kind = "observed"
    fields = frozenset({"flag"})

    def __init__(self, flag: str, label: str) -> None:
        self.flag, self.label = flag, label

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        flag = data.get("flag", site.flag)
        if flag not in site.scope.flags:
            site.report(f"unknown flag {flag!r}", "flag")
            return None
        return cls(flag, site.scope.flags[flag])

    def evaluate(self, context: ScorecardContext) -> Match | None:
        if self.flag in context.observed:
            return Match("interviewer", f'interviewer ticked "{self.label}"')
        return None

    def describe(self) -> str:
        return f'the interviewer ticked "{self.label}"'


class ProbeRule(Rule):
    """A tap-answer probe was answered with one of some options."""

    kind = "probe"
    fields = frozenset({"probe", "in"})

    def __init__(self, probe: str, question: str, options: Mapping[str, str]) -> None:
        self.probe, self.question, self.options = probe, question, options

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        probe = data.get("probe")
        if probe not in site.scope.probes:
            site.report(f"unknown probe {probe!r}", "probe")
            return None
        known = site.scope.probe_options[probe]
        options = _id_list(data, "in", site, known, f"option of probe {probe}")
        return cls(probe, site.scope.probes[probe], {o: known.get(o, o) for o in options})

    def evaluate(self, context: ScorecardContext) -> Match | None:
        answer = context.scorecard.probes.get(self.probe)
        if answer in self.options:
            return Match("probe", f'probe "{self.question}" answered "{self.options[answer]}"')
        return None

    def describe(self) -> str:
        labels = " or ".join(f'"{label}"' for label in self.options.values())
        return f'probe "{self.question}" answered {labels}'


class RatingRule(Rule):
    """A criterion was rated at most or at least some point; "no signal" never matches."""

    kind = "rating"
    fields = frozenset({"criterion", "at_most", "at_least"})

    def __init__(self, criterion: str, name: str, at_most: int | None,
                 at_least: int | None) -> None:
        self.criterion, self.name = criterion, name
        self.at_most, self.at_least = at_most, at_least

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        criterion = data.get("criterion")
        if criterion not in site.scope.criteria:
            site.report(f"unknown criterion {criterion!r}", "criterion")
        bounds: dict[str, int | None] = {}
        for key in ("at_most", "at_least"):
            value = data.get(key)
            if value is not None and value not in RATING_POINTS:
                site.report("must be a rating point 1-4", key)
            bounds[key] = value
        if bounds["at_most"] is None and bounds["at_least"] is None:
            site.report("a rating rule needs at_most or at_least")
        return cls(str(criterion), site.scope.criteria.get(criterion, str(criterion)),
                   bounds["at_most"], bounds["at_least"])

    def evaluate(self, context: ScorecardContext) -> Match | None:
        rating = context.scorecard.ratings.get(self.criterion)
        if not isinstance(rating, int) or isinstance(rating, bool):
            return None
        if self.at_most is not None and rating > self.at_most:
            return None
        if self.at_least is not None and rating < self.at_least:
            return None
        return Match("ratings", f'"{self.name}" rated {rating} ({self._bound()})')

    def _bound(self) -> str:
        parts = []
        if self.at_least is not None:
            parts.append(f"≥ {self.at_least}")
        if self.at_most is not None:
            parts.append(f"≤ {self.at_most}")
        return " and ".join(parts)

    def describe(self) -> str:
        return f'"{self.name}" rated {self._bound()}'


# Placeholders interviewers type when they have nothing to record.
_PLACEHOLDER = re.compile(r"^\s*(?:|-+|n/?a|none|nothing|idk|tbd|\?+|\.+)\s*$", re.IGNORECASE)


class MissingEvidenceRule(Rule):
    """No evidence was written for any of some criteria (blank or a placeholder)."""

    kind = "missing_evidence"
    fields = frozenset({"criteria"})

    def __init__(self, criteria: Mapping[str, str]) -> None:
        self.criteria = criteria

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        ids = _id_list(data, "criteria", site, site.scope.criteria, "criterion")
        return cls({c: site.scope.criteria.get(c, c) for c in ids})

    def evaluate(self, context: ScorecardContext) -> Match | None:
        for criterion, name in self.criteria.items():
            text = context.scorecard.evidence.get(criterion, "")
            if _PLACEHOLDER.match(text or ""):
                shown = f' ("{text.strip()}")' if text and text.strip() else ""
                return Match("evidence", f'no evidence recorded for "{name}"{shown}')
        return None

    def describe(self) -> str:
        return "no evidence recorded for " + " or ".join(f'"{n}"' for n in self.criteria.values())


def _mostly(reading: ConceptReading, states: tuple[str, ...]) -> bool:
    """Whether a concept is spoken of in these states more often than positively."""
    against = sum(m.state in states for m in reading.mentions)
    return against > sum(m.state == POSITIVE for m in reading.mentions)


class TextRule(Rule):
    """Free text (notes and/or evidence) speaks of concepts in a given way.

    All given conditions must hold: every `mentions` concept is spoken of positively somewhere;
    every `lacks` concept is absent, negated or hollow; every `mostly_lacks` concept is absent
    or said to be missing more often than it is spoken of ("power? no. guardrails? no. 'until
    it's significant'"); at least one `negates` concept is
    negated or hollow and never positive; at least one `hollow` concept is named without
    substance and never positive; at least one `phrases` pattern matches a clause.
    """

    kind = "text"
    fields = frozenset({"in", "criteria", "mentions", "lacks", "mostly_lacks", "negates",
                        "hollow", "phrases"})

    def __init__(self, notes: bool, criteria: tuple[str, ...] | None,
                 conditions: Mapping[str, tuple[str, ...]],
                 phrases: tuple[re.Pattern[str], ...]) -> None:
        self.notes, self.criteria = notes, criteria
        self.criterion_names: Mapping[str, str] = {}
        self.mentions = conditions.get("mentions", ())
        self.lacks = conditions.get("lacks", ())
        self.mostly_lacks = conditions.get("mostly_lacks", ())
        self.negates = conditions.get("negates", ())
        self.hollow = conditions.get("hollow", ())
        self.phrases = phrases

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        where = data.get("in", ["notes", "evidence"])
        where = [where] if isinstance(where, str) else where
        if not isinstance(where, list) or not where or \
                any(w not in ("notes", "evidence") for w in where):
            site.report("in must list notes and/or evidence", "in")
            where = ["notes", "evidence"]
        criteria = None
        if "criteria" in data:
            criteria = _id_list(data, "criteria", site, site.scope.criteria, "criterion")
        elif "evidence" not in where:
            criteria = ()
        conditions = {key: _id_list(data, key, site, CONCEPTS, "concept", required=False)
                      for key in ("mentions", "lacks", "mostly_lacks", "negates", "hollow")}
        phrases: list[re.Pattern[str]] = []
        raw = data.get("phrases", [])
        if not isinstance(raw, list):
            site.report("phrases must be a list of patterns", "phrases")
            raw = []
        for index, pattern in enumerate(raw):
            try:
                phrases.append(re.compile(r"(?<!\w)(?:" + str(pattern) + r")(?!\w)"))
            except re.error as exc:
                site.report(f"invalid pattern: {exc}", "phrases", index)
        if not (conditions["mentions"] or conditions["negates"] or conditions["hollow"]
                or raw):
            # A rule of absences alone would fire on empty notes and could quote nothing.
            site.report("a text rule needs mentions, negates, hollow or phrases")
        rule = cls("notes" in where, criteria, conditions, tuple(phrases))
        rule.criterion_names = dict(site.scope.criteria)
        return rule

    def evaluate(self, context: ScorecardContext) -> Match | None:
        analysis = context.analysis(self.notes, self.criteria)
        quotes: list[Mention] = []
        parts: list[str] = []
        for concept in self.mentions:
            mention = analysis.reading(concept).first(POSITIVE)
            if mention is None:
                return None
            quotes.append(mention)
        for concept in self.lacks:
            if analysis.reading(concept).state == POSITIVE:
                return None
        for concept in self.mostly_lacks:
            said = [m.state == POSITIVE for m in analysis.reading(concept).mentions]
            if said.count(True) >= max(said.count(False), 1):
                return None
        if self.negates or self.hollow:
            wanted = [(c, (NEGATED, HOLLOW)) for c in self.negates] + \
                     [(c, (HOLLOW,)) for c in self.hollow]
            # The weight of the notes decides: "dashboards" once against "no alerts, no SLOs"
            # is a concept mostly said to be missing.
            hit = next((m for c, states in wanted
                        if (m := analysis.reading(c).first(*states)) is not None
                        and _mostly(analysis.reading(c), states)), None)
            if hit is None:
                return None
            quotes.insert(0, hit)
            only = "only" if analysis.reading(hit.concept).state != POSITIVE else "mostly"
            word = f"{only} without substance" if hit.state == HOLLOW else f"{only} negatively"
            parts.append(f"{CONCEPT_LABELS[hit.concept]} mentioned {word}")
        phrase_clause = None
        if self.phrases:
            phrase_clause = next((clause for clause in analysis.clauses
                                  for pattern in self.phrases if pattern.search(clause.text)),
                                 None)
            if phrase_clause is None:
                return None
        lead = phrase_clause if phrase_clause is not None else quotes[0].clause
        if self.lacks:
            parts.append(", ".join(CONCEPT_LABELS[c] for c in self.lacks)
                         + " never mentioned positively")
        if self.mostly_lacks:
            parts.append(", ".join(CONCEPT_LABELS[c] for c in self.mostly_lacks)
                         + " mostly missing")
        if self.mentions:
            said = "; ".join(f'"{m.quoted}"' for m in quotes if m.state == POSITIVE)
            parts.append("while " + " and ".join(CONCEPT_LABELS[c] for c in self.mentions)
                         + f" came up ({said})")
        if phrase_clause is not None and not parts:
            parts.append("a known weak-signal phrase")
        source = "notes" if lead.origin == "notes" else "evidence"
        return Match(source, f'{self.where(lead.origin)}: "{_quote(lead.quoted)}" — '
                     + ", ".join(parts))

    def where(self, origin: str) -> str:
        """Name where a clause came from in words: "notes" or "evidence for <criterion>"."""
        return origin_label(origin, self.criterion_names)

    def describe(self) -> str:
        parts = []
        if self.mentions:
            parts.append("text mentions " + " and ".join(CONCEPT_LABELS[c] for c in self.mentions))
        if self.lacks:
            parts.append("never positively " + ", ".join(CONCEPT_LABELS[c] for c in self.lacks))
        if self.mostly_lacks:
            parts.append("mostly without " + ", ".join(CONCEPT_LABELS[c]
                                                       for c in self.mostly_lacks))
        if self.negates:
            parts.append("negates " + " or ".join(CONCEPT_LABELS[c] for c in self.negates))
        if self.hollow:
            parts.append("names " + " or ".join(CONCEPT_LABELS[c] for c in self.hollow)
                         + " without substance")
        if self.phrases:
            parts.append("matches a weak-signal phrase")
        return "; ".join(parts)


class _Combinator(Rule):
    fields = frozenset({"rules"})

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        items = data.get("rules")
        if not isinstance(items, list) or not items:
            site.report(f"an {cls.kind} rule needs a non-empty list of rules", "rules")
            return None
        built = [build_rule(item, site.at("rules", i)) for i, item in enumerate(items)]
        if any(rule is None for rule in built):
            return None
        if all(isinstance(rule, NotRule) for rule in built):
            site.report("a combinator of only 'not' rules has nothing to quote", "rules")
        return cls(tuple(r for r in built if r is not None))


class AnyRule(_Combinator):
    """At least one sub-rule holds; every one that holds is quoted."""

    kind = "any"

    def evaluate(self, context: ScorecardContext) -> Match | None:
        matches = [m for m in (rule.evaluate(context) for rule in self.rules) if m]
        if not matches:
            return None
        return Match(_first_source(matches), "; ".join(m.because for m in matches))

    def describe(self) -> str:
        return "any of: " + " | ".join(rule.describe() for rule in self.rules)


class AllRule(_Combinator):
    """Every sub-rule holds."""

    kind = "all"

    def evaluate(self, context: ScorecardContext) -> Match | None:
        matches = []
        for rule in self.rules:
            match = rule.evaluate(context)
            if match is None:
                return None
            matches.append(match)
        return Match(_first_source(matches), " and ".join(m.because for m in matches))

    def describe(self) -> str:
        return "all of: " + " & ".join(rule.describe() for rule in self.rules)


class NotRule(Rule):
    """A sub-rule does not hold; only meaningful inside all/any."""

    kind = "not"
    fields = frozenset({"rule"})

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        inner = build_rule(data.get("rule"), site.at("rule"))
        return cls(inner) if inner is not None else None

    def evaluate(self, context: ScorecardContext) -> Match | None:
        if self.rule.evaluate(context) is not None:
            return None
        return Match(None, f"not ({self.rule.describe()})")

    def describe(self) -> str:
        return f"not ({self.rule.describe()})"


def _first_source(matches: list[Match]) -> str | None:
    return next((m.source for m in matches if m.source is not None), None)


RULE_KINDS: dict[str, type[Rule]] = {
    "observed": ObservedRule,
    "probe": ProbeRule,
    "rating": RatingRule,
    "missing_evidence": MissingEvidenceRule,
    "text": TextRule,
    "any": AnyRule,
    "all": AllRule,
    "not": NotRule,
}


@dataclass(frozen=True)
class FlagRule:
    """A rubric's rule for raising one flag in its round."""

    id: str
    flag: str
    when: Rule


def build_flag_rule(data: Any, site: RuleSite) -> FlagRule | None:
    """Build one `flag_rules` entry ({id, flag, when}); report problems at the site."""
    if not isinstance(data, Mapping):
        site.report("a flag rule must be a mapping with id, flag and when")
        return None
    for key in data:
        if key not in ("id", "flag", "when"):
            site.report("unknown field; expected id, flag, when", key)
    rule_id, flag = data.get("id"), data.get("flag")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", rule_id):
        site.report("id must be a lowercase slug", "id")
    if flag not in site.scope.flags:
        site.report(f"unknown flag {flag!r}", "flag")
        return None
    site = RuleSite(site.doc, site.path, site.scope, site.problems, str(flag))
    if "when" not in data:
        site.report("missing when", "when")
        return None
    when = build_rule(data["when"], site.at("when"))
    if isinstance(when, NotRule):
        site.report("a lone 'not' rule raises a flag from nothing; combine it with all",
                    "when", "kind")
        return None
    if when is None or not isinstance(rule_id, str):
        return None
    return FlagRule(rule_id, str(flag), when)

