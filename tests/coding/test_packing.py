"""The candidate pack: the candidate's folder under the question id, never interviewer files."""

from __future__ import annotations

import io
import zipfile

import pytest

from interviewkit.coding import build_pack, load_materials
from interviewkit.coding.packing import PackError
from tests.coding.fixture import tiny_problem, write


def names(data: bytes) -> set[str]:
    return set(zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_pack_holds_candidate_files_under_the_question_id(tmp_path):
    data = build_pack(load_materials(tiny_problem(tmp_path)))
    assert names(data) == {"coding-tiny-mean/README.md", "coding-tiny-mean/stats.py",
                           "coding-tiny-mean/data/readings.csv",
                           "coding-tiny-mean/tests/test_stats.py"}


def test_pack_never_contains_interviewer_files_or_pack_yaml(tmp_path):
    folder = tiny_problem(tmp_path, generate=True)
    data = build_pack(load_materials(folder))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert not any("interviewer" in n or "hidden" in n or n.endswith(("pack.yaml", "generate.py"))
                   for n in archive.namelist())
    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"SECRET-ANSWER" not in everything
    assert b"if v is not None" not in everything  # the reference solution's fix


def test_generated_files_are_in_the_pack_and_the_same_every_time(tmp_path):
    materials = load_materials(tiny_problem(tmp_path, generate=True))
    first, second = build_pack(materials), build_pack(materials)
    assert "coding-tiny-mean/data/big.csv" in names(first)
    assert first == second
    assert not (materials.candidate / "data" / "big.csv").exists()  # never into the repo


def test_a_failing_generate_script_names_the_question(tmp_path):
    folder = tiny_problem(tmp_path, generate=True)
    write(folder / "generate.py", "raise SystemExit('no seed file')\n")
    with pytest.raises(PackError, match="coding-tiny-mean: generate.py exited 1"):
        build_pack(load_materials(folder))
