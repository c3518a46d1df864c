"""Remove personal data from ticket text before it goes to the LLM provider."""
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
NUMBER = re.compile(r"\b\d{9,16}\b")  # phones, cards, ids


def redact(text):
    """Return (redacted_text, mapping) where mapping turns placeholders back into originals."""
    mapping = {}
    for kind, pattern in (("EMAIL", EMAIL), ("NUMBER", NUMBER)):
        for match in pattern.findall(text):
            placeholder = f"[{kind}]"
            mapping[placeholder] = match
            text = text.replace(match, placeholder)
    return text, mapping


def restore(text, mapping):
    for placeholder, original in mapping.items():
        text = text.replace(placeholder, original)
    return text
