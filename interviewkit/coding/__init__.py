"""Coding-round materials: read a problem folder, build the candidate pack, check a problem.

Plain Python (no Flask, no SQLAlchemy): the CLI and the web shell both call into it.
"""

from .checking import CheckResult, check_all, check_problem
from .materials import (
    Materials,
    PackSpec,
    coding_questions,
    find_materials,
    load_materials,
    materials_root,
)
from .packing import build_pack, pack_filename

__all__ = [
    "CheckResult", "Materials", "PackSpec", "build_pack", "check_all", "check_problem",
    "coding_questions", "find_materials", "load_materials", "materials_root", "pack_filename",
]
