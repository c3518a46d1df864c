"""Ingest the intranet export into the retrieval index.

    python ingest.py data/export
"""
import json
import re
import sys
import uuid
from pathlib import Path

from vector_store import FakeVectorStore

CHUNK_CHARS = 1000


def read_text(path):
    raw = path.read_bytes().decode("utf-8")
    if path.suffix == ".html":
        raw = re.sub(r"<[^>]+>", " ", raw)
    return re.sub(r"\s+", " ", raw).strip()


def ingest(export_dir, store):
    export_dir = Path(export_dir)
    manifest = json.loads((export_dir / "manifest.json").read_text())
    written = 0
    for entry in manifest["files"]:
        text = read_text(export_dir / entry["path"])
        for start in range(0, len(text), CHUNK_CHARS):
            store.upsert([{"id": str(uuid.uuid4()), "text": text[start:start + CHUNK_CHARS],
                           "metadata": {"doc_id": entry["url"]}}])
            written += 1
    return {"upserted": written}


if __name__ == "__main__":
    print(ingest(sys.argv[1], FakeVectorStore()))
