"""Prompt for the email-drafting feature: render the system prompt with the user's thread,
and check a drafted email with assertions that survive rewording."""
import re

from tokenizer import count_tokens

MAX_PROMPT_TOKENS = 6000
MAX_OUTPUT_WORDS = 180
REQUIRED = ("agent_name", "company", "customer_name", "tone")

TEMPLATE = """You are {agent_name}, a customer support agent at {company}.
Write a reply to {customer_name} in a {tone} tone.
Use only facts that appear in the thread below. Address the customer by their first name.
Never invent names, order numbers, dates or amounts. Keep the reply under 180 words.
Sign with your first name only.

Conversation so far (oldest first):
{thread}

Write the reply now."""

PLACEHOLDER = re.compile(r"\{[A-Za-z_ ]+\}|\[[A-Z][A-Za-z ]*\]|<[A-Z_]{3,}>")
GREETING = re.compile(r"^\s*(?:hi|hello|dear|hey)\s+([A-Z][\w'-]*)", re.IGNORECASE)


class MissingVariable(ValueError):
    pass


class PromptTooLong(ValueError):
    pass


def format_thread(messages, omitted=0):
    parts = [f"[{omitted} earlier messages omitted]"] if omitted else []
    parts += [f"[{m['sent_at']}] {m['from']}:\n{m['body']}" for m in messages]
    return "\n\n".join(parts)


def _fill(variables, thread_text):
    values = {k: variables.get(k) for k in REQUIRED}
    missing = [k for k, v in values.items() if v is None or not str(v).strip()]
    if missing:
        raise MissingVariable(f"missing template variables: {', '.join(missing)}")
    # str.format fills the template only; braces inside values are left alone
    return TEMPLATE.format(**{k: str(v) for k, v in values.items()}, thread=thread_text)


def render_prompt(variables, thread, max_tokens=MAX_PROMPT_TOKENS):
    """Strict rendering; drops the OLDEST messages until the prompt fits. The newest message is
    never cut: if it cannot fit on its own, PromptTooLong is raised."""
    if not thread:
        raise ValueError("thread is empty")
    messages = list(thread)  # oldest first, as logged
    for dropped in range(len(messages)):
        prompt = _fill(variables, format_thread(messages[dropped:], omitted=dropped))
        if count_tokens(prompt) <= max_tokens:
            return prompt
    raise PromptTooLong(f"the newest message alone does not fit in {max_tokens} tokens")


def _allowed_names(case):
    names = {case["variables"]["customer_name"], case["variables"]["agent_name"]}
    names |= {m["from"] for m in case["thread"]}
    return {part.lower() for name in names for part in name.split()}


def check_output(output, case, max_words=MAX_OUTPUT_WORDS):
    """Problems with a drafted email, as readable strings; an empty list means it passes."""
    problems = []
    lowered = output.lower()
    for fact in case.get("required_facts", []):
        if fact.lower() not in lowered:
            problems.append(f"missing fact {fact!r}")
    for match in PLACEHOLDER.findall(output):
        problems.append(f"placeholder text {match!r}")
    words = len(output.split())
    if words > max_words:
        problems.append(f"{words} words, limit {max_words}")
    greeting = GREETING.match(output)
    if greeting and greeting.group(1).lower() not in _allowed_names(case):
        problems.append(f"greets {greeting.group(1)!r}, who is not in the thread")
    return problems
