"""Inter-coder reliability: do analysts who coded the same documents code them alike, and how
often does each agree with the extractor?

Steps:
1. Each coding names its coder (the `coder` column); its document, actor (id or alias, counted
   for the top-level actor its claims in that document count for) and demand are resolved as
   for claims. One coder's codings of one
   cell (document, top-level actor, demand) that all agree give that stance; codings that
   disagree give `ambiguous`, as same-date claims do in the matrix.
2. Units: on each document that two or more coders coded, every cell that at least one of them
   coded. A coder who coded the document but not the cell gave it `no_position`; a coder who did
   not code the document gave it nothing (missing).
3. Krippendorff's alpha (nominal) over those units, overall and per demand, with the share of
   units on which all coders agree.
4. Each coder against extraction: of the cells that coder coded (every document), the share on
   which the extracted claims of the same document, top-level actor and demand (those in use and
   those a coding set aside) show the same stance (`no_position` when there are none; extracted
   claims that disagree are `ambiguous`).

Caveats: codings without a coder, and review rows decided `reject` (no stance), are left out.
Alpha is undefined (empty) when all the values are the same, or no unit has two values.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from pipeline.schema import STANCES
from pipeline.staging.codebook import actor_lookup, resolve_actor
from pipeline.validate import to_frame

UNIT = ["doc_id", "actor_id", "demand_id"]
CODE = {s: float(i) for i, s in enumerate(STANCES)}  # nominal: the numbers only name the stances


def _one_stance(stances: pd.Series) -> str:
    return stances.iloc[0] if stances.nunique() == 1 else "ambiguous"


def coder_cells(
    codings: pd.DataFrame,
    actors: pd.DataFrame,
    aliases: pd.DataFrame,
    demands: pd.DataFrame,
    claims: pd.DataFrame,
) -> pd.DataFrame:
    """coder, doc_id, actor_id (top-level), demand_id, stance: one row per coder and cell. The
    top-level actor of a member is the one its claims in that document count for (`claims`),
    else the codebook's."""
    cols = ["coder", *UNIT, "stance"]
    named = codings[codings["coder"].notna() & codings["coder"].astype(str).str.strip().ne("")]
    if "decision" in named.columns:
        named = named[named["decision"].ne("reject")]
    if named.empty:
        return pd.DataFrame(columns=cols)
    lookup = actor_lookup(actors, aliases)
    top = dict(zip(actors["actor_id"], actors["top_actor_id"], strict=True))
    top_in_doc = dict(
        zip(
            zip(claims["doc_id"], claims["actor_id"], strict=True),
            claims["top_actor_id"],
            strict=True,
        )
    )
    demand_ids = {d.lower(): d for d in demands["demand_id"]}
    docs = named["document"].astype(str).str.strip()
    members = named["actor"].map(lambda a: resolve_actor(a, lookup))
    actor = [
        top_in_doc.get((d, m), top.get(m)) if m is not None else None
        for d, m in zip(docs, members, strict=True)
    ]
    cells = pd.DataFrame(
        {
            "coder": named["coder"].astype(str).str.strip(),
            "doc_id": docs,
            "actor_id": actor,
            "demand_id": named["demand"].map(lambda d: demand_ids.get(d.strip().lower())),
            "stance": named["stance"],
        }
    ).dropna()
    if cells.empty:
        return pd.DataFrame(columns=cols)
    return cells.groupby(["coder", *UNIT], sort=True)["stance"].agg(_one_stance).reset_index()


def _alpha(matrix: np.ndarray) -> float | None:
    """Krippendorff's alpha, nominal level, from a coders x units matrix (NaN: not coded).

    Coincidences: in a unit with m >= 2 values, every ordered pair of values from different
    coders adds 1/(m-1) to o[c, k]; alpha = 1 - (n-1) * sum(o[c!=k]) / sum(n_c n_k, c!=k).
    None when fewer than two values are paired or all of them are the same (undefined)."""
    if matrix.size == 0:
        return None
    values = sorted({v for v in matrix.flatten().tolist() if not math.isnan(v)})
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in matrix.T:
        coded = [index[v] for v in unit.tolist() if not math.isnan(v)]
        m = len(coded)
        if m < 2:
            continue
        for a in range(m):
            for b in range(m):
                if a != b:
                    o[coded[a], coded[b]] += 1.0 / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    disagree = o.sum() - np.trace(o)
    expected = n_c.sum() ** 2 - (n_c**2).sum()
    if n < 2 or expected == 0:
        return None
    return float(1.0 - (n - 1) * disagree / expected)


def _row(scope: str, kind: str, n_docs: int, n_units: int, n_coders: int, alpha, n_agree: int):
    return {
        "scope": scope,
        "kind": kind,
        "n_documents": n_docs,
        "n_units": n_units,
        "n_coders": n_coders,
        "alpha": alpha,
        "n_agree": n_agree,
        "agreement": n_agree / n_units if n_units else 0.0,
    }


def _between_coders(cells: pd.DataFrame, demand_order: list[str]) -> list[dict]:
    coders_of = cells.groupby("doc_id")["coder"].nunique()
    shared = cells[cells["doc_id"].isin(coders_of[coders_of >= 2].index)]
    if shared.empty:
        return []
    coders = sorted(shared["coder"].unique())
    units = shared[UNIT].drop_duplicates().sort_values(UNIT).reset_index(drop=True)
    # who coded each document: they gave every unit of it a value, no_position by default
    on_doc = shared[["doc_id", "coder"]].drop_duplicates()
    grid = units.merge(on_doc, on="doc_id").merge(shared, on=["coder", *UNIT], how="left")
    grid["stance"] = grid["stance"].fillna("no_position")
    wide = grid.pivot_table(index=UNIT, columns="coder", values="stance", aggfunc="first")
    wide = wide.reindex(index=pd.MultiIndex.from_frame(units), columns=coders)
    codes = wide.apply(lambda col: col.map(CODE)).astype(float)
    agree = wide.apply(lambda r: r.dropna().nunique() == 1, axis=1)

    def scope_row(scope: str, kind: str, mask) -> dict:
        part = codes[mask]
        present = part.notna().any(axis=0)
        return _row(
            scope,
            kind,
            part.index.get_level_values("doc_id").nunique(),
            len(part),
            int(present.sum()),
            _alpha(part.loc[:, present].to_numpy().T),
            int(agree[mask].sum()),
        )

    demand_of = codes.index.get_level_values("demand_id")
    rows = [scope_row("overall", "overall", np.ones(len(codes), dtype=bool))]
    for demand in demand_order:
        mask = np.asarray(demand_of == demand)
        if mask.any():
            rows.append(scope_row(demand, "demand", mask))
    return rows


def _against_extraction(cells: pd.DataFrame, extracted: pd.DataFrame) -> list[dict]:
    found = (
        extracted.rename(columns={"actor_id": "member_id", "top_actor_id": "actor_id"})
        .groupby(UNIT)["stance"]
        .agg(_one_stance)
        .rename("extracted")
        .reset_index()
    )
    both = cells.merge(found, on=UNIT, how="left")
    both["extracted"] = both["extracted"].fillna("no_position")
    rows = []
    for coder, g in both.groupby("coder", sort=True):
        rows.append(
            _row(
                f"coder:{coder} vs extraction",
                "coder",
                g["doc_id"].nunique(),
                len(g),
                1,
                None,
                int((g["stance"] == g["extracted"]).sum()),
            )
        )
    return rows


def reliability(
    codings: pd.DataFrame,
    actors: pd.DataFrame,
    aliases: pd.DataFrame,
    demands: pd.DataFrame,
    claims: pd.DataFrame,
    claims_overridden: pd.DataFrame,
) -> pd.DataFrame:
    """The `reliability` table: overall, per demand (codebook order), then each coder against
    extraction (by name). No rows without named coders."""
    every = pd.concat([claims, claims_overridden], ignore_index=True)[
        ["doc_id", "actor_id", "top_actor_id", "demand_id", "stance", "origin"]
    ]
    cells = coder_cells(codings, actors, aliases, demands, every)
    if cells.empty:
        return to_frame([], "reliability")
    order = list(demands.sort_values("position")["demand_id"])
    extracted = every[every["origin"] == "extracted"]
    rows = _between_coders(cells, order) + _against_extraction(cells, extracted)
    return to_frame(rows, "reliability")
