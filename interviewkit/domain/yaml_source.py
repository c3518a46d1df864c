"""Parse YAML into plain Python values while remembering where each value sits."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path as FilePath
from typing import Any

import yaml

from .problems import ContentError, Problem

Path = tuple[Any, ...]

# Limits that keep a hostile or broken file from exhausting memory or the stack. The shipped
# files are far inside them (largest ~100 KB, no aliases, nesting depth < 10).
MAX_SOURCE_BYTES = 1024 * 1024   # one content file
MAX_ALIASES = 50                 # *alias references in one file
MAX_DEPTH = 40                   # nested mappings and lists
MAX_VALUES = 200_000             # values after expanding aliases (stops "billion laughs")


def read_source(path: str | FilePath, name: str | None = None) -> str:
    """Read one content file as UTF-8 text; raise ContentError (file:line) when it is too
    large or not UTF-8, instead of a traceback."""
    path = FilePath(path)
    file = name or str(path)
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise ContentError([Problem(file, 1, "(file)",
                                    f"file is {size:,} bytes; the limit is "
                                    f"{MAX_SOURCE_BYTES:,}")])
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ContentError([Problem(file, line, "(encoding)",
                                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                                    f"{exc.start}); save the file as UTF-8")]) from exc


@dataclass
class SourceDocument:
    """A parsed YAML document and the 1-based line of every value by its path."""

    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """Return the line of a path, or of its nearest known parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: Path, field_name: str, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), field_name, message)


def _check_limits(text: str, file: str) -> None:
    """Scan the event stream (no recursion, nothing built) for size, depth and alias abuse."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        raise ContentError([Problem(file, 1, "(file)",
                                    f"larger than the limit of {MAX_SOURCE_BYTES:,} bytes")])
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_FAST_LOADER):
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError([Problem(file, line, "(syntax)",
                                            f"nested more than {MAX_DEPTH} levels deep")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise ContentError([Problem(file, line, "(syntax)",
                                            f"more than {MAX_ALIASES} aliases (*name) in "
                                            "one file")])


class _Budget:
    def __init__(self) -> None:
        self.values = 0
        self.open: set[int] = set()


def parse_yaml(text: str, file: str) -> SourceDocument:
    """Parse one YAML document; raise ContentError naming the file and line on bad syntax,
    on a file too large or too deep, on too many or recursive aliases.

    The bank and the rubrics are parsed again on every import, lint and rubric version read,
    and most files have not changed since the last time: parses are kept by (text, file), and
    each caller gets its own copy of the lists and dicts, so nothing it changes reaches the
    next caller. Errors are not kept; a bad file is parsed again and reported again.
    """
    cached = _parse_cached(text, file)
    return SourceDocument(file=cached.file, data=_copy_data(cached.data),
                          lines=dict(cached.lines))


def _copy_data(value: Any) -> Any:
    """Copy the containers of parsed YAML (scalars are immutable); far cheaper than deepcopy."""
    if isinstance(value, dict):
        return {key: _copy_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_data(item) for item in value]
    return value


@lru_cache(maxsize=256)
def _parse_cached(text: str, file: str) -> SourceDocument:
    try:
        _check_limits(text, file)
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError([Problem(file, line, "(syntax)", f"invalid YAML: {problem}")]) from exc
    doc = SourceDocument(file=file, data=None)
    if node is None:
        doc.lines[()] = 1
        return doc
    try:
        doc.data = _build(node, (), doc.lines, _Budget())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError([Problem(file, line, "(syntax)", f"invalid YAML: {problem}")]) \
            from exc
    return doc


def _build(node: yaml.Node, path: Path, lines: dict[Path, int], budget: _Budget) -> Any:
    lines[path] = node.start_mark.line + 1
    budget.values += 1
    if budget.values > MAX_VALUES:
        raise yaml.constructor.ConstructorError(
            None, None, f"expands to more than {MAX_VALUES:,} values (aliases inside aliases?)",
            node.start_mark)
    if isinstance(node, yaml.CollectionNode):
        if id(node) in budget.open:
            raise yaml.constructor.ConstructorError(
                None, None, "recursive alias: a value contains itself", node.start_mark)
        budget.open.add(id(node))
        try:
            return _build_collection(node, path, lines, budget)
        finally:
            budget.open.discard(id(node))
    return _scalar(node)


def _build_collection(node: yaml.CollectionNode, path: Path, lines: dict[Path, int],
                      budget: _Budget) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            result[key] = _build(value_node, path + (key,), lines, budget)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    return [_build(item, path + (i,), lines, budget) for i, item in enumerate(node.value)]


def _scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise yaml.constructor.ConstructorError(
            None, None, "expected a plain value here", node.start_mark)
    return _SCALAR_LOADER.construct_object(node, deep=True)


# libyaml's C parser when present: ten times faster on a large bank, same marks.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A SafeLoader used only for its scalar constructors (ints, bools, dates, strings).
_SCALAR_LOADER = yaml.SafeLoader("")
