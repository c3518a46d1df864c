"""The flag engine's package layout: layered modules, no import circle with the rubrics."""

from __future__ import annotations

import ast
from pathlib import Path

import interviewkit.domain.flags as flags
from interviewkit.domain import catalog, rubric

PACKAGE = Path(flags.__file__).resolve().parent
# Each module may import only the ones before it.
LAYERS = ("lexicon", "reading", "input", "rules", "engine")


def imported_modules(path: Path) -> set[str]:
    """Return the relative module names a source file imports ('.reading', '..rubric')."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_package_has_one_module_per_layer():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert set(LAYERS) <= modules


def test_no_flag_module_imports_the_rubric_module():
    for path in PACKAGE.glob("*.py"):
        imports = imported_modules(path)
        assert "..rubric" not in imports, path.name
        assert not any(name.endswith("domain.rubric") for name in imports), path.name


def test_each_layer_imports_only_the_layers_before_it():
    for index, name in enumerate(LAYERS):
        later = {"." + other for other in LAYERS[index + 1:]}
        assert not imported_modules(PACKAGE / f"{name}.py") & later, name


def test_rating_points_and_severity_order_are_the_catalogues():
    assert flags.RATING_POINTS is catalog.RATING_POINTS
    assert rubric.RATING_POINTS is catalog.RATING_POINTS
    assert flags.SEVERITY_ORDER is catalog.SEVERITY_ORDER
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned = {target.id for node in ast.walk(tree)
                    if isinstance(node, (ast.Assign, ast.AnnAssign))
                    for target in (node.targets if isinstance(node, ast.Assign)
                                   else [node.target])
                    if isinstance(target, ast.Name)}
        assert not assigned & {"RATING_POINTS", "SEVERITY_ORDER", "SEVERITY_RANK"}, path.name


def test_names_callers_import_stay_importable_from_the_package():
    for name in ("RaisedFlag", "ScorecardInput", "ScorecardError", "raise_flags",
                 "validate_scorecard", "parse_scorecard", "analyse", "split_clauses",
                 "RULE_KINDS", "FlagRule", "RuleScope", "RuleSite", "build_flag_rule",
                 "dotted", "POSITIVE", "HOLLOW", "NEGATED", "_has_negative_cue"):
        assert hasattr(flags, name), name
