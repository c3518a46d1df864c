"""Route a support ticket to one of the 9 queues (reference solution).

One entry point, `route(text, client)`, returns {"queue", "path", "reason"}:
- path "llm": the model's answer mapped to a queue id (exact id, or a known alias);
- path "abstain": the model said it is unsure -> queue "triage";
- path "rules": the model failed (timeout, provider error) or answered something that is not
  a queue -> the keyword rules decide.
Unknown answers are never turned into new queues.
"""
import json
import logging
import re
from pathlib import Path

from fake_llm import LLMError, LLMTimeout
from rules import rules_route

log = logging.getLogger("router")
QUEUES = json.loads((Path(__file__).parent / "data" / "queues.json").read_text())
QUEUE_IDS = {q["id"] for q in QUEUES}
TRIAGE = "triage"
ABSTAIN_ANSWERS = {"unsure", "unknown", "i don't know", "i do not know", "not sure", "none"}


def _key(s):
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


ALIASES = {_key(q["name"]): q["id"] for q in QUEUES}
ALIASES.update({_key(q["id"].replace("_", " ")): q["id"] for q in QUEUES})
ALIASES.update({"refund": "refunds", "return": "returns", "fraud": "fraud_report", "security": "fraud_report",
                "tech_support": "technical_support", "delivery": "shipping", "login": "account_access"})

SYSTEM = (
    "You route customer support tickets to exactly one queue.\n"
    "Queues (id: description):\n"
    + "\n".join(f"- {q['id']}: {q['description']}" for q in QUEUES)
    + "\nAnswer with the queue id only, exactly as written above. "
    "If you cannot tell with confidence, answer UNSURE."
)


def map_answer(answer):
    """Queue id, TRIAGE for an abstention, or None when the answer is not a queue."""
    cleaned = answer.strip().strip("'\"`.").strip()
    if cleaned.lower() in ABSTAIN_ANSWERS:
        return TRIAGE
    key = _key(cleaned)
    if key in QUEUE_IDS:
        return key
    return ALIASES.get(key)


def route(text, client, timeout=5.0):
    try:
        answer = client.complete(SYSTEM, text, timeout=timeout)
    except LLMTimeout:
        return {"queue": rules_route(text), "path": "rules", "reason": "llm timeout"}
    except LLMError as exc:
        return {"queue": rules_route(text), "path": "rules", "reason": f"llm error: {exc}"}
    mapped = map_answer(answer)
    if mapped == TRIAGE:
        return {"queue": TRIAGE, "path": "abstain", "reason": "model unsure"}
    if mapped is None:
        log.info("unmapped llm answer (%d chars); using rules", len(answer))
        return {"queue": rules_route(text), "path": "rules", "reason": "unmapped llm answer"}
    return {"queue": mapped, "path": "llm", "reason": "llm"}
