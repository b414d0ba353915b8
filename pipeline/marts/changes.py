"""What changed since the last build: this build's stances against the database it replaces.

Steps:
1. Read the previous database's stances, the ids of its claims in use, and a label for it (how
   many documents it held, and its newest evidence date: deterministic, no clock time). A missing
   or unreadable file, or one that is not a stancemap database, means there is nothing to compare
   (`read_previous`); the `diff` command asks for a real database instead (`open_database`).
2. Compare cell by cell (`compare`): every cell of the new matrix whose stance differs from the
   previous one (a cell the previous database did not have was `no_position`), with the dates of
   the deciding evidence before and now, the claims that are new or no longer in use (by
   `claim_id`), and the quote of the newest claim in use.

Caveats: cells of actors or demands that are no longer in the codebook are not listed (the new
database has nowhere to put them). A changed quote or date with the same stance is not a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import store
from pipeline.errors import InputError, Problem
from pipeline.validate import to_frame

CELL = ["actor_id", "demand_id"]
CLAIM_CELL = ["top_actor_id", "demand_id"]


@dataclass(frozen=True)
class Snapshot:
    """The part of a database that a comparison reads."""

    label: str
    stances: pd.DataFrame  # actor_id, demand_id, stance, as_of (codebook order)
    claims: pd.DataFrame  # claim_id, top_actor_id, demand_id, doc_id, published, start, quote
    names: dict[str, str]  # actor_id -> name
    labels: dict[str, str]  # demand_id -> label


def label_of(documents: pd.DataFrame, claims: pd.DataFrame) -> str:
    """'12 documents, evidence up to 2025-05-20': what a database held, from its contents."""
    n = len(documents)
    newest = pd.to_datetime(claims["published"]).max() if len(claims) else None
    up_to = "no evidence" if newest is None else f"evidence up to {newest:%Y-%m-%d}"
    return f"{n} document{'s' * (n != 1)}, {up_to}"


def snapshot(frames: dict[str, pd.DataFrame]) -> Snapshot:
    """The snapshot of a build's own frames."""
    claims = frames["claims"]
    return Snapshot(
        label_of(frames["documents"], claims),
        frames["stances"][CELL + ["stance", "as_of"]],
        claims[["claim_id", *CLAIM_CELL, "doc_id", "published", "start", "quote"]],
        _pairs(frames["actors"], "actor_id", "name"),
        _pairs(frames["demands"], "demand_id", "label"),
    )


def _pairs(frame: pd.DataFrame, key: str, value: str) -> dict[str, str]:
    return dict(zip(frame[key].astype(str), frame[value].astype(str), strict=True))


_STANCES_SQL = """
    SELECT s.actor_id, s.demand_id, s.stance, s.as_of FROM stances s
    LEFT JOIN actors a USING (actor_id) LEFT JOIN demands d USING (demand_id)
    ORDER BY a.position, d.position, s.actor_id, s.demand_id"""
_CLAIMS_SQL = (
    "SELECT claim_id, top_actor_id, demand_id, doc_id, published, start, quote FROM claims"
)


def _read(db: Path) -> Snapshot:
    """Raises duckdb.Error when the file is not a DuckDB database or lacks the tables."""
    con = store.connect(str(db), read_only=True)
    try:
        stances = con.sql(_STANCES_SQL).df()
        claims = con.sql(_CLAIMS_SQL).df()
        documents = con.sql("SELECT doc_id FROM documents").df()
        actors = con.sql("SELECT actor_id, name FROM actors").df()
        demands = con.sql("SELECT demand_id, label FROM demands").df()
    finally:
        con.close()
    return Snapshot(
        label_of(documents, claims),
        stances,
        claims,
        _pairs(actors, "actor_id", "name"),
        _pairs(demands, "demand_id", "label"),
    )


def read_previous(db: Path | None) -> Snapshot | None:
    """The database a build replaces, or None when there is nothing to compare: no file, a file
    DuckDB cannot open, or a database without stances (a `stage` or `claims` run emptied them)."""
    if db is None or not db.is_file():
        return None
    try:
        found = _read(db)
    except duckdb.Error:
        return None
    return found if len(found.stances) else None


def open_database(db: Path) -> Snapshot:
    """A database named on the command line; a missing or foreign file is an input error."""
    if not db.exists():
        raise InputError(Problem(str(db), "no such file"))
    if not db.is_file():
        raise InputError(Problem(str(db), "is a folder, not a stancemap database"))
    try:
        return _read(db)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            Problem(str(db), f"not a stancemap database (no readable stances and claims: {first})")
        ) from None


def compare(before: Snapshot | None, after: Snapshot) -> pd.DataFrame:
    """One `stance_changes` row per cell of `after` whose stance differs from `before`, in the
    order of `after`'s cells; no rows when `before` is None (nothing to compare)."""
    if before is None:
        return to_frame([], "stance_changes")
    old = before.stances[CELL + ["stance", "as_of"]].rename(
        columns={"stance": "before", "as_of": "before_as_of"}
    )
    cells = after.stances[CELL + ["stance", "as_of"]].rename(columns={"stance": "after"})
    cells = cells.merge(old, on=CELL, how="left", sort=False)
    cells["before"] = cells["before"].fillna("no_position")
    cells = cells[cells["before"] != cells["after"]]
    if cells.empty:
        return to_frame([], "stance_changes")
    old_ids = set(before.claims["claim_id"])
    new_ids = set(after.claims["claim_id"])
    now = after.claims.assign(is_new=~after.claims["claim_id"].isin(old_ids))
    gone = before.claims[~before.claims["claim_id"].isin(new_ids)]
    new_n = now[now["is_new"]].groupby(CLAIM_CELL).size()
    gone_n = gone.groupby(CLAIM_CELL).size()
    # the newest claim of each cell: latest date, a new claim before an old one, document order
    newest = (
        now.sort_values(
            ["published", "is_new", "doc_id", "start"],
            ascending=[False, False, True, True],
            kind="stable",
        )
        .groupby(CLAIM_CELL, sort=False)
        .head(1)
        .set_index(CLAIM_CELL)
    )
    rows = []
    for c in cells.to_dict("records"):
        key = (c["actor_id"], c["demand_id"])
        top = newest.loc[key] if key in newest.index else None
        rows.append(
            {
                **c,
                "new_claims": int(new_n.get(key, 0)),
                "dropped_claims": int(gone_n.get(key, 0)),
                "evidence": None if top is None else top["quote"],
                "evidence_doc_id": None if top is None else top["doc_id"],
                "previous_build": before.label,
            }
        )
    return to_frame(rows, "stance_changes")
