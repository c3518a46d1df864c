"""Read PDFs back for assertions: text per page, normalised, and page sizes."""

from __future__ import annotations

import io
import unicodedata

import pypdf


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def flat(text: str) -> str:
    """Return text with every run of whitespace made one space, in NFC."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_texts(data: bytes) -> list[str]:
    return [flat(page.extract_text() or "") for page in reader(data).pages]


def all_text(data: bytes) -> str:
    return " ".join(page_texts(data))


def page_sizes(data: bytes) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in reader(data).pages}
