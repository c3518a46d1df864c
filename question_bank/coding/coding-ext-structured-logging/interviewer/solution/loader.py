"""Load the recommendations model without ever crashing: pinned, previous, then a rule.

Each failed attempt keeps a short reason code (artifact_missing, checksum_mismatch,
unpickle_failed, registry_unavailable) for metrics and logs; the text is for humans.
"""

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


class LoadError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class PopularItems:
    """The documented rule-based default: the same best sellers for everyone."""

    def __init__(self, items):
        self.items = list(items)

    def recommend(self, user_id, k=5):
        return self.items[:k]


@dataclass(frozen=True)
class Failure:
    source: str  # "recs@8"
    code: str  # a reason code from the list above
    detail: str


@dataclass
class Loaded:
    model: object
    source: str  # "recs@8", or "popular_items" for the rule
    failures: list[Failure] = field(default_factory=list)

    @property
    def is_fallback(self) -> bool:
        return self.source == "popular_items"

    @property
    def attempts(self) -> list[str]:
        return [f"{f.source}: {f.code}: {f.detail}" for f in self.failures]


def load_version(registry, name: str, version: int):
    """Return the unpickled model or raise LoadError saying what is wrong."""
    try:
        artifact = registry.get_artifact(name, version)
    except ArtifactNotFound as error:
        raise LoadError("artifact_missing", f"no artifact for {error}") from error
    actual = hashlib.sha256(artifact.data).hexdigest()
    if actual != artifact.sha256:
        raise LoadError("checksum_mismatch", f"sha256 {actual[:12]}..., manifest says "
                                             f"{artifact.sha256[:12]}...")
    try:
        return pickle.loads(artifact.data)
    except Exception as error:  # a truncated pickle raises several kinds
        raise LoadError("unpickle_failed", f"{type(error).__name__}") from error


def load_active(registry, name: str, popular_path: Path = POPULAR_ITEMS) -> Loaded:
    """Try the current version, then older ones, then the rule; never raise."""
    failures: list[Failure] = []
    try:
        version = registry.get_current_version(name)
    except Exception as error:
        failures.append(Failure(name, "registry_unavailable", type(error).__name__))
        version = None
    while version is not None:
        try:
            return Loaded(load_version(registry, name, version), f"{name}@{version}", failures)
        except LoadError as error:
            failures.append(Failure(f"{name}@{version}", error.code, str(error)))
        try:
            version = registry.get_previous_version(name, before=version)
        except Exception as error:
            failures.append(Failure(name, "registry_unavailable", type(error).__name__))
            version = None
    return Loaded(PopularItems(json.loads(Path(popular_path).read_text())), "popular_items",
                  failures)
