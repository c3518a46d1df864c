"""Load the recommendations model without ever crashing: pinned, previous, then a rule."""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from registry import ArtifactNotFound

log = logging.getLogger("recs.loader")
POPULAR_ITEMS = Path("data/popular_items.json")
# Counted per process and exported as a metric; an alert fires when fallbacks climb.
LOAD_OUTCOMES: dict[str, int] = {}


class PopularItems:
    """The documented rule-based default: the same best sellers for everyone."""

    def __init__(self, items):
        self.items = list(items)

    def recommend(self, user_id, k=5):
        return self.items[:k]


@dataclass
class Loaded:
    model: object
    source: str  # "recs@8", or "popular_items" for the rule
    attempts: list[str] = field(default_factory=list)

    @property
    def is_fallback(self) -> bool:
        return self.source == "popular_items"


def _count(outcome: str) -> None:
    LOAD_OUTCOMES[outcome] = LOAD_OUTCOMES.get(outcome, 0) + 1


def load_version(registry, name: str, version: int):
    """Return the unpickled model or raise ValueError/ArtifactNotFound saying what is wrong."""
    artifact = registry.get_artifact(name, version)
    actual = hashlib.sha256(artifact.data).hexdigest()
    if actual != artifact.sha256:
        raise ValueError(f"checksum mismatch for {name}@{version}")
    try:
        return pickle.loads(artifact.data)
    except Exception as error:  # a truncated pickle raises several kinds
        raise ValueError(f"cannot unpickle {name}@{version}: {error!r}") from error


def load_active(registry, name: str, popular_path: Path = POPULAR_ITEMS) -> Loaded:
    """Try the current version, then older ones, then the rule; never raise."""
    attempts: list[str] = []
    try:
        version = registry.get_current_version(name)
    except Exception as error:
        attempts.append(f"current version unknown: {error!r}")
        version = None
    while version is not None:
        try:
            model = load_version(registry, name, version)
            source = f"{name}@{version}"
            _count("pinned" if not attempts else "previous")
            if attempts:
                log.warning("serving %s after: %s", source, "; ".join(attempts))
            return Loaded(model, source, attempts)
        except (ArtifactNotFound, ValueError) as error:
            attempts.append(f"{name}@{version}: {error}")
        try:
            version = registry.get_previous_version(name, before=version)
        except Exception as error:
            attempts.append(f"previous version unknown: {error!r}")
            version = None
    _count("popular_items")
    log.error("no model version loads; serving popular items. %s", "; ".join(attempts))
    return Loaded(PopularItems(json.loads(Path(popular_path).read_text())), "popular_items",
                  attempts)
