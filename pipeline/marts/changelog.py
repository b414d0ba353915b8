"""The change log: every stance change recorded by successive builds, carried from database to
database.

Why: `stance_changes` compares a build only with the database it replaces, so a build with nothing
new empties it. People who follow a negotiation for weeks need the changes of earlier builds too
(the Atom feed publishes them), so each build reads the log of the database it replaces and adds
its own changes on top. A first build adds one summary row: a feed that announced every position
of a new case one by one would bury the changes that follow.

Rows are numbered by build (`b3/<actor>/<demand>`), so an id never changes once written and a
rebuild with nothing new leaves the log, and the feed made from it, byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipeline import store
from pipeline.report.legend import LOOK  # the stances' words, as the page writes them
from pipeline.validate import to_frame

FIRST = "nothing (first build)"


def previous_log(db: Path | None) -> pd.DataFrame:
    """The log of the database a build replaces; empty when there is none (no file, not a
    stancemap database, or one made before the log existed)."""
    if db is None or not db.is_file():
        return to_frame([], "change_log")
    try:
        con = store.connect(str(db), read_only=True)
    except duckdb.Error:
        return to_frame([], "change_log")
    try:
        return to_frame(con.sql("SELECT * FROM change_log").df().to_dict("records"), "change_log")
    except duckdb.Error:
        return to_frame([], "change_log")
    finally:
        con.close()


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _newest(claims: pd.DataFrame):
    return pd.to_datetime(claims["published"]).max().date() if len(claims) else None


def title_of(actor: str, demand: str, before: str, after: str) -> str:
    """'Port Authority on A 6% pay rise: rejects → supports'."""
    return f"{actor} on {demand}: {LOOK[before][1]} → {LOOK[after][1]}"


def _summary(frames: dict[str, pd.DataFrame], build: int) -> dict | None:
    """The first build's one row: how many positions it found, or None when it found none."""
    stances = frames["stances"]
    held = stances[stances["stance"] != "no_position"]
    if held.empty:
        return None
    counts = held["stance"].value_counts()
    parts = ", ".join(
        f"{int(counts[s]):,} {LOOK[s][1]}"
        for s in ("supports", "rejects", "ambiguous")
        if s in counts
    )
    title = (
        f"First build: {_plural(len(held), 'position')} ({parts}) of "
        f"{_plural(held['actor_id'].nunique(), 'actor')} on "
        f"{_plural(held['demand_id'].nunique(), 'demand')}, from "
        f"{_plural(len(frames['documents']), 'document')}"
    )
    return {
        "change_id": f"b{build}/first-build",
        "build": build,
        "kind": "first_build",
        "dated": _newest(frames["claims"]),
        "title": title,
        "compared_with": FIRST,
    }


def extend_log(
    log: pd.DataFrame,
    changes: pd.DataFrame,
    compared_with: str | None,
    frames: dict[str, pd.DataFrame],
) -> pd.DataFrame:
    """`log` with this build's rows on top: one per row of `changes` (newest evidence first), or
    the summary row when there was nothing to compare (`compared_with` None). `frames` are the
    build's actors, demands, documents, stances and claims."""
    build = int(log["build"].max()) + 1 if len(log) else 1
    rows: list[dict] = []
    if compared_with is None:
        summary = _summary(frames, build)
        rows = [summary] if summary is not None else []
    elif len(changes):
        names = dict(zip(frames["actors"]["actor_id"], frames["actors"]["name"], strict=True))
        labels = dict(zip(frames["demands"]["demand_id"], frames["demands"]["label"], strict=True))
        docs = frames["documents"].set_index("doc_id")
        newest = _newest(frames["claims"])
        for c in changes.to_dict("records"):
            doc_id = _text(c["evidence_doc_id"])
            doc = docs.loc[doc_id] if doc_id is not None and doc_id in docs.index else None
            as_of = c["as_of"] if pd.notna(c["as_of"]) else None
            rows.append(
                {
                    "change_id": f"b{build}/{c['actor_id']}/{c['demand_id']}",
                    "build": build,
                    "kind": "change",
                    "actor_id": c["actor_id"],
                    "actor": names[c["actor_id"]],
                    "demand_id": c["demand_id"],
                    "demand": labels[c["demand_id"]],
                    "before": c["before"],
                    "after": c["after"],
                    "dated": pd.Timestamp(as_of).date() if as_of is not None else newest,
                    "title": title_of(
                        names[c["actor_id"]], labels[c["demand_id"]], c["before"], c["after"]
                    ),
                    "evidence": _text(c["evidence"]),
                    "evidence_doc_id": doc_id,
                    "evidence_title": None if doc is None else _text(doc["title"]),
                    "evidence_outlet": None if doc is None else _text(doc["outlet"]),
                    "evidence_url": None if doc is None else _text(doc["url"]),
                    "compared_with": compared_with,
                }
            )
        # newest evidence first within the build; the codebook's order breaks ties
        rows = [
            r
            for _, r in sorted(
                enumerate(rows),
                key=lambda p: (-(pd.Timestamp(p[1]["dated"]).value if p[1]["dated"] else 0), p[0]),
            )
        ]
    if not rows:
        return log
    return pd.concat([to_frame(rows, "change_log"), log], ignore_index=True)
