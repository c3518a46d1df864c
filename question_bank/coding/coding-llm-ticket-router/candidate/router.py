"""Route a support ticket to a queue with the LLM (first version)."""

SYSTEM = "You route customer support tickets. Reply with the name of the right queue."


def route(text, client):
    answer = client.complete(SYSTEM, text)
    return {"queue": answer.strip().lower(), "path": "llm"}
