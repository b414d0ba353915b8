"""Resolve claims into one stance per top-level actor and demand, keeping the dated history.

Rules, in order: only claims in use count (a coding outranks extraction for its document, actor
and demand: outranked claims are not in `claims`); a member's claim counts for the actor it is
part of; claims of the same date that agree give that stance, claims of the same date that
disagree give `ambiguous`; the latest date with evidence decides; no evidence gives
`no_position`. Set-based: one groupby per question.
"""

from __future__ import annotations

import pandas as pd

from pipeline.validate import to_frame

CELL = ["actor_id", "demand_id"]


def _used(claims: pd.DataFrame) -> pd.DataFrame:
    return claims.drop(columns=["actor_id"]).rename(columns={"top_actor_id": "actor_id"})


def stance_history(claims: pd.DataFrame) -> pd.DataFrame:
    used = _used(claims)
    if used.empty:
        return to_frame([], "stance_history")
    g = used.groupby(CELL + ["published"], sort=True)
    history = g.agg(
        n_stances=("stance", "nunique"),
        stance=("stance", "first"),
        n_claims=("claim_id", "size"),
        doc_ids=("doc_id", lambda d: ",".join(sorted(set(d)))),
    ).reset_index()
    history.loc[history["n_stances"] > 1, "stance"] = "ambiguous"
    return history.drop(columns=["n_stances"])


def resolve_stances(
    actors: pd.DataFrame, demands: pd.DataFrame, claims: pd.DataFrame, history: pd.DataFrame
) -> pd.DataFrame:
    top = actors.loc[actors["part_of"].isna()].sort_values("position")
    grid = pd.MultiIndex.from_product(
        [top["actor_id"], demands.sort_values("position")["demand_id"]], names=CELL
    ).to_frame(index=False)
    used = _used(claims)
    if used.empty:
        cells = grid.assign(
            stance="no_position",
            n_claims=0,
            n_documents=0,
            as_of=pd.NaT,
            extracted_only=False,
            conflicted=False,
            changed=False,
        )
        return to_frame(cells.to_dict("records"), "stances")
    last = history.sort_values("published").groupby(CELL, sort=False).tail(1)
    last = last[CELL + ["published", "stance"]].rename(columns={"published": "as_of"})
    changed = history.groupby(CELL)["stance"].nunique().gt(1).rename("changed")
    counts = (
        used.assign(extracted=used["origin"].eq("extracted"))
        .groupby(CELL)
        .agg(
            n_claims=("claim_id", "size"),
            n_documents=("doc_id", "nunique"),
            extracted_only=("extracted", "all"),
        )
    )
    on_last = used.merge(last[CELL + ["as_of"]], on=CELL)
    conflicted = (
        on_last.loc[on_last["published"] == on_last["as_of"]]
        .groupby(CELL)["stance"]
        .nunique()
        .gt(1)
        .rename("conflicted")
    )
    cells = (
        grid.merge(last, on=CELL, how="left")
        .merge(counts.reset_index(), on=CELL, how="left")
        .merge(changed.reset_index(), on=CELL, how="left")
        .merge(conflicted.reset_index(), on=CELL, how="left")
    )
    cells["stance"] = cells["stance"].fillna("no_position")
    for col in ("n_claims", "n_documents"):
        cells[col] = cells[col].fillna(0).astype("int64")
    for col in ("extracted_only", "changed", "conflicted"):
        cells[col] = cells[col].astype("boolean").fillna(False).astype(bool)
    return cells[
        [
            "actor_id",
            "demand_id",
            "stance",
            "n_claims",
            "n_documents",
            "as_of",
            "extracted_only",
            "conflicted",
            "changed",
        ]
    ]
