"""Build the zip a candidate gets: candidate/ (plus generated files), never interviewer/."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from .materials import Materials, shipped_files
from .runner import TIMEOUT_SECONDS, run

# Fixed timestamps: the same materials always give the same bytes.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


class PackError(RuntimeError):
    """Raised when a pack cannot be built; the message names the question and the cause."""


def copy_candidate(materials: Materials, target: Path, python: str | None = None,
                   timeout: float = TIMEOUT_SECONDS) -> None:
    """Copy candidate/ into target and run generate.py into it when pack.yaml declares it."""
    if not materials.candidate.is_dir():
        raise PackError(f"{materials.question}: candidate/ is missing")
    target.mkdir(parents=True, exist_ok=True)
    for relative in shipped_files(materials.candidate):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(materials.candidate / relative, destination)
    if materials.spec.generate:
        script = materials.generate_script
        if not script.is_file():
            raise PackError(f"{materials.question}: pack.yaml says generate: true "
                            "but generate.py is missing")
        result = run([str(script), str(target)], cwd=materials.folder, python=python,
                     timeout=timeout)
        if result.returncode != 0:
            cause = "timed out" if result.timed_out else f"exited {result.returncode}"
            raise PackError(f"{materials.question}: generate.py {cause}\n{result.tail()}")


def overlay(source: Path, target: Path, under: str = "") -> None:
    """Copy every shipped file of source over target (into target/under)."""
    for relative in shipped_files(source):
        destination = target / under / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)


def zip_folder(folder: Path, top: str) -> bytes:
    """Return a zip of folder's shipped files under a single top folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in shipped_files(folder):
            info = zipfile.ZipInfo(f"{top}/{relative.as_posix()}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / relative).read_bytes())
    return buffer.getvalue()


def build_pack(materials: Materials, python: str | None = None,
               timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Return the candidate pack as zip bytes, top folder named after the question id."""
    with tempfile.TemporaryDirectory(prefix="interviewkit-pack-") as scratch:
        target = Path(scratch) / materials.question
        copy_candidate(materials, target, python=python, timeout=timeout)
        return zip_folder(target, materials.question)


def pack_filename(question_id: str) -> str:
    return f"{question_id}.zip"
