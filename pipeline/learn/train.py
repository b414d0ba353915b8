"""Training the stance model: labelled pairs -> features on the parse -> logistic regression.

Why this model: a linear classifier over parse features (the dependency path between the two
mentions, the lexicon cues on it, negation, modality, conditions, the words between) trains in
seconds on two cores, is a few MB of JSON weights, and stays inspectable — every claim it makes
names the features that pushed it there, and `coef` shows which features make a rejection.
Validation is grouped by negotiation (no case on both sides), and the probability threshold is the
lowest at which the stated stances of held-out negotiations are right at least `PRECISION` of the
time: a blank cell beats a wrong one. Fixed seed, data hash and versions are recorded in the file.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.learn.features import pair_features
from pipeline.learn.model import FORMAT
from pipeline.learn.pairs import LABELS, Pair
from pipeline.lexicon import Lexicon

PRECISION = 0.92  # stated stances right on held-out negotiations, at the chosen threshold
SEED = 20261203
C = 0.5  # regularisation for a case model whose bundled model records none (`choose_c` picks it)
FOLDS = 5


@dataclass
class Examples:
    features: list[dict[str, float]]
    labels: list[str]
    groups: list[str]
    weights: list[float]


def lexicon_digest(lexicon: Lexicon) -> str:
    """sha256 of the lexicon in force: the cues are features, so a changed lexicon means the
    model must be trained again (a test compares it with the bundled lexicon)."""
    import hashlib

    payload: dict[str, object] = {k: list(v) for k, v in sorted(lexicon.lists.items())}
    for k, v in lexicon.maps.items():
        payload[k] = {kk: list(vv) for kk, vv in sorted(v.items())}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def featurize(pairs: list[Pair], lexicon: Lexicon, weight: float = 1.0) -> Examples:
    """Parse each distinct text once and describe every pair in it."""
    from pipeline.nlp import model as spacy_model
    from pipeline.nlp.vocabulary import Vocabulary

    nlp = spacy_model.load()
    empty_aliases = pd.DataFrame({"alias": pd.Series([], dtype=str), "actor_id": []})
    empty_terms = pd.DataFrame({"demand_id": [], "term": pd.Series([], dtype=str), "polarity": []})
    vocab = Vocabulary(nlp, lexicon, empty_aliases, empty_terms)
    texts = list(dict.fromkeys(p.text for p in pairs))
    docs = dict(zip(texts, nlp.pipe(texts, batch_size=256), strict=True))
    out = Examples([], [], [], [])
    by_text: dict[str, list[Pair]] = {}
    for p in pairs:
        by_text.setdefault(p.text, []).append(p)
    speech = vocab.words["speech_verbs"]
    for text, group in by_text.items():
        doc = docs[text]
        cues = vocab.find(doc).cues
        actor_spans = {}
        for p in group:
            span = doc.char_span(*p.actor, alignment_mode="expand")
            if span is not None:
                actor_spans[p.actor] = span
        for p in group:
            a = actor_spans.get(p.actor)
            d = doc.char_span(*p.demand, alignment_mode="expand")
            if a is None or d is None:
                continue
            sent = a.root.sent
            others = [s for k, s in actor_spans.items() if k != p.actor]
            out.features.append(pair_features(sent, a, d, cues, others, speech))
            out.labels.append(p.stance)
            out.groups.append(p.case)
            out.weights.append(weight)
    return out


def _fit(ex: Examples, c: float, rows=None):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = range(len(ex.labels)) if rows is None else rows
    vec = DictVectorizer()
    x = vec.fit_transform([ex.features[i] for i in rows])
    clf = LogisticRegression(C=c, max_iter=3000, random_state=SEED)
    clf.fit(x, [ex.labels[i] for i in rows], sample_weight=[ex.weights[i] for i in rows])
    return vec, clf


def out_of_fold(ex: Examples, c: float) -> np.ndarray:
    """Probabilities of each example from a model that never saw its negotiation."""
    from sklearn.model_selection import GroupKFold

    proba = np.zeros((len(ex.labels), len(LABELS)))
    folds = GroupKFold(n_splits=min(FOLDS, len(set(ex.groups))))
    for train_rows, test_rows in folds.split(ex.features, ex.labels, ex.groups):
        vec, clf = _fit(ex, c, train_rows)
        p = clf.predict_proba(vec.transform([ex.features[i] for i in test_rows]))
        order = [list(clf.classes_).index(k) if k in clf.classes_ else None for k in LABELS]
        for j, k in enumerate(order):
            if k is not None:
                proba[test_rows, j] = p[:, k]
    return proba


def curve(proba: np.ndarray, labels: list[str]) -> list[dict]:
    """Per threshold: stated stances, of them right, and recall of the gold stated stances."""
    pred = np.array([LABELS[k] for k in proba.argmax(axis=1)])
    top = proba.max(axis=1)
    gold = np.array(labels)
    n_gold = int((gold != "none").sum())
    rows = []
    for t in np.round(np.arange(0.30, 0.99, 0.01), 2):
        said = (pred != "none") & (top >= t)
        right = said & (pred == gold)
        rows.append(
            {
                "threshold": float(t),
                "stated": int(said.sum()),
                "right": int(right.sum()),
                "precision": round(float(right.sum() / said.sum()), 4) if said.any() else 1.0,
                "recall": round(float(right.sum() / n_gold), 4) if n_gold else 0.0,
            }
        )
    return rows


def curve_of(said: list[tuple[float, bool]], n_gold: int) -> list[dict]:
    """Per threshold: (probability, right) stated stances at or above it, of them right."""
    rows = []
    for t in np.round(np.arange(0.30, 0.99, 0.01), 2):
        kept = [ok for p, ok in said if p >= t]
        right = sum(kept)
        rows.append(
            {
                "threshold": float(t),
                "stated": len(kept),
                "right": right,
                "precision": round(right / len(kept), 4) if kept else 1.0,
                "recall": round(right / n_gold, 4) if n_gold else 0.0,
            }
        )
    return rows


def choose_threshold(rows: list[dict], target: float = PRECISION, min_stated: int = 20) -> float:
    """The lowest threshold at which the stated stances (at least `min_stated`) are right at
    least `target` of the time; 1.01 (the model never speaks) when none is."""
    ok = [r for r in rows if r["stated"] >= min_stated and r["precision"] >= target]
    return float(ok[0]["threshold"]) if ok else 1.01


def choose_c(ex: Examples, grid=(0.1, 0.25, 0.5, 1.0)) -> tuple[float, dict[str, float]]:
    """The regularisation with the best held-out log-loss (grouped folds)."""
    scores = {}
    y = np.array([LABELS.index(k) for k in ex.labels])
    for c in grid:
        p = out_of_fold(ex, c)
        scores[str(c)] = round(float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-9, 1)).mean()), 4)
    best = min(grid, key=lambda c: scores[str(c)])
    return best, scores


def model_json(ex: Examples, c: float, threshold: float, trained_on: dict) -> dict:
    """The model fitted on every example, as the JSON document `load_model` reads."""
    import sklearn

    vec, clf = _fit(ex, c)
    order = [list(clf.classes_).index(k) for k in LABELS if k in clf.classes_]
    classes = [str(clf.classes_[k]) for k in order]
    coef = clf.coef_[order].T  # features x classes
    keep = np.abs(coef).max(axis=1) >= 1e-4
    names = [n for n, k in zip(vec.get_feature_names_out(), keep, strict=True) if k]
    return {
        "format": FORMAT,
        "classes": classes,
        "threshold": threshold,
        "intercept": [round(float(v), 5) for v in clf.intercept_[order]],
        "features": [str(n) for n in names],
        "coef": [[round(float(v), 5) for v in row] for row in coef[keep]],
        "trained_on": {
            **trained_on,
            "C": c,
            "seed": SEED,
            "examples": len(ex.labels),
            "per_label": {k: ex.labels.count(k) for k in LABELS},
            "negotiations": len(set(ex.groups)),
            "versions": {
                "python": platform.python_version(),
                "scikit-learn": sklearn.__version__,
                "numpy": np.__version__,
            },
        },
    }


def write_json(doc: dict, path: Path) -> None:
    """Written whole or not at all; stable formatting so a rebuild is byte-identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(doc, indent=None, separators=(",", ":"), sort_keys=False) + "\n")
    tmp.replace(path)
