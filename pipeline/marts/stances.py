"""Resolve claims into one stance per top-level actor and demand, keeping the dated history.

Rules, in order: only claims in use count (a coding outranks extraction for its document, actor
and demand); a member's claim counts for the actor it is part of; claims of the same date that
agree give that stance, claims of the same date that disagree give `ambiguous`; the latest date
with evidence decides; no evidence gives `no_position`.
"""
from __future__ import annotations

import pandas as pd

from pipeline.validate import to_frame


def _date_stance(stances: set[str]) -> str:
    return next(iter(stances)) if len(stances) == 1 else "ambiguous"


def stance_history(claims: pd.DataFrame) -> pd.DataFrame:
    used = claims[claims["status"] == "used"]
    rows = []
    for (actor, demand, published), group in used.groupby(
            ["top_actor_id", "demand_id", "published"], sort=True):
        rows.append({"actor_id": actor, "demand_id": demand, "published": published,
                     "stance": _date_stance(set(group["stance"])), "n_claims": len(group),
                     "doc_ids": ",".join(sorted(set(group["doc_id"])))})
    return to_frame(rows, "stance_history")


def resolve_stances(actors: pd.DataFrame, demands: pd.DataFrame, claims: pd.DataFrame,
                    history: pd.DataFrame) -> pd.DataFrame:
    used = claims[claims["status"] == "used"]
    cells = {key: g for key, g in used.groupby(["top_actor_id", "demand_id"], sort=False)}
    hist = {key: g.sort_values("published") for key, g in
            history.groupby(["actor_id", "demand_id"], sort=False)}
    top = actors[actors["part_of"].isna()].sort_values("position")
    rows = []
    for actor in top["actor_id"]:
        for demand in demands.sort_values("position")["demand_id"]:
            g, h = cells.get((actor, demand)), hist.get((actor, demand))
            if g is None:
                rows.append({"actor_id": actor, "demand_id": demand, "stance": "no_position",
                             "n_claims": 0, "n_documents": 0, "as_of": None,
                             "extracted_only": False, "conflicted": False, "changed": False})
                continue
            last = h.iloc[-1]
            on_last = g[g["published"] == last["published"]]
            rows.append({"actor_id": actor, "demand_id": demand, "stance": last["stance"],
                         "n_claims": len(g), "n_documents": g["doc_id"].nunique(),
                         "as_of": last["published"],
                         "extracted_only": bool((g["origin"] == "extracted").all()),
                         "conflicted": on_last["stance"].nunique() > 1,
                         "changed": h["stance"].nunique() > 1})
    return to_frame(rows, "stances")
