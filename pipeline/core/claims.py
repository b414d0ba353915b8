"""The claims table: coded and extracted evidence in one place, codings outranking extraction.

An extracted claim is kept but marked `overridden` when an analyst coded the same document, the
same (top-level) actor and the same demand: the analyst read that document for that cell.
"""
from __future__ import annotations

import pandas as pd

from pipeline.validate import to_frame


def combine_claims(coded: list[dict], extracted: list[dict]) -> pd.DataFrame:
    coded_cells = {(c["doc_id"], c["top_actor_id"], c["demand_id"]) for c in coded}
    for row in extracted:
        if (row["doc_id"], row["top_actor_id"], row["demand_id"]) in coded_cells:
            row["status"] = "overridden"
    frame = to_frame(coded + extracted, "claims")
    return frame.sort_values(["doc_id", "start", "origin", "actor_id", "demand_id"],
                             kind="stable").reset_index(drop=True)
