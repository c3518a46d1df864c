"""Client for the model registry (a folder with registry.json and model files in this exercise)."""
import json
from pathlib import Path

import joblib


class RegistryError(Exception):
    pass


class Registry:
    def __init__(self, root):
        self.root = Path(root)

    def _model(self, name):
        data = json.loads((self.root / "registry.json").read_text())
        try:
            return data["models"][name]
        except KeyError:
            raise RegistryError(f"no model named {name!r}") from None

    def version_info(self, name, version):
        """{"version", "path", "trained_at", "training_data_end", "logged_metrics"}"""
        info = self._model(name)["versions"].get(version)
        if info is None:
            raise RegistryError(f"{name} has no version {version!r}")
        return {"version": version, **info}

    def production(self, name):
        return self.version_info(name, self._model(name)["production"])

    def candidate(self, name):
        return self.version_info(name, self._model(name)["candidate"])

    def load(self, name, version):
        """The fitted scikit-learn model; it predicts from a DataFrame with FEATURES columns."""
        path = self.root / self.version_info(name, version)["path"]
        if not path.exists():
            raise RegistryError(f"artifact {path} is missing")
        return joblib.load(path)


FEATURES = ["usage_trend", "support_tickets", "discount_share", "is_new_customer"]
