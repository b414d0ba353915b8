"""The stance model at run time: JSON weights of a linear classifier, scored with numpy.

The file holds the classes, one weight row per feature, the intercepts, the probability threshold
chosen on validation, and what the model was trained on (data hash, seed, versions). Loading it
runs no code (no pickle) and needs neither scikit-learn nor a download. A raw folder's own model
(`<raw>/model/stance-model.json`, written by `stancemap train --raw`) takes the place of the
bundled one for builds of that folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from pipeline.errors import InputError, Problem

FORMAT = "stancemap-stance-model/1"
FILE_NAME = "stance-model.json"


@dataclass
class StanceModel:
    classes: tuple[str, ...]
    features: dict[str, int]
    coef: np.ndarray  # features x classes
    intercept: np.ndarray
    threshold: float
    meta: dict
    shown: str  # where it was read from, for the method note
    digest: str  # sha256 of the file: part of the extraction context
    _none: int = field(init=False)

    def __post_init__(self) -> None:
        self._none = self.classes.index("none")

    def proba(self, feats: dict[str, float]) -> np.ndarray:
        rows = [self.features[k] for k in feats if k in self.features]
        z = self.intercept + (self.coef[rows].sum(axis=0) if rows else 0.0)
        e = np.exp(z - z.max())
        return e / e.sum()

    def predict(self, feats: dict[str, float]) -> tuple[str, float, list[str]]:
        """(label, its probability, the features that pushed hardest towards it)."""
        p = self.proba(feats)
        k = int(p.argmax())
        return self.classes[k], float(p[k]), self.explain(feats, k)

    def explain(self, feats: dict[str, float], k: int) -> list[str]:
        """The (at most three) features with the largest positive weight for class `k`."""
        pushes = sorted(
            ((self.coef[self.features[f], k], f) for f in feats if f in self.features),
            reverse=True,
        )
        return [f for w, f in pushes[:3] if w > 0]


def bundled_path() -> Path:
    return Path(str(resources.files("pipeline.learn").joinpath(FILE_NAME)))


def case_path(raw: Path) -> Path:
    return raw / "model" / FILE_NAME


def load_model(path: Path, shown: str | None = None) -> StanceModel:
    """A model file, checked; a broken file is an input error naming it."""
    return parse_model(path.read_bytes(), shown or str(path))


def parse_model(data: bytes, shown: str) -> StanceModel:
    try:
        m = json.loads(data)
        if m.get("format") != FORMAT:
            raise ValueError(f"format is {m.get('format')!r}, expected {FORMAT!r}")
        classes = tuple(m["classes"])
        coef = np.asarray(m["coef"], dtype=float).reshape(len(m["features"]), len(classes))
        return StanceModel(
            classes,
            {f: i for i, f in enumerate(m["features"])},
            coef,
            np.asarray(m["intercept"], dtype=float),
            float(m["threshold"]),
            m.get("trained_on", {}),
            shown,
            hashlib.sha256(data).hexdigest(),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(Problem(shown, f"not a stance model file ({exc})")) from None


_CACHE: dict[tuple[Path, int, int], StanceModel] = {}


def model_for(raw: Path | None) -> StanceModel:
    """The raw folder's own model when it has one, else the bundled model (cached per process)."""
    own = case_path(raw) if raw is not None else None
    path = own if own is not None and own.is_file() else bundled_path()
    st = path.stat()
    key = (path.resolve(), st.st_mtime_ns, st.st_size)  # a retrained file is read again
    if key not in _CACHE:
        shown = str(own) if path == own else f"bundled ({FILE_NAME})"
        _CACHE[key] = load_model(path, shown)
    return _CACHE[key]


def model_label(model: StanceModel | None) -> str:
    """How a build names its model (build_info, the page's method note)."""
    if model is None:
        return "rules only (no stance model)"
    label = f"{model.shown}, sha256 {model.digest[:12]}"
    if model.threshold > 1.0:
        return (
            f"{label}; silent in extraction (no threshold met the required precision), its "
            "proposals go to the review worksheet"
        )
    return f"{label}; heard from probability {model.threshold:.2f}"


def rules_key(rules_only: bool) -> str:
    """What `--rules-only` adds to a build's fingerprint options (nothing by default)."""
    return ";rules_only" if rules_only else ""
