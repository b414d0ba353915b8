"""Measure the extractor against analyst codings used as gold (`make eval`).

For every raw folder under the corpus: stage it with its codings, withhold them, extract, and
compare. Claim level: an extracted claim is right when a gold claim of the same document, top-level
actor, demand and stance overlaps its passage (precision); a gold claim is found when such an
extracted claim exists (recall). Cell level: the matrix resolved from extraction alone against the
matrix resolved from the codings alone, every top-level actor x demand of every folder, with the
four stance classes. Usage: python -m pipeline.evaluate [--corpus data/eval] [--errors]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.build import raw_lexicon, run_staging
from pipeline.core.claims import combine_claims
from pipeline.core.coded import coded_from
from pipeline.errors import Collector
from pipeline.learn.model import StanceModel, bundled_path, load_model, model_for
from pipeline.marts.stances import resolve_stances, stance_history
from pipeline.nlp.extract import Extractor, extract_claims, raisers_of
from pipeline.schema import EVIDENCE_STANCES, STANCES
from pipeline.validate import to_frame


@dataclass
class Scores:
    claims: pd.DataFrame  # per stance: n_pred, n_gold, tp_pred, tp_gold, precision, recall, f1
    cells: pd.DataFrame  # per stance: precision, recall, f1, support
    confusion: pd.DataFrame  # gold stance (rows) x extracted stance (columns)
    cell_errors: pd.DataFrame
    macro_f1_cells: float
    macro_f1_cells_evidence: float
    micro_f1_claims: float
    stated: tuple[int, int]  # extracted clear cells (supports/rejects), of them right
    clear_cells: tuple[int, int]  # cells whose gold is not ambiguous, of them right
    non_raisers: tuple[int, int]  # gold positions of actors that did not raise the demand, found
    found: tuple[int, int] = (0, 0)  # gold supports/rejects cells, of them extracted right


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _matches(a: dict, others: list[dict]) -> bool:
    return any(
        o["doc_id"] == a["doc_id"]
        and o["top_actor_id"] == a["top_actor_id"]
        and o["demand_id"] == a["demand_id"]
        and o["stance"] == a["stance"]
        and o["start"] < a["end"]
        and a["start"] < o["end"]
        for o in others
    )


def folder_results(
    raw: Path,
    rules_only: bool = False,
    stance_model: StanceModel | None = None,
    with_raisers: bool = True,
) -> tuple[list[dict], list[dict], pd.DataFrame, pd.DataFrame]:
    """(gold claims, extracted claims, gold cells, extracted cells) of one raw folder; the stance
    model (`stance_model`, else the folder's own or the bundled one) speaks where the rules are
    silent, unless `rules_only`."""
    lexicon = raw_lexicon(raw)
    f = run_staging(raw, lexicon)
    problems = Collector()
    gold = coded_from(f, str(raw), problems)
    problems.raise_if_any()
    extractor = Extractor(
        lexicon,
        f["actors"],
        f["actor_aliases"],
        f["demand_terms"],
        f.get("memberships"),
        None if rules_only else stance_model or model_for(raw),
        raisers_of(f["demands"]) if with_raisers else None,
    )
    extracted = extract_claims(f["documents"], f["sentences"], extractor)
    cells = []
    raisers = {
        (a.strip(), d)
        for d, r in zip(f["demands"]["demand_id"], f["demands"]["raised_by"], strict=True)
        if isinstance(r, str)
        for a in r.split(",")
    }
    for claims, origin in ((gold, "coded"), (extracted, "extracted")):
        frame = (
            combine_claims([dict(c) for c in claims])[0]
            if origin == "coded"
            else combine_claims([], to_frame(claims, "claims"))[0]  # as a build resolves them
        )
        c = resolve_stances(f["actors"], f["demands"], frame, stance_history(frame))
        c["raiser"] = [
            (a, d) in raisers for a, d in zip(c["actor_id"], c["demand_id"], strict=True)
        ]
        cells.append(c)
    return gold, extracted, cells[0], cells[1]


def score(
    corpus: Path,
    rules_only: bool = False,
    with_raisers: bool = True,
    stance_model: StanceModel | None = None,
) -> Scores:
    rows, gold_cells, pred_cells = [], [], []
    for raw in sorted(p for p in corpus.iterdir() if (p / "codebook").is_dir()):
        gold, pred, g_cells, p_cells = folder_results(raw, rules_only, stance_model, with_raisers)
        for stance in EVIDENCE_STANCES:
            g = [c for c in gold if c["stance"] == stance]
            p = [c for c in pred if c["stance"] == stance]
            rows.append(
                {
                    "stance": stance,
                    "n_gold": len(g),
                    "n_pred": len(p),
                    "tp_gold": sum(_matches(c, pred) for c in g),
                    "tp_pred": sum(_matches(c, gold) for c in p),
                }
            )
        g_cells["folder"] = p_cells["folder"] = raw.name
        gold_cells.append(g_cells)
        pred_cells.append(p_cells)
    per = pd.DataFrame(rows).groupby("stance", sort=False).sum().reindex(list(EVIDENCE_STANCES))
    per["precision"] = (per["tp_pred"] / per["n_pred"]).fillna(0.0)
    per["recall"] = (per["tp_gold"] / per["n_gold"]).fillna(0.0)
    per["f1"] = [_f1(p, r) for p, r in zip(per["precision"], per["recall"], strict=True)]
    tot = per[["n_gold", "n_pred", "tp_gold", "tp_pred"]].sum()
    micro = _f1(tot["tp_pred"] / max(tot["n_pred"], 1), tot["tp_gold"] / max(tot["n_gold"], 1))

    g = pd.concat(gold_cells, ignore_index=True)
    p = pd.concat(pred_cells, ignore_index=True)
    both = g.merge(
        p.drop(columns=["raiser"]),
        on=["folder", "actor_id", "demand_id"],
        suffixes=("_gold", "_pred"),
    )
    right = both["stance_gold"] == both["stance_pred"]
    clear_pred = both["stance_pred"].isin(["supports", "rejects"])
    clear_gold = both["stance_gold"] != "ambiguous"
    stated_gold = both["stance_gold"].isin(["supports", "rejects"])
    outsider = ~both["raiser"] & (both["stance_gold"] != "no_position")
    counts = {
        "stated": (int(clear_pred.sum()), int((clear_pred & right).sum())),
        "clear_cells": (int(clear_gold.sum()), int((clear_gold & right).sum())),
        "non_raisers": (int(outsider.sum()), int((outsider & right).sum())),
        "found": (int(stated_gold.sum()), int((stated_gold & right).sum())),
    }
    confusion = pd.crosstab(
        pd.Categorical(both["stance_gold"], categories=STANCES),
        pd.Categorical(both["stance_pred"], categories=STANCES),
        rownames=["gold"],
        colnames=["extracted"],
        dropna=False,
    )
    cell_rows = []
    for stance in STANCES:
        tp = int(confusion.loc[stance, stance])
        n_pred, n_gold = int(confusion[stance].sum()), int(confusion.loc[stance].sum())
        prec, rec = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
        cell_rows.append(
            {
                "stance": stance,
                "precision": prec,
                "recall": rec,
                "f1": _f1(prec, rec),
                "support": n_gold,
            }
        )
    cells = pd.DataFrame(cell_rows).set_index("stance")
    errors = both[both["stance_gold"] != both["stance_pred"]][
        ["folder", "actor_id", "demand_id", "stance_gold", "stance_pred"]
    ]
    return Scores(
        per,
        cells,
        confusion,
        errors.reset_index(drop=True),
        float(cells["f1"].mean()),
        float(cells.loc[list(EVIDENCE_STANCES), "f1"].mean()),
        micro,
        **counts,
    )


def _share(n: int, k: int) -> str:
    return f"{k / n:.3f}" if n else "n/a"


def _claim_precision(s: Scores) -> tuple[int, int]:
    return int(s.claims["n_pred"].sum()), int(s.claims["tp_pred"].sum())


def report(s: Scores, show_errors: bool) -> str:
    fmt = {"precision": "{:.2f}".format, "recall": "{:.2f}".format, "f1": "{:.2f}".format}
    out = [
        "Claim level (extracted vs coded passages):",
        s.claims.to_string(formatters=fmt),
        f"  micro-F1 over all claims: {s.micro_f1_claims:.3f}",
        "",
        "Cell level (actor x demand matrix):",
        s.cells.to_string(formatters=fmt),
        f"  macro-F1, four classes: {s.macro_f1_cells:.3f}",
        f"  macro-F1, supports/rejects/ambiguous: {s.macro_f1_cells_evidence:.3f}",
        "",
        "Confusion (rows gold, columns extracted):",
        s.confusion.to_string(),
        "",
        "Measures of the real-news table:",
        f"  claim precision (all stances): {_share(*_claim_precision(s))}",
        f"  stated positions found and right (gold supports/rejects cells): "
        f"{s.found[1]} of {s.found[0]} ({_share(*s.found)})",
        f"  positions stated that are right (extracted supports/rejects cells): "
        f"{s.stated[1]} of {s.stated[0]} ({_share(*s.stated)})",
        f"  clear cells right (gold not ambiguous): {s.clear_cells[1]} of {s.clear_cells[0]} "
        f"({_share(*s.clear_cells)})",
        f"  positions of actors that did not raise the demand, found and right: "
        f"{s.non_raisers[1]} of {s.non_raisers[0]} ({_share(*s.non_raisers)})",
    ]
    if show_errors and len(s.cell_errors):
        out += ["", "Cells that differ:", s.cell_errors.to_string(index=False)]
    return "\n".join(out)


def worksheet_reach(corpus: Path, stance_model: StanceModel | None = None) -> dict[str, int]:
    """How far the review worksheet reaches, codings withheld: of the gold cells with a stated
    position, how many get any worksheet row (a claim or a candidate) and how many get a row
    whose stance (extracted or proposed) is the gold one."""
    import shutil
    import tempfile

    from pipeline.build import run_stages
    from pipeline.review.worksheet import worksheet

    out = {"gold_cells": 0, "named": 0, "right": 0, "rows": 0}
    for raw in sorted(p for p in corpus.iterdir() if (p / "codebook").is_dir()):
        gold_f = run_staging(raw, raw_lexicon(raw))
        problems = Collector()
        gold = coded_from(gold_f, str(raw), problems)
        problems.raise_if_any()
        cells: dict[tuple[str, str], set[str]] = {}
        for g in gold:
            cells.setdefault((g["top_actor_id"], g["demand_id"]), set()).add(g["stance"])
        with tempfile.TemporaryDirectory() as tmp:
            bare = Path(tmp) / raw.name
            shutil.copytree(raw, bare, ignore=shutil.ignore_patterns("codings"))
            f = run_stages(bare)
            frame = worksheet(f, raw_lexicon(bare), stance_model or model_for(bare))
        top = dict(zip(f["actors"]["actor_id"], f["actors"]["top_actor_id"], strict=True))
        rows: dict[tuple[str, str], set[str]] = {}
        for a, d, st in zip(frame["actor"], frame["demand"], frame["stance"], strict=True):
            rows.setdefault((top.get(a, a), d), set()).add(st)
        out["rows"] += len(frame)
        out["gold_cells"] += len(cells)
        out["named"] += sum(cell in rows for cell in cells)
        out["right"] += sum(
            bool(stances & rows.get(cell, set())) for cell, stances in cells.items()
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m pipeline.evaluate", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument(
        "--corpus", default="data/eval", help="folder of raw folders (default: %(default)s)"
    )
    ap.add_argument("--errors", action="store_true", help="list the cells that differ")
    ap.add_argument(
        "--worksheet",
        action="store_true",
        help="also measure the review worksheet's reach (gold cells it names, and proposes right)",
    )
    ap.add_argument(
        "--rules-only", action="store_true", help="the rules alone (the stance model silent)"
    )
    ap.add_argument(
        "--no-raiser",
        action="store_true",
        help="without the raiser rule (a demand's raiser supports it)",
    )
    ap.add_argument(
        "--model",
        type=Path,
        help="a stance model file to use (default: each folder's own, else the bundled one)",
    )
    ap.add_argument(
        "--threshold", type=float, help="with or without --model: the probability it speaks from"
    )
    args = ap.parse_args(argv)
    model = None
    if args.model or args.threshold is not None:
        path = args.model or bundled_path()
        model = load_model(path)
        if args.threshold is not None:
            model.threshold = args.threshold
    s = score(Path(args.corpus), args.rules_only, not args.no_raiser, model)
    print(report(s, args.errors))
    if args.worksheet:
        r = worksheet_reach(Path(args.corpus), model)
        print(
            f"\nReview worksheet (codings withheld), {r['rows']} rows:\n"
            f"  gold cells named by a row: {r['named']} of {r['gold_cells']} "
            f"({_share(r['gold_cells'], r['named'])})\n"
            f"  gold cells with a row of the gold stance (extracted or proposed): {r['right']} of "
            f"{r['gold_cells']} ({_share(r['gold_cells'], r['right'])})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
