"""The claims tables: coded and extracted evidence in one place, codings outranking extraction.

An extracted claim for a document, top-level actor and demand that an analyst coded goes to
`claims_overridden` (kept for audit): the analyst read that document for that cell. So does one
whose passage and demand a review row decided (the analyst may have moved it to another actor),
and a `raiser` claim in a cell that has stated evidence.
"""

from __future__ import annotations

import pandas as pd

from pipeline.validate import to_frame

ORDER = ["doc_id", "start", "origin", "actor_id", "demand_id"]
CELL = ("doc_id", "top_actor_id", "demand_id")
PASSAGE = ("doc_id", "demand_id", "start", "end")


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
    hit = _matches(extracted, cells, CELL)
    # a reviewed worksheet row decides its passage for its demand whoever it names: a row whose
    # actor the analyst changed sets aside the extracted claim of the actor it was proposed for
    passages = pd.DataFrame(
        [(c["doc_id"], c["demand_id"], c["start"], c["end"]) for c in coded if c.get("decision")],
        columns=list(PASSAGE),
        dtype=object,
    ).drop_duplicates()
    hit = hit | _matches(extracted, passages, PASSAGE)
    used = to_frame([c for c in coded if c.get("decision") != "reject"], "claims")
    hit = hit | _prior_outranked(extracted, used, hit)
    parts = [f for f in (used, extracted[~hit]) if len(f)]
    claims = pd.concat(parts, ignore_index=True) if parts else used
    overridden = extracted[hit] if hit.any() else to_frame([], "claims_overridden")
    return _ordered(claims), _ordered(overridden)


def _prior_outranked(extracted: pd.DataFrame, used: pd.DataFrame, hit):
    """Which `raiser` claims (a raiser supports its demand: a prior, not a statement) stand in a
    cell (top-level actor and demand, any document) that has stated evidence in use: the stated
    evidence decides, so a raiser that moved is not pulled back by a later mere mention."""
    prior = (extracted["rule"] == "raiser").to_numpy() & ~hit
    if not prior.any():
        return prior
    stated = pd.concat(
        [
            used[["top_actor_id", "demand_id"]],
            extracted.loc[~prior & ~hit, ["top_actor_id", "demand_id"]],
        ]
    ).drop_duplicates()
    return prior & _matches(extracted, stated, ("top_actor_id", "demand_id"))


def _matches(extracted: pd.DataFrame, keys: pd.DataFrame, on: tuple[str, ...]):
    """Which extracted claims share their `on` columns with a row of `keys`."""
    return (
        extracted[list(on)]
        .astype(object)
        .merge(keys, on=list(on), how="left", indicator=True)["_merge"]
        .eq("both")
        .to_numpy()
    )


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(ORDER, kind="stable").reset_index(drop=True)
