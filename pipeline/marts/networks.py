"""The matrix as networks: the two-mode actor-demand network and the one-mode congruence and
conflict networks between top-level actors, as networkx graphs.

Steps:
1. Positions: each top-level actor's stance on each demand — from `stances`, or, with `as_of`,
   from `stance_history` (the latest step on or before that date) — with the claims in use and
   the first and last dates of evidence up to that date.
2. Actors and demands with fewer than `min_claims` claims in use (up to that date) are left out,
   and their edges with them.
3. Two-mode: an edge per actor and demand with a position (supports, rejects, ambiguous).
   One-mode: an edge per pair of actors weighted by the demands on which both hold the same clear
   stance (congruence) or opposite ones (conflict: supports against rejects).

Caveats: `ambiguous` is an edge of the two-mode network but counts for neither congruence nor
conflict. Nodes and edges are inserted in codebook order (actors, then demands), so every writer
gives the same bytes from the same data. Two-mode node ids carry a prefix (`actor:russia`,
`demand:pay-rise`) because an actor and a demand may share an id; the one-mode networks
use plain actor ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import NamedTuple

import networkx as nx
import pandas as pd

from pipeline.fingerprint import options_key
from pipeline.schema import EVIDENCE_STANCES

CELL = ["actor_id", "demand_id"]


@dataclass(frozen=True)
class NetworkOptions:
    """`min_claims`: leave out actors and demands with fewer claims in use; `as_of`: the
    networks as they stood on that date (None: the latest evidence)."""

    min_claims: int = 1
    as_of: date | None = None

    def fingerprint(self) -> str:
        """Empty for the defaults, so a plain build's fingerprint is what it always was."""
        return options_key(self.min_claims, self.as_of)


DEFAULT_OPTIONS = NetworkOptions()


class Networks(NamedTuple):
    actor_demand: nx.Graph
    congruence: nx.Graph
    conflict: nx.Graph
    as_of: str  # the date the networks stand on: `as_of`, else the latest evidence ("" if none)


def _iso(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def positions(
    stances: pd.DataFrame, history: pd.DataFrame, as_of: date | None = None
) -> pd.DataFrame:
    """One row per top-level actor and demand with a position: stance, n_claims, first_date,
    last_date (ISO strings)."""
    steps = history
    if as_of is not None:
        steps = history[pd.to_datetime(history["published"]) <= pd.Timestamp(as_of)]
    cols = CELL + ["stance", "n_claims", "first_date", "last_date"]
    if steps.empty:
        return pd.DataFrame(columns=cols)
    ordered = steps.sort_values(CELL + ["published"])
    g = ordered.groupby(CELL, sort=False)
    cells = g.agg(
        stance=("stance", "last"),
        n_claims=("n_claims", "sum"),
        first_date=("published", "min"),
        last_date=("published", "max"),
    ).reset_index()
    if as_of is None:  # the matrix decides (the same rule; the history only adds dates)
        decided = stances.loc[stances["stance"].isin(EVIDENCE_STANCES), CELL + ["stance"]]
        cells = cells.drop(columns=["stance"]).merge(decided, on=CELL)
    for col in ("first_date", "last_date"):
        cells[col] = cells[col].map(_iso)
    cells["n_claims"] = cells["n_claims"].astype("int64")
    return cells[cols]


def _claims_per(claims: pd.DataFrame, as_of: date | None, column: str) -> dict[str, int]:
    used = claims
    if as_of is not None:
        used = claims[pd.to_datetime(claims["published"]) <= pd.Timestamp(as_of)]
    return {str(k): int(v) for k, v in used.groupby(column).size().items()}


def _pairs(cells: pd.DataFrame, rank: dict[str, int], same: bool) -> dict[tuple[str, str], list]:
    """(actor_a, actor_b) -> demands on which they hold the same (or opposite) clear stance."""
    out: dict[tuple[str, str], list[str]] = {}
    for demand, g in cells.groupby("demand_id", sort=False):
        sup = sorted(g.loc[g["stance"] == "supports", "actor_id"], key=rank.__getitem__)
        rej = sorted(g.loc[g["stance"] == "rejects", "actor_id"], key=rank.__getitem__)
        if same:
            pairs = [*combinations(sup, 2), *combinations(rej, 2)]
        else:
            pairs = [(a, b) for a in sup for b in rej]
        for a, b in pairs:
            key = (a, b) if rank[a] < rank[b] else (b, a)
            out.setdefault(key, []).append(str(demand))
    return out


def build_networks(
    stances: pd.DataFrame,
    history: pd.DataFrame,
    claims: pd.DataFrame,
    actors: pd.DataFrame,
    demands: pd.DataFrame,
    options: NetworkOptions = DEFAULT_OPTIONS,
) -> Networks:
    top = actors[actors["part_of"].isna()].sort_values("position")
    ordered_demands = demands.sort_values("position")
    per_actor = _claims_per(claims, options.as_of, "top_actor_id")
    per_demand = _claims_per(claims, options.as_of, "demand_id")
    kept_a = [a for a in top.itertuples() if per_actor.get(a.actor_id, 0) >= options.min_claims]
    kept_d = [
        d
        for d in ordered_demands.itertuples()
        if per_demand.get(d.demand_id, 0) >= options.min_claims
    ]
    a_rank = {a.actor_id: i for i, a in enumerate(kept_a)}
    d_rank = {d.demand_id: i for i, d in enumerate(kept_d)}
    cells = positions(stances, history, options.as_of)
    cells = cells[cells["actor_id"].isin(a_rank) & cells["demand_id"].isin(d_rank)]
    cells = cells.assign(_a=cells["actor_id"].map(a_rank), _d=cells["demand_id"].map(d_rank))
    cells = cells.sort_values(["_a", "_d"])
    if options.as_of is not None:
        as_of = options.as_of.isoformat()
    else:
        as_of = _iso(history["published"].max()) if len(history) else ""
    meta = {"as_of": as_of, "min_claims": int(options.min_claims)}

    two = nx.Graph(name="actor-demand network", **meta)
    for a in kept_a:
        two.add_node(
            f"actor:{a.actor_id}",
            kind="actor",
            bipartite=0,
            label=str(a.name),
            actor_kind=str(a.kind),
            n_claims=per_actor.get(a.actor_id, 0),
        )
    for d in kept_d:
        two.add_node(
            f"demand:{d.demand_id}",
            kind="demand",
            bipartite=1,
            label=str(d.label),
            category=str(d.category),
            n_claims=per_demand.get(d.demand_id, 0),
        )
    for c in cells.itertuples():
        two.add_edge(
            f"actor:{c.actor_id}",
            f"demand:{c.demand_id}",
            stance=str(c.stance),
            n_claims=int(c.n_claims),
            first_date=c.first_date,
            last_date=c.last_date,
        )

    def one_mode(name: str, same: bool) -> nx.Graph:
        g = nx.Graph(name=name, **meta)
        for a in kept_a:
            g.add_node(
                a.actor_id,
                label=str(a.name),
                actor_kind=str(a.kind),
                n_claims=per_actor.get(a.actor_id, 0),
            )
        pairs = _pairs(cells, a_rank, same)
        for a, b in sorted(pairs, key=lambda p: (a_rank[p[0]], a_rank[p[1]])):
            on = sorted(pairs[(a, b)], key=d_rank.__getitem__)
            g.add_edge(a, b, weight=len(on), demands=",".join(on))
        return g

    return Networks(
        two, one_mode("congruence network", True), one_mode("conflict network", False), as_of
    )
