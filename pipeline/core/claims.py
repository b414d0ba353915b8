"""The claims tables: coded and extracted evidence in one place, codings outranking extraction.

An extracted claim for a document, top-level actor and demand that an analyst coded goes to
`claims_overridden` (kept for audit): the analyst read that document for that cell.
"""

from __future__ import annotations

import pandas as pd

from pipeline.validate import to_frame

ORDER = ["doc_id", "start", "origin", "actor_id", "demand_id"]


def combine_claims(coded: list[dict], extracted: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(claims in use, extracted claims overridden by a coding), each in document order. A coded
    row with `decision = "reject"` (a reviewer rejected the extracted claim) is no evidence: it
    only sets aside the extracted claims of its document and cell."""
    coded_cells = {(c["doc_id"], c["top_actor_id"], c["demand_id"]) for c in coded}
    coded = [c for c in coded if c.get("decision") != "reject"]
    kept: list[dict] = []
    overridden: list[dict] = []
    for row in extracted:
        cell = (row["doc_id"], row["top_actor_id"], row["demand_id"])
        (overridden if cell in coded_cells else kept).append(row)

    def frame(rows: list[dict], table: str) -> pd.DataFrame:
        return to_frame(rows, table).sort_values(ORDER, kind="stable").reset_index(drop=True)

    return frame(coded + kept, "claims"), frame(overridden, "claims_overridden")
