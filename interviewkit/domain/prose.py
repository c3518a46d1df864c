"""Question-bank text for reading: YAML keeps hard line breaks; pages want paragraphs and lists."""

from __future__ import annotations

import re

Block = tuple[str, str | list[str]]

_BULLET = re.compile(r"^[-*•]\s+")


def prose_blocks(text: str | None) -> list[Block]:
    """Split text into ("p", text) and ("ul", [items]) blocks.

    Blank lines separate paragraphs; a line starting with "- " starts a list item; any other
    line continues the paragraph or item before it, so wrapped source lines flow together.
    """
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        words: list[str] = []
        items: list[str] = []
        for line in (raw.strip() for raw in chunk.splitlines()):
            if not line:
                continue
            if _BULLET.match(line):
                if words:
                    blocks.append(("p", " ".join(words)))
                    words = []
                items.append(_BULLET.sub("", line))
            elif items:
                items[-1] += " " + line
            else:
                words.append(line)
        if words:
            blocks.append(("p", " ".join(words)))
        if items:
            blocks.append(("ul", items))
    return blocks


_TITLE_WORD = re.compile(r"^[A-Z][a-z]+(?:-[a-zA-Z]+)*$")


def in_sentence(name: str | None) -> str:
    """Write a display name for the middle of a sentence: "ML fundamentals", "mid-level".

    Only plain capitalised words lose their capital; acronyms and mixed-case names (ML, LLM,
    GenAI, A/B) stay as they are.
    """
    return " ".join(word.lower() if _TITLE_WORD.match(word) else word
                    for word in (name or "").split(" "))
