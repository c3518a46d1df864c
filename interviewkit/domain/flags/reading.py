"""Reading free text: clauses, concept mentions and whether each is positive, hollow or negated.

"never mentioned monitoring" counts against monitoring; "named Kubeflow, then explained how
it was wired" does not count as name-dropping.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .lexicon import (
    _ANAPHORA,
    _CHAIN_WORDS,
    _CLAUSE_SPLIT,
    _CONCEPT_PATTERNS,
    _CONTRAST,
    _COORDINATORS,
    _DIRECT_QUESTION,
    _EVASION_PATTERN,
    _FILLERS,
    _HOLLOW_PATTERN,
    _INTERROGATIVE,
    _JOINERS,
    _LIST_FILLERS,
    _LIST_SEPARATORS,
    _LIST_WORDS,
    _LONG_REACH,
    _NEG_AFTER_PATTERN,
    _NEG_BEFORE_PATTERN,
    _NOT_NEGATION,
    _OPEN_COORDINATORS,
    _QUESTION,
    _SCOPE_BREAKERS,
    _SEGMENT_ENDS,
    _SENTENCE_SPLIT,
    _SUBORDINATE_TERM,
    _TAKES_WITH,
    _TOKEN,
    _VERDICT,
    _WEAK_AFTER,
    _WH_WORDS,
    _WINDOW_AFTER,
    _WINDOW_BEFORE,
    _WINDOW_COORDINATION,
    _WINDOW_LONG,
)

POSITIVE, HOLLOW, NEGATED, ABSENT = "positive", "hollow", "negated", "absent"
_STATE_RANK = {POSITIVE: 0, HOLLOW: 1, NEGATED: 2, ABSENT: 3}


@dataclass(frozen=True)
class Clause:
    """One clause of free text and where it came from (notes or a criterion's evidence)."""

    text: str
    origin: str
    contrast: bool
    # The same words as the interviewer wrote them (case and quotes kept), for quoting.
    original: str = ""

    @property
    def quoted(self) -> str:
        """Return the clause as written, falling back to the normalised text."""
        return self.original or self.text


@dataclass(frozen=True)
class Mention:
    """One occurrence of a concept term in a clause, with its reading."""

    concept: str
    term: str
    state: str
    clause: Clause
    start: int = -1

    @property
    def quoted(self) -> str:
        """Return the term as the interviewer wrote it."""
        if self.start >= 0 and self.clause.original:
            return self.clause.original[self.start:self.start + len(self.term)]
        return self.term


@dataclass(frozen=True)
class ConceptReading:
    """How a text speaks of one concept overall, with the words that show it."""

    state: str
    mentions: tuple[Mention, ...] = ()

    def first(self, *states: str) -> Mention | None:
        """Return the first mention in one of the states."""
        return next((m for m in self.mentions if m.state in states), None)


_PLAIN_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Return text lowercased with typographic quotes made plain, character for character.

    Every character maps to exactly one, so a span of the normalised text is the same span
    of the text as written: quotes show the interviewer's own words and case.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lowercase to two characters ("İ")
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_PLAIN_QUOTES)


def _pieces(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans that pattern.split(text) would return as pieces."""
    spans, position = [], 0
    for match in pattern.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    return spans


# A heading at the start of a clause names a topic ("monitoring plan: ...", "eval = spot
# checks"); "AUC = 0.91" or "p99 = 40ms" reports a number instead.
_TOPIC_HEADER = re.compile(r"(?:\s+[\w/-]+){0,2}?\s*(?::|=(?![^a-z]*\d))")
_BULLET = re.compile(r"^(?:[-*\u2022\u00b7]|\d+[.)])\s+")


def _join_wrapped_lines(text: str) -> str:
    """Join lines wrapped mid-sentence; keep bullets and blank-line breaks as breaks."""
    segments: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        bullet = _BULLET.match(stripped)
        if not stripped or bullet:
            if current:
                segments.append(" ".join(current))
                current = []
            if bullet:
                stripped = stripped[bullet.end():]
        if stripped:
            current.append(stripped)
    if current:
        segments.append(" ".join(current))
    return "\n".join(segments)


def split_clauses(text: str, origin: str) -> list[Clause]:
    """Split free text into sentences, then at contrast words and 'then'."""
    written = _join_wrapped_lines(text)
    lowered = normalise(written)
    clauses: list[Clause] = []
    for s_start, s_end in _pieces(_SENTENCE_SPLIT, lowered):
        sentence = lowered[s_start:s_end]
        for index, (start, end) in enumerate(_pieces(_CLAUSE_SPLIT, sentence)):
            raw = sentence[start:end]
            part = raw.strip(" ,.-—–")
            if not part:
                continue
            begin = s_start + start + len(raw) - len(raw.lstrip(" ,.-—–"))
            starts_with_contrast = re.match(_CONTRAST + r"\b", part) is not None
            clauses.append(Clause(part, origin, index > 0 and starts_with_contrast,
                                  written[begin:begin + len(part)]))
    return clauses


class _Tokens:
    """Word positions of a clause, so cues and terms can be measured in words apart."""

    def __init__(self, text: str) -> None:
        self.spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _, _ in self.spans]

    def index_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def index_before(self, char: int) -> int:
        """Index of the last token that ends at or before char."""
        return bisect.bisect_right(self.starts, char - 1) - 1

    def word(self, index: int) -> str:
        return self.spans[index][2] if 0 <= index < len(self.spans) else ""


def _read_clause(clause: Clause) -> list[Mention]:
    """Return every concept mention in a clause, each read as positive, hollow or negated."""
    text = clause.text
    tokens = _Tokens(text)
    found = [(name, m) for name, pattern in _CONCEPT_PATTERNS.items()
             for m in pattern.finditer(text)]
    # The longer term wins where two concepts overlap: "serving cost" speaks of cost, not of
    # serving; "guardrail metric" of experiment design, not of fallbacks.
    terms = [(name, m) for name, m in found
             if not any(other != name and o.start() <= m.start() and m.end() <= o.end()
                        and o.end() - o.start() > m.end() - m.start() for other, o in found)]
    term_tokens: set[int] = set()
    for _, m in terms:
        term_tokens.update(range(tokens.index_at(m.start()), tokens.index_before(m.end()) + 1))
    idioms = [(m.start(), m.end()) for m in _NOT_NEGATION.finditer(text)]

    def real(m: re.Match[str]) -> bool:
        return not any(start <= m.start() < end for start, end in idioms)

    neg_before = [(tokens.index_before(m.end()),
                   _WINDOW_LONG if _LONG_REACH.fullmatch(m.group()) else _WINDOW_BEFORE)
                  for m in _NEG_BEFORE_PATTERN.finditer(text) if real(m)]
    neg_after = [tokens.index_at(m.start()) for m in _NEG_AFTER_PATTERN.finditer(text)
                 if real(m)]
    weak_after = {tokens.index_at(m.start()) for m in _NEG_AFTER_PATTERN.finditer(text)
                  if _WEAK_AFTER.fullmatch(m.group())}
    hollow = [(tokens.index_at(m.start()), tokens.index_before(m.end()))
              for m in _HOLLOW_PATTERN.finditer(text)]
    cue_tokens = {cue for cue, _ in neg_before} | set(neg_after) \
        | {i for span in hollow for i in span}
    questions = [(q.start(), q.end()) for q in _QUESTION.finditer(text)]
    interrogative = _INTERROGATIVE.match(text) or _DIRECT_QUESTION.match(text)
    if interrogative:
        questions.append((0, interrogative.end()))
    # Where an answer to a question is called vague or sidestepped, nothing said in it counts.
    # Only an answer that opens that way counts ("— vague, 'it's all connected'").
    answers = [(end, bool(_HOLLOW_PATTERN.search(text[end:end + 24])
                          or _EVASION_PATTERN.search(text[end:end + 24])))
               for _, end in questions]

    def reaches(cue: int, target: int, window: int) -> bool:
        """Whether a cue at one token governs a term at another, nothing breaking between."""
        low, high = sorted((cue, target))
        words = [i for i in range(low + 1, high) if tokens.word(i) not in {",", ":", "-", "—"}]
        if len(words) >= window:
            return False
        for i in range(low + 1, high):
            word = tokens.word(i)
            if word in _SCOPE_BREAKERS:
                return False
            following = i + 1
            if word in _JOINERS and following not in term_tokens and following not in cue_tokens \
                    and tokens.word(following) not in _LIST_WORDS \
                    and tokens.word(i - 1) not in _TAKES_WITH:
                return False
        return True

    # A cue with its own object after it ("AUC 0.91, never mentioned monitoring") does not
    # also reach back to the term before it.
    term_firsts = sorted(tokens.index_at(m.start()) for _, m in terms)
    neg_after = [cue for cue in neg_after
                 if not any(first > cue and reaches(cue, first, _WINDOW_BEFORE)
                            for first in term_firsts)]

    # An after-cue negates the nearest term before it, and a verdict ("none", "n/a", "never
    # came up") also the bare list items before that one: "deployment, monitoring: none" and
    # "prod side — rate limits, fallbacks — never came up", but not "deployed on k8s" in
    # "deployed on k8s, monitoring none".
    spans = sorted({(tokens.index_at(m.start()), tokens.index_before(m.end())) for _, m in terms})

    def separator(index: int) -> bool:
        return index < 0 or tokens.word(index) in _LIST_SEPARATORS

    after_negated: set[tuple[int, int]] = set()
    for cue in neg_after:
        weak = cue in weak_after
        reached = [span for span in spans if span[1] < cue
                   and reaches(span[1], cue, _WINDOW_AFTER)
                   and not (weak and "," in {tokens.word(i) for i in range(span[1], cue)})]
        if not reached:
            continue
        nearest = max(last for _, last in reached)
        group = [span for span in spans if span[1] == nearest or span[0] <= nearest <= span[1]]
        after_negated.update(group)
        head = min(first for first, _ in group)
        while not weak:
            before = [span for span in spans if span[1] < head]
            if not before:
                break
            last = max(end for _, end in before)
            gap = [tokens.word(i) for i in range(last + 1, head)]
            if not gap or not all(w in _LIST_SEPARATORS or w in _LIST_FILLERS for w in gap) \
                    or not any(w in _LIST_SEPARATORS for w in gap):
                break
            group = [span for span in before if span[1] == last]
            start = min(first for first, _ in group)
            # A bare item: at the start, after a separator, or after one modifier word.
            if not (separator(start - 1) or (start - 1 not in term_tokens
                                             and separator(start - 2))):
                break
            after_negated.update(group)
            head = start

    def coordinated(until: int, first: int) -> bool:
        """Whether a term is a further object of the negation that ended at `until`."""
        gap = range(until + 1, first)
        if not 0 <= until < first or len(gap) > _WINDOW_COORDINATION:
            return False
        if all(tokens.word(i) in _CHAIN_WORDS or i in term_tokens for i in gap):
            return True
        joints = [i for i in gap if tokens.word(i) in _COORDINATORS]
        if not joints or any(tokens.word(i) in _SCOPE_BREAKERS for i in gap):
            return False
        joint = joints[-1]
        after = [tokens.word(i) for i in range(joint + 1, first)]
        if tokens.word(joint) not in _OPEN_COORDINATORS and (not after
                                                             or after[0] not in _WH_WORDS):
            return False
        # At most a short tail after the first object ("monitoring for the model or ...").
        return joint - until <= 4 and all(w in _FILLERS or w in _COORDINATORS for w in after)

    def segment_end(index: int) -> int:
        """Last token of the stretch of words that starts after a token."""
        end = index
        while end + 1 < len(tokens.spans) and tokens.word(end + 1) not in _SEGMENT_ENDS:
            end += 1
        return end

    # "(position bias)" right after a negated term is read with it.
    parens = [i for i in range(len(tokens.spans)) if tokens.word(i) == "("]

    mentions: list[Mention] = []
    negated_until = -1  # last token of the latest negated term, for list chains
    governed_until = -1  # last token governed by a negated subordinate clause
    for name, m in sorted(terms, key=lambda item: item[1].start()):
        first = tokens.index_at(m.start())
        last = tokens.index_before(m.end())
        negated = any(cue < first and reaches(cue, first, window) for cue, window in neg_before)
        negated = negated or (first, last) in after_negated
        negated = negated or coordinated(negated_until, first) or first <= governed_until
        opened = max((p for p in parens if p < first), default=-1)
        if not negated and opened >= 0 and ")" not in {tokens.word(i)
                                                       for i in range(opened, first)}:
            negated = 0 <= opened - negated_until <= 3
        if negated:
            negated_until = max(negated_until, last)
            if _SUBORDINATE_TERM.match(m.group()):
                governed_until = max(governed_until, segment_end(last))
        hollowed = any(
            (end < first and reaches(end, first, _WINDOW_BEFORE + 2))
            or (start > last and reaches(last, start, _WINDOW_AFTER + 4))
            or start <= first <= end
            for start, end in hollow)
        # "deployment?" and "monitoring:" name a topic; the words after it are the answer.
        question_end = next((end for start, end in questions if start <= m.start() < end), None)
        if question_end is None and text[m.end():m.end() + 2].lstrip()[:1] in ("?", ":"):
            question_end = m.end()
        if question_end is None and len(text[:m.start()].split()) <= 2:
            header = _TOPIC_HEADER.match(text, m.end())
            question_end = header.end() if header else None
        asked = question_end is not None
        if asked and not negated:
            # The rest of the clause is the answer: any negation or evasion in it counts.
            answer = text[question_end:]
            negated = bool(_NEG_AFTER_PATTERN.search(answer) or _EVASION_PATTERN.search(answer)
                           or _HOLLOW_PATTERN.search(answer))
        if not negated and not hollowed and not asked:
            hollowed = any(start < m.start() and hollow_answer
                           for start, hollow_answer in answers)
        if negated:
            state = NEGATED
        elif hollowed:
            state = HOLLOW
        elif asked:
            # The interviewer's question names the topic; only the answer can speak for it.
            continue
        else:
            state = POSITIVE
        mentions.append(Mention(name, m.group(), state, clause, m.start()))
    return mentions


def _has_negative_cue(clause: Clause) -> bool:
    text = clause.text
    return bool(_NEG_BEFORE_PATTERN.search(text) or _NEG_AFTER_PATTERN.search(text)
                or _HOLLOW_PATTERN.search(text))


def _apply_contrast(readings: list[list[Mention]], clauses: list[Clause]) -> None:
    """Hollow a positive mention when the next clause takes it back.

    "mentioned monitoring but couldn't say what they'd alert on" takes back monitoring;
    "named four tools. could not explain what any of them did" takes back the tools.
    """
    for index in range(1, len(clauses)):
        clause, before = clauses[index], readings[index - 1]
        if clause.origin != clauses[index - 1].origin or not _has_negative_cue(clause):
            continue
        refers_back = not readings[index] and _HOLLOW_PATTERN.search(clause.text) \
            and _ANAPHORA.search(clause.text)
        if not clause.contrast and not refers_back:
            continue
        taken_back = {m.concept for m in readings[index] if m.state in (NEGATED, HOLLOW)}
        if not readings[index] or (clause.contrast and _VERDICT.match(clause.text)):
            taken_back = {m.concept for m in before}
        readings[index - 1] = [
            Mention(m.concept, m.term, HOLLOW, m.clause, m.start)
            if m.state == POSITIVE and m.concept in taken_back else m
            for m in before]


@dataclass(frozen=True)
class TextAnalysis:
    """The concepts a set of clauses speaks of, each with its overall reading."""

    clauses: tuple[Clause, ...]
    readings: Mapping[str, ConceptReading]

    def reading(self, concept: str) -> ConceptReading:
        return self.readings.get(concept, ConceptReading(ABSENT))


def analyse(texts: list[tuple[str, str]]) -> TextAnalysis:
    """Read (origin, text) pairs into concept readings; positive wins over a negation."""
    clauses: list[Clause] = []
    for origin, text in texts:
        clauses.extend(split_clauses(text, origin))
    per_clause = [_read_clause(clause) for clause in clauses]
    _apply_contrast(per_clause, clauses)
    grouped: dict[str, list[Mention]] = {}
    for mentions in per_clause:
        for mention in mentions:
            grouped.setdefault(mention.concept, []).append(mention)
    readings = {
        concept: ConceptReading(min((m.state for m in mentions), key=_STATE_RANK.__getitem__),
                                tuple(mentions))
        for concept, mentions in grouped.items()}
    return TextAnalysis(tuple(clauses), readings)

