"""Remove personal data from ticket text before it goes to the LLM provider (reference).

Placeholders are typed and numbered per ticket in order of appearance: [EMAIL_1], [PHONE_2],
[CARD_1], [NATIONAL_ID_1]. The same value twice gets the same placeholder. Detection is pattern
plus validation: a card must pass the Luhn check (so a 16-digit order number survives), phones
follow the US/UK/German/French numbering plans, national ids are US SSNs and UK NI numbers.
Nothing here logs; callers must not log the mapping.
"""
import re

_NOT_BEFORE = r"(?<![\w+@.-])"
_NOT_AFTER = r"(?![\w@-])"

PATTERNS = [
    ("EMAIL", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")),
    ("CARD", re.compile(_NOT_BEFORE + r"\d(?:[ -]?\d){12,18}" + r"(?!\d)")),
    ("NATIONAL_ID", re.compile(_NOT_BEFORE + r"(?:\d{3}-\d{2}-\d{4}"
                               r"|[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D])" + _NOT_AFTER)),
    ("PHONE", re.compile(_NOT_BEFORE + "(?:" + "|".join([
        r"(?:\+1[ -]?)?(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}",           # US
        r"(?:\+44 ?|0)(?:\d{2} ?\d{4} ?\d{4}|\d{4} ?\d{6}|\d{3} ?\d{3} ?\d{4})",  # UK
        r"(?:\+49 ?|0)\d{2,4}[ /-]?\d{6,8}",                                  # Germany
        r"(?:\+33 ?|0)[1-9](?:[ .]?\d{2}){4}",                                # France
        r"\b\d{10}\b",                                                        # bare 10 digits
    ]) + ")" + r"(?!\d)")),
]
PLACEHOLDER = re.compile(r"\[(EMAIL|PHONE|CARD|NATIONAL_ID)_(\d+)\]")


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _valid(kind, value):
    if kind == "CARD":
        digits = re.sub(r"\D", "", value)
        return 13 <= len(digits) <= 19 and luhn_ok(digits)
    return True


def redact(text):
    if not isinstance(text, str):
        raise TypeError(f"ticket text must be str, got {type(text).__name__}")
    spans = []  # (start, end, kind)
    taken = [False] * len(text)
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]) or not _valid(kind, m.group()):
                continue
            spans.append((m.start(), m.end(), kind))
            for i in range(m.start(), m.end()):
                taken[i] = True
    spans.sort()
    counters, by_value, mapping, out, pos = {}, {}, {}, [], 0
    for start, end, kind in spans:
        value = text[start:end]
        placeholder = by_value.get((kind, value))
        if placeholder is None:
            counters[kind] = counters.get(kind, 0) + 1
            placeholder = f"[{kind}_{counters[kind]}]"
            by_value[(kind, value)] = placeholder
            mapping[placeholder] = value
        out.append(text[pos:start])
        out.append(placeholder)
        pos = end
    out.append(text[pos:])
    return "".join(out), mapping


def restore(text, mapping):
    """Put originals back for intact placeholders. Placeholders the model mangled (e.g.
    "phone 2") cannot be restored safely and are left as they are; `unrestored` finds them."""
    return PLACEHOLDER.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)


def unrestored(text, mapping):
    """Placeholders in `mapping` that do not appear intact in `text` (the model rewrote them)."""
    return [p for p in mapping if p not in text]
