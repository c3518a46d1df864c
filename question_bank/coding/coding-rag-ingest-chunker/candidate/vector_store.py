"""In-memory fake of the vector store client (the real one embeds text on upsert)."""


class FakeVectorStore:
    def __init__(self):
        self.records = {}  # id -> {"id", "text", "metadata"}
        self.upserted = 0  # records written, over the store's lifetime
        self.deleted = 0  # records deleted, over the store's lifetime

    def upsert(self, records):
        for r in records:
            if not r.get("id") or "text" not in r:
                raise ValueError("each record needs an id and a text")
            self.records[r["id"]] = {"id": r["id"], "text": r["text"], "metadata": dict(r.get("metadata", {}))}
            self.upserted += 1

    def delete(self, ids):
        for i in ids:
            if self.records.pop(i, None) is not None:
                self.deleted += 1

    def list_ids(self, doc_id=None):
        """All ids, or the ids whose metadata["doc_id"] equals doc_id."""
        return sorted(i for i, r in self.records.items() if doc_id is None or r["metadata"].get("doc_id") == doc_id)

    def get(self, record_id):
        return self.records[record_id]
