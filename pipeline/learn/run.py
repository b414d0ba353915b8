"""`make train` and `stancemap train --raw DIR`: the bundled model from the committed pairs, or a
case's own model from the bundled pairs plus what the case's analysts decided."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Collector, InputError, Problem
from pipeline.learn import train
from pipeline.learn.decisions import decision_pairs, write_pairs
from pipeline.learn.model import bundled_path, case_path, load_model, parse_model
from pipeline.learn.pairs import LABELS, Pair, data_files, data_hash, read_pairs
from pipeline.learn.silence import rules_claims
from pipeline.lexicon import load_lexicon

BASE_DATA = Path(__file__).resolve().parent / "corpus"  # the committed labelled pairs
DEV_CORPUS = Path("data/eval")  # raw folders with gold codings (the project's dev corpus)
CASE_WEIGHT = 15.0  # an analyst's decision on the case outweighs a bundled example


def base_pairs(folder: Path) -> tuple[list[Pair], list[Path]]:
    files = data_files(folder)
    if not files:
        raise InputError(Problem(str(folder), "no *.jsonl training files"))
    problems = Collector()
    pairs = [p for path in files for p in read_pairs(path, problems)]
    problems.raise_if_any()
    return pairs, files


def train_base(
    folder: Path = BASE_DATA, out: Path | None = None, dev: Path | None = DEV_CORPUS
) -> dict:
    """Fit on the pairs under `folder` that the rules leave undecided (the model is heard only
    there). Regularisation from grouped cross-validation; the threshold is the higher of two,
    each the lowest at which stated stances are right at least `train.PRECISION` of the time: on
    held-out negotiations of the pairs, and on the model's own claims in extraction over the
    `dev` corpus (raw folders with gold codings, where the pairs are as the extractor meets them).
    """
    lexicon = load_lexicon()
    pairs, files = base_pairs(folder)
    spoken = rules_claims(pairs, lexicon)
    left = [p for i, p in enumerate(pairs) if i not in spoken]
    ex = train.featurize(left, lexicon)
    c, losses = train.choose_c(ex)
    rows = train.curve(train.out_of_fold(ex, c), ex.labels)
    validation: dict = {
        "split": f"grouped by negotiation, {train.FOLDS} folds",
        "log_loss_by_C": losses,
        "target_precision": train.PRECISION,
        "held_out_threshold": train.choose_threshold(rows),
        "rules_on_pairs": _rules_figures(pairs, spoken),
        "held_out_curve": rows[::5],
    }
    trained_on = {
        "data": [f.relative_to(folder.parent).as_posix() for f in files],
        "data_sha256": data_hash(files),
        "lexicon_sha256": train.lexicon_digest(lexicon),
        "validation": validation,
    }
    doc = train.model_json(ex, c, validation["held_out_threshold"], trained_on)
    threshold = validation["held_out_threshold"]
    if dev is not None and dev.is_dir():
        dev_rows = dev_curve(doc, dev)
        validation["dev_corpus"] = dev.as_posix()
        validation["dev_threshold"] = train.choose_threshold(dev_rows, min_stated=10)
        validation["dev_curve"] = dev_rows[::5]
        threshold = max(threshold, validation["dev_threshold"])
    doc["threshold"] = threshold
    validation["threshold"] = threshold
    validation["held_out_at_threshold"] = _at(rows, threshold)
    if "dev_threshold" in validation:
        validation["dev_at_threshold"] = _at(dev_rows, threshold)
    train.write_json(doc, out or bundled_path())
    return doc


def _rules_figures(pairs: list[Pair], spoken: dict[int, str]) -> dict:
    """How the rules do on the labelled pairs; the model learns from the pairs they leave."""
    right = sum(pairs[i].stance == s for i, s in spoken.items())
    stated = sum(p.stance != "none" for p in pairs)
    return {
        "pairs": len(pairs),
        "rules_claims": len(spoken),
        "rules_right": right,
        "rules_precision": round(right / len(spoken), 4) if spoken else 1.0,
        "rules_recall": round(right / stated, 4) if stated else 0.0,
        "left_to_the_model": len(pairs) - len(spoken),
    }


def _at(rows: list[dict], threshold: float) -> dict:
    return next(
        (r for r in rows if r["threshold"] == threshold),
        {"threshold": threshold, "stated": 0, "right": 0, "precision": 1.0, "recall": 0.0},
    )


def dev_curve(doc: dict, corpus: Path) -> list[dict]:
    """Stated stances of the model's own claims over `corpus` per threshold, judged right when
    the gold codes that document, top-level actor and demand with the same stance."""
    import json as _json

    from pipeline.evaluate import folder_results

    model = parse_model(_json.dumps({**doc, "threshold": 0.3}).encode(), "candidate")
    said: list[tuple[float, bool]] = []
    n_gold = 0
    for raw in sorted(p for p in corpus.iterdir() if (p / "codebook").is_dir()):
        gold, pred, _, _ = folder_results(raw, stance_model=model)
        stance = {(g["doc_id"], g["top_actor_id"], g["demand_id"]): g["stance"] for g in gold}
        n_gold += len(stance)
        for c in pred:
            if c["rule"] == "model":
                key = (c["doc_id"], c["top_actor_id"], c["demand_id"])
                said.append((float(c["confidence"]), stance.get(key) == c["stance"]))
    return train.curve_of(said, n_gold)


@dataclass
class CaseTraining:
    path: Path | None  # the model written, None when there was nothing to learn from
    codings: int
    pairs: dict[str, int]  # examples per label taken from the case
    unmatched: int


def train_case(raw: Path, folder: Path = BASE_DATA) -> CaseTraining:
    """The bundled pairs plus the case's decisions -> `<raw>/model/`. Regularisation and
    threshold are the bundled model's (chosen on held-out negotiations); a case has too few
    examples to choose its own. Without codings nothing is written."""
    from pipeline.build import raw_lexicon, run_staging
    from pipeline.core.coded import coded_from

    lexicon = raw_lexicon(raw)
    f = run_staging(raw, lexicon)
    problems = Collector()
    coded = coded_from(f, str(raw), problems)
    problems.raise_if_any()
    harvest = decision_pairs(f, coded, raw.resolve().name, lexicon)
    counts = {k: sum(p.stance == k for p in harvest.pairs) for k in LABELS}
    if not harvest.pairs:
        return CaseTraining(None, harvest.codings, counts, harvest.unmatched)
    base = load_model(bundled_path())
    pairs, files = base_pairs(folder)
    ex = train.featurize(pairs, lexicon)
    mine = train.featurize(harvest.pairs, lexicon, CASE_WEIGHT)
    for name in ("features", "labels", "groups", "weights"):
        getattr(ex, name).extend(getattr(mine, name))
    out = case_path(raw)
    write_pairs(harvest.pairs, out.with_name("pairs.jsonl"))
    c = float(base.meta.get("C", train.C))
    doc = train.model_json(
        ex,
        c,
        base.threshold,
        {
            "data": [f.as_posix() for f in files],
            "data_sha256": data_hash(files),
            "lexicon_sha256": train.lexicon_digest(lexicon),
            "case": str(raw),
            "case_pairs": counts,
            "case_weight": CASE_WEIGHT,
            "case_codings": harvest.codings,
            "case_codings_unmatched": harvest.unmatched,
            "threshold_from": "the bundled model",
        },
    )
    train.write_json(doc, out)
    return CaseTraining(out, harvest.codings, counts, harvest.unmatched)
