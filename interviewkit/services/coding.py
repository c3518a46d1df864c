"""Coding-round materials for the web: who may download a pack, and the packs themselves."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from ..coding import Materials, build_pack, load_materials, materials_root
from ..domain.problems import ContentError
from ..models import LoopRound, User

PACK_ROLES = ("interviewer", "hiring_manager", "admin")


def can_download_pack(loop_round: LoopRound, user: User) -> bool:
    """Return whether a user may take a round's candidate pack: whoever may see its kit.

    That is an interviewer on the round's panel of a published loop, the loop's hiring
    manager, or an admin.
    """
    loop = loop_round.loop
    if user.role == "admin":
        return True
    if user.role == "hiring_manager" and loop.owner_id == user.id:
        return True
    assigned = any(person.id == user.id for person in loop_round.interviewers)
    return (assigned and user.role in ("interviewer", "hiring_manager")
            and loop.published_at is not None)


def round_question_ids(loop_round: LoopRound) -> list[str]:
    return [lq.question_id for lq in loop_round.questions]


def find(bank_dir: str | Path, question_id: str) -> Materials | None:
    """Return a coding question's materials, or None when it has none (or they are broken)."""
    folder = materials_root(bank_dir) / question_id
    if "/" in question_id or question_id.startswith(".") or not (folder / "pack.yaml").is_file():
        return None
    try:
        return load_materials(folder)
    except ContentError:
        return None


class PackCache:
    """Keep built packs while their materials are unchanged: generate.py can take a second."""

    def __init__(self, size: int = 16):
        self.size = size
        self._packs: dict[Path, tuple[str, bytes]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def fingerprint(materials: Materials) -> str:
        digest = hashlib.sha256()
        for path in sorted(materials.folder.rglob("*")):
            if path.is_file() and "interviewer" not in path.relative_to(materials.folder).parts:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest()

    def get(self, materials: Materials) -> bytes:
        key, fingerprint = materials.folder, self.fingerprint(materials)
        with self._lock:
            cached = self._packs.get(key)
        if cached and cached[0] == fingerprint:
            return cached[1]
        data = build_pack(materials)
        with self._lock:
            if len(self._packs) >= self.size:
                self._packs.pop(next(iter(self._packs)))
            self._packs[key] = (fingerprint, data)
        return data


packs = PackCache()
