"""Prompt for the email-drafting feature: render the system prompt with the user's thread."""
from tokenizer import count_tokens

MAX_PROMPT_TOKENS = 6000
MAX_OUTPUT_WORDS = 180

TEMPLATE = """You are {agent_name}, a customer support agent at {company}.
Write a reply to {customer_name} in a {tone} tone.
Use only facts that appear in the thread below. Address the customer by their first name.
Never invent names, order numbers, dates or amounts. Keep the reply under 180 words.
Sign with your first name only.

Conversation so far (oldest first):
{thread}

Write the reply now."""


def format_thread(messages):
    return "\n\n".join(f"[{m['sent_at']}] {m['from']}:\n{m['body']}" for m in messages)


def render_prompt(variables, thread, max_tokens=MAX_PROMPT_TOKENS):
    text = format_thread(thread)
    budget_chars = max_tokens * 4
    if len(text) > budget_chars:
        text = text[:budget_chars]
    prompt = TEMPLATE
    for key, value in {**variables, "thread": text}.items():
        prompt = prompt.replace("{" + key + "}", str(value))
    return prompt
