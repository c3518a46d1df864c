"""Ingest the intranet export into the retrieval index, idempotently.

    python ingest.py data/export

Per document: decode strictly, clean (HTML: drop nav, footer, header, scripts and cookie
banners; PDF text: rejoin words hyphenated across lines), split into sections by heading, and
chunk each section into windows of CHUNK_TOKENS with OVERLAP tokens. Chunks never cross a
section, and each carries its heading path.

Chunk id = hash(doc_id, heading path, chunk text). Re-ingesting an unchanged document produces
the same ids, so nothing is written; editing one section changes only that section's ids, so
only they are upserted and the old ones deleted. Documents whose cleaned content is identical
(the same page exported under two URLs) are indexed once, under the first URL in the manifest.
A document that cannot be read is reported with a reason and its existing chunks are left alone.
"""
import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from tokenizer import tokens
from vector_store import FakeVectorStore

CHUNK_TOKENS = 400
OVERLAP = 50
SKIP_TAGS = {"nav", "footer", "header", "script", "style", "noscript"}
BOILERPLATE_CLASSES = ("cookie", "banner", "breadcrumb")
HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
PDF_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\s+([A-Z].{0,80})$")


class _Sections(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # open tags, with a flag telling whether they start a skipped region
        self.skip = 0
        self.path = []
        self.heading_level = None
        self.heading_text = []
        self.sections = {}
        self.order = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").lower()
        skipped = tag in SKIP_TAGS or any(c in classes for c in BOILERPLATE_CLASSES)
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            return
        self.stack.append(skipped)
        self.skip += skipped
        if tag in HEADINGS and not self.skip:
            self.heading_level, self.heading_text = HEADINGS[tag], []

    def handle_endtag(self, tag):
        if tag in HEADINGS and self.heading_level is not None:
            title = " ".join("".join(self.heading_text).split())
            self.path = self.path[: self.heading_level - 1] + [title]
            self.heading_level = None
        if self.stack and tag not in ("br", "img", "meta", "link", "input", "hr"):
            self.skip -= self.stack.pop()

    def handle_data(self, data):
        if self.skip or self.lasttag == "title":
            return
        if self.heading_level is not None:
            self.heading_text.append(data)
            return
        if data.strip():
            key = tuple(self.path)
            if key not in self.sections:
                self.sections[key] = []
                self.order.append(key)
            self.sections[key].append(data.strip())


def html_sections(text):
    parser = _Sections()
    parser.feed(text)
    parser.close()
    return [(list(k), " ".join(" ".join(parser.sections[k]).split())) for k in parser.order]


def pdf_sections(text):
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # words broken across lines
    lines = [line.strip() for line in text.splitlines()]
    title = next((line for line in lines if line), "")
    path, sections, current = [title], {}, []
    order = []

    def flush():
        if current:
            key = tuple(path)
            if key not in sections:
                sections[key] = []
                order.append(key)
            sections[key].append(" ".join(current))
            current.clear()

    for line in lines[lines.index(title) + 1:] if title else lines:
        match = PDF_HEADING.match(line)
        if match:
            flush()
            level = match.group(1).count(".") + 1
            path = path[:level] + [match.group(2).strip()]
        elif line:
            current.append(line)
        else:
            flush()
    flush()
    return [(list(k), " ".join(" ".join(sections[k]).split())) for k in order]


def read_document(path):
    text = path.read_bytes().decode("utf-8")  # UnicodeDecodeError: reported by the caller
    if "\x00" in text or not text.strip():
        raise ValueError("empty or binary content")
    sections = html_sections(text) if path.suffix == ".html" else pdf_sections(text)
    sections = [(p, t) for p, t in sections if t]
    if not sections:
        raise ValueError("no text after cleaning")
    return sections


def chunk_section(text, size=CHUNK_TOKENS, overlap=OVERLAP):
    words = tokens(text)
    if len(words) <= size:
        return [" ".join(words)]
    step = size - overlap
    return [" ".join(words[i:i + size]) for i in range(0, len(words) - overlap, step)]


def chunk_id(doc_id, heading_path, text):
    key = "\x1f".join([doc_id, " > ".join(heading_path), text])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def content_hash(sections):
    normal = "\n".join(" > ".join(p).lower() + "\n" + t.lower() for p, t in sections)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def ingest(export_dir, store):
    export_dir = Path(export_dir)
    manifest = json.loads((export_dir / "manifest.json").read_text(encoding="utf-8"))
    report = {"upserted": 0, "deleted": 0, "unchanged": 0, "failed": {}, "duplicates": {}}
    seen = {}
    for entry in manifest["files"]:
        doc_id, path = entry["url"], export_dir / entry["path"]
        try:
            sections = read_document(path)
        except UnicodeDecodeError:
            report["failed"][entry["path"]] = "not valid UTF-8 (corrupt export?)"
            continue
        except (OSError, ValueError) as exc:
            report["failed"][entry["path"]] = str(exc)
            continue
        digest = content_hash(sections)
        if digest in seen:
            report["duplicates"][entry["path"]] = seen[digest]
            stale = store.list_ids(doc_id)  # it may have been indexed before we deduplicated
            store.delete(stale)
            report["deleted"] += len(stale)
            continue
        seen[digest] = doc_id
        records = {}
        for heading_path, text in sections:
            for i, piece in enumerate(chunk_section(text)):
                cid = chunk_id(doc_id, heading_path, piece)
                records[cid] = {"id": cid, "text": piece, "metadata": {
                    "doc_id": doc_id, "heading_path": heading_path, "chunk_index": i, "source": entry["path"]}}
        existing = set(store.list_ids(doc_id))
        new = [r for cid, r in records.items() if cid not in existing]
        gone = sorted(existing - set(records))
        if new:
            store.upsert(new)
        if gone:
            store.delete(gone)
        report["upserted"] += len(new)
        report["deleted"] += len(gone)
        report["unchanged"] += len(records) - len(new)
    return report


if __name__ == "__main__":
    print(json.dumps(ingest(sys.argv[1], FakeVectorStore()), indent=2))
