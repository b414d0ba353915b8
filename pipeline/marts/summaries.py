"""Summaries of the matrix that a reader asks for first: which demands are contested, which have
consensus, and how often two actors agree."""
from __future__ import annotations

from itertools import combinations

import pandas as pd

from pipeline.validate import to_frame

POSITIONS = ("supports", "rejects", "ambiguous")


def agreement(stances: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Every pair of top-level actors (each pair once, in codebook order)."""
    top = list(actors.loc[actors["part_of"].isna()].sort_values("position")["actor_id"])
    taken = stances[stances["stance"].isin(POSITIONS)]
    by_actor = {a: dict(zip(g["demand_id"], g["stance"])) for a, g in taken.groupby("actor_id")}
    rows = []
    for a, b in combinations(top, 2):
        pa, pb = by_actor.get(a, {}), by_actor.get(b, {})
        shared = set(pa) & set(pb)
        agree = sum(pa[d] == pb[d] for d in shared)
        rows.append({"actor_a": a, "actor_b": b, "n_shared": len(shared), "n_agree": agree,
                     "share": agree / len(shared) if shared else None})
    return to_frame(rows, "agreement")


def contested(stances: pd.DataFrame) -> dict[str, tuple[list[str], list[str]]]:
    """Demand -> (supporters, rejecters) for demands with at least one of each."""
    out = {}
    for demand, g in stances.groupby("demand_id", sort=False):
        sup = list(g.loc[g["stance"] == "supports", "actor_id"])
        rej = list(g.loc[g["stance"] == "rejects", "actor_id"])
        if sup and rej:
            out[demand] = (sup, rej)
    return out


def consensus(stances: pd.DataFrame) -> dict[str, tuple[str, list[str]]]:
    """Demand -> (stance, actors) where two or more actors take a position and all agree."""
    out = {}
    for demand, g in stances.groupby("demand_id", sort=False):
        taken = g[g["stance"].isin(POSITIONS)]
        if len(taken) >= 2 and taken["stance"].nunique() == 1:
            out[demand] = (taken["stance"].iloc[0], list(taken["actor_id"]))
    return out
