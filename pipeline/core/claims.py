"""The claims tables: coded and extracted evidence in one place, codings outranking extraction.

An extracted claim for a document, top-level actor and demand that an analyst coded goes to
`claims_overridden` (kept for audit): the analyst read that document for that cell.
"""

from __future__ import annotations

import pandas as pd

from pipeline.validate import to_frame

ORDER = ["doc_id", "start", "origin", "actor_id", "demand_id"]
CELL = ("doc_id", "top_actor_id", "demand_id")


def combine_claims(
    coded: list[dict], extracted: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(claims in use, extracted claims overridden by a coding), each in document order. A coded
    row with `decision = "reject"` (a reviewer rejected the extracted claim) is no evidence: it
    only sets aside the extracted claims of its document and cell."""
    extracted = to_frame([], "claims") if extracted is None else extracted
    cells = pd.DataFrame(
        [(c["doc_id"], c["top_actor_id"], c["demand_id"]) for c in coded],
        columns=list(CELL),
        dtype=object,
    ).drop_duplicates()
    hit = (
        extracted[list(CELL)]
        .astype(object)
        .merge(cells, on=list(CELL), how="left", indicator=True)["_merge"]
        .eq("both")
        .to_numpy()
    )
    used = to_frame([c for c in coded if c.get("decision") != "reject"], "claims")
    parts = [f for f in (used, extracted[~hit]) if len(f)]
    claims = pd.concat(parts, ignore_index=True) if parts else used
    overridden = extracted[hit] if hit.any() else to_frame([], "claims_overridden")
    return _ordered(claims), _ordered(overridden)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(ORDER, kind="stable").reset_index(drop=True)
