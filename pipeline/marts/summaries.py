"""Summaries of the matrix that a reader asks for first: which demands are contested, which have
consensus, and how often two actors agree; and which of them rest on extraction alone, so the page
marks them as it marks the matrix's cells."""

from __future__ import annotations

import pandas as pd

from pipeline.validate import to_frame

POSITIONS = ("supports", "rejects", "ambiguous")


def agreement(stances: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Every pair of top-level actors that take a position on at least one common demand, each
    pair once (first actor earlier in the codebook). A self-join on demands, so the work grows
    with the overlaps, not with the square of the number of actors."""
    position = dict(zip(actors["actor_id"], actors["position"], strict=True))
    columns = ["actor_id", "demand_id", "stance", "extracted_only"]
    taken = stances.loc[stances["stance"].isin(POSITIONS), columns]
    pairs = taken.merge(taken, on="demand_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_id_a"].map(position) < pairs["actor_id_b"].map(position)]
    if pairs.empty:
        return to_frame([], "agreement")
    pairs = pairs.assign(
        agree=pairs["stance_a"] == pairs["stance_b"],
        extracted=pairs["extracted_only_a"].astype(bool) & pairs["extracted_only_b"].astype(bool),
    )
    out = (
        pairs.groupby(["actor_id_a", "actor_id_b"], sort=False)
        .agg(
            n_shared=("demand_id", "size"),
            n_agree=("agree", "sum"),
            extracted_only=("extracted", "all"),
        )
        .reset_index()
        .rename(columns={"actor_id_a": "actor_a", "actor_id_b": "actor_b"})
    )
    out["n_agree"] = out["n_agree"].astype("int64")
    out["extracted_only"] = out["extracted_only"].astype(bool)
    out["share"] = out["n_agree"] / out["n_shared"]
    out["_a"], out["_b"] = out["actor_a"].map(position), out["actor_b"].map(position)
    out = out.sort_values(["_a", "_b"]).drop(columns=["_a", "_b"]).reset_index(drop=True)
    return out[["actor_a", "actor_b", "n_shared", "n_agree", "share", "extracted_only"]]


def extraction_alone(stances: pd.DataFrame) -> set[tuple[str, str]]:
    """(actor, demand) of the positions that rest on extraction alone: the matrix marks them E,
    and so do the summaries built on them."""
    taken = stances[stances["stance"].isin(POSITIONS) & stances["extracted_only"].astype(bool)]
    return set(zip(taken["actor_id"], taken["demand_id"], strict=True))


def contested(stances: pd.DataFrame) -> dict[str, tuple[list[str], list[str]]]:
    """Demand -> (supporters, rejecters) for demands with at least one of each."""
    out = {}
    for demand, g in stances.groupby("demand_id", sort=False):
        sup = list(g.loc[g["stance"] == "supports", "actor_id"])
        rej = list(g.loc[g["stance"] == "rejects", "actor_id"])
        if sup and rej:
            out[str(demand)] = (sup, rej)
    return out


def consensus(stances: pd.DataFrame) -> dict[str, tuple[str, list[str]]]:
    """Demand -> (stance, actors) where two or more actors take a position and all agree."""
    out = {}
    for demand, g in stances.groupby("demand_id", sort=False):
        taken = g[g["stance"].isin(POSITIONS)]
        if len(taken) >= 2 and taken["stance"].nunique() == 1:
            out[str(demand)] = (taken["stance"].iloc[0], list(taken["actor_id"]))
    return out


def stance_runs(days: list, stances: list[str]) -> list[tuple[str, object, object, int]]:
    """Dated stances (in date order) as runs of the same stance: (stance, first day, last day,
    reports). A history of fifty reports that say the same thing is one step, not fifty."""
    runs: list[tuple[str, object, object, int]] = []
    for day, stance in zip(days, stances, strict=True):
        if runs and runs[-1][0] == stance:
            s, first, _, n = runs[-1]
            runs[-1] = (s, first, day, n + 1)
        else:
            runs.append((stance, day, day, 1))
    return runs
