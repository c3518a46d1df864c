"""Render an answer key's Markdown subset as safe HTML: headings, lists, code, paragraphs."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*]|\d+[.)])\s+(.*)$")
_INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*")


def _inline(text: str) -> str:
    out, last = [], 0
    for match in _INLINE.finditer(text):
        out.append(str(escape(text[last:match.start()])))
        if match.group(1) is not None:
            out.append(f"<code>{escape(match.group(1))}</code>")
        else:
            out.append(f"<strong>{_inline(match.group(2))}</strong>")
        last = match.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


def render_markdown(text: str) -> Markup:
    """Return HTML for the Markdown the answer keys use; everything else is escaped text."""
    html: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    code: list[str] | None = None

    def flush() -> None:
        if paragraph:
            html.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            html.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in (text or "").splitlines():
        if code is not None:
            if line.strip().startswith("```"):
                html.append(f"<pre><code>{escape(chr(10).join(code))}</code></pre>")
                code = None
            else:
                code.append(line)
            continue
        if line.strip().startswith("```"):
            flush()
            code = []
        elif not line.strip():
            flush()
        elif heading := _HEADING.match(line):
            flush()
            level = min(len(heading.group(1)) + 3, 6)  # the kit's own headings stop at h4
            html.append(f"<h{level} class=\"h6\">{_inline(heading.group(2))}</h{level}>")
        elif bullet := _BULLET.match(line):
            if paragraph:
                flush()
            items.append(bullet.group(1).strip())
        elif items:
            items[-1] += " " + line.strip()
        else:
            paragraph.append(line.strip())
    if code is not None:
        html.append(f"<pre><code>{escape(chr(10).join(code))}</code></pre>")
    flush()
    return Markup("".join(html))
