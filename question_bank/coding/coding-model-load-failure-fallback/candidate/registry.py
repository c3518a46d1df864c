"""A stand-in for the model registry client: files on disk plus a manifest of checksums.

The real client has the same three methods. The manifest's sha256 is what the uploader
computed; the stored bytes are whatever actually landed in the bucket.
"""

import json
from dataclasses import dataclass
from pathlib import Path


class ArtifactNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Artifact:
    name: str
    version: int
    data: bytes
    sha256: str  # the checksum the uploader recorded, not computed from `data`


class FileRegistry:
    def __init__(self, root="registry"):
        self.root = Path(root)

    def _manifest(self):
        return json.loads((self.root / "manifest.json").read_text())

    def get_current_version(self, name):
        return self._manifest()[name]["current"]

    def get_previous_version(self, name, before=None):
        """Return the newest version older than `before` (default: the current one), or None."""
        entry = self._manifest()[name]
        before = entry["current"] if before is None else before
        older = [int(v) for v in entry["versions"] if int(v) < before]
        return max(older) if older else None

    def get_artifact(self, name, version):
        entry = self._manifest()[name]["versions"].get(str(version))
        path = self.root / name / str(version) / "model.pkl"
        if entry is None or not path.exists():
            raise ArtifactNotFound(f"{name}@{version}")
        return Artifact(name, version, path.read_bytes(), entry["sha256"])
