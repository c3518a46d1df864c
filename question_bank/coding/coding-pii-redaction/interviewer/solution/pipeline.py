"""Summarise a support ticket with the external LLM, with personal data removed (reference).

Fails closed: if redaction raises for any reason the ticket is not sent and a RedactionError
is raised. Logs carry sizes and counts only, never ticket text, the mapping or the summary.
"""
import logging

from redaction import redact, restore, unrestored

log = logging.getLogger("tickets")


class RedactionError(Exception):
    pass


def summarize_ticket(text, client):
    try:
        redacted, mapping = redact(text)
    except Exception as exc:
        log.error("redaction failed (%s); ticket not sent", type(exc).__name__)
        raise RedactionError("redaction failed; ticket not sent") from None
    log.info("sending ticket for summary: %d chars, %d placeholders", len(redacted), len(mapping))
    summary = client.summarize(redacted)
    missing = unrestored(summary, mapping)
    if missing:
        log.warning("summary lost %d placeholders; they stay redacted", len(missing))
    return restore(summary, mapping)
