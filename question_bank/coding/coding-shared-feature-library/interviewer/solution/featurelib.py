"""Shared feature library (reference solution).

A feature is a plain function of ONE entity's events strictly before the as-of time:
    fn(events: DataFrame) -> value
The library owns the as-of filtering, so training and serving run the same function on the
same kind of input:
- training: for every (entity, as_of) row of a spine, the entity's events with
  event_time < as_of;
- serving: the entity's recent events with event_time < now.
Registration records name, version, entity, owner, freshness, default and a definition hash
(the function's source plus its metadata). Registering the same (name, version) again with a
different definition raises FeatureConflictError; the same definition again is a no-op, so
re-importing a module is safe. A changed definition needs a new version; models pin
(name, version).
"""
import hashlib
import inspect
import logging
import textwrap
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

log = logging.getLogger("featurelib")


class FeatureConflictError(ValueError):
    pass


# --- Given in the starter, kept as they were ----------------------------------------------------

@dataclass(frozen=True)
class FeatureDef:
    """One registered feature: what `Registry.get(name, version)` can return."""
    name: str
    version: int
    entity: str
    owner: str
    freshness: str
    default: object
    fn: object = field(compare=False, repr=False)
    definition_hash: str = ""


def definition_hash(fn, **metadata):
    """A short hash of a function's source code (decorator lines left out) and its metadata.

    The same function defined twice (a module imported twice) gives the same hash; any change
    to its body, or to the metadata you pass, gives a different one.
    """
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):  # no source, e.g. built in a REPL: fall back to the bytecode
        source = repr(fn.__code__.co_code) + repr(fn.__code__.co_consts)
    source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("@"))
    meta = "|".join(f"{key}={metadata[key]!r}" for key in sorted(metadata))
    return hashlib.sha256(f"{meta}|{source}".encode()).hexdigest()[:16]


# --- The registry -----------------------------------------------------------------------------

class Registry:
    def __init__(self):
        self._features = {}
        self.serving_errors = Counter()

    def feature(self, name, version, entity, owner, freshness, default=None):
        def register(fn):
            new = FeatureDef(name, int(version), entity, owner, freshness, default, fn,
                             definition_hash(fn, entity=entity, default=default))
            old = self._features.get((name, new.version))
            if old is not None and old.definition_hash != new.definition_hash:
                raise FeatureConflictError(
                    f"feature {name} v{version} is already registered by {old.owner} with a different "
                    f"definition; register it as a new version instead")
            self._features.setdefault((name, new.version), new)
            return fn
        return register

    def get(self, name, version=None):
        versions = sorted(v for (n, v) in self._features if n == name)
        if not versions:
            raise KeyError(f"unknown feature {name!r}")
        if version is None:
            version = versions[-1]
        try:
            return self._features[(name, int(version))]
        except KeyError:
            raise KeyError(f"feature {name!r} has no version {version}; known: {versions}") from None

    def _resolve(self, features):
        out = []
        for f in features:
            name, version = (f, None) if isinstance(f, str) else f
            out.append(self.get(name, version))
        return out

    def training_frame(self, spine, events, features, time_col="event_time"):
        """spine: rows of (entity, as_of). Returns spine + one column per feature."""
        defs = self._resolve(features)
        events = events.copy()
        events[time_col] = pd.to_datetime(events[time_col])
        out = spine.copy()
        as_of = pd.to_datetime(out["as_of"])
        for d in defs:
            groups = dict(tuple(events.groupby(d.entity)))
            values = []
            for entity_id, t in zip(out[d.entity], as_of):
                g = groups.get(entity_id, events.iloc[0:0])
                values.append(d.fn(g[g[time_col] < t]))
            out[d.name] = values
        return out

    def serve(self, entity_id, events, now, features, time_col="event_time"):
        """events: this entity's recent events (DataFrame or list of dicts)."""
        defs = self._resolve(features)
        frame = pd.DataFrame(events) if not isinstance(events, pd.DataFrame) else events.copy()
        if frame.empty:
            frame = pd.DataFrame(columns=[time_col])
        frame[time_col] = pd.to_datetime(frame[time_col])
        frame = frame[frame[time_col] < pd.to_datetime(now)]
        values, errors = {}, {}
        for d in defs:
            own = frame[frame[d.entity] == entity_id] if d.entity in frame.columns else frame
            try:
                values[d.name] = d.fn(own)
            except Exception as exc:  # one broken feature must not fail the request
                self.serving_errors[d.name] += 1
                errors[d.name] = f"{type(exc).__name__}: {exc}"
                values[d.name] = d.default
                log.warning("feature %s v%s failed for %s; served default", d.name, d.version, entity_id)
        return {"values": values, "errors": errors}


registry = Registry()
