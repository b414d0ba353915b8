"""Incremental extraction: a document whose raw file did not change keeps the claims extracted
from it last time, as long as nothing else the extractor depends on changed (codebook actors and
terms, lexicon, extractor code). Those make up the extraction context, hashed into `build_info`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import store
from pipeline.fingerprint import code_version
from pipeline.lexicon import Lexicon


def extraction_context(
    lexicon: Lexicon,
    actors: pd.DataFrame,
    aliases: pd.DataFrame,
    terms: pd.DataFrame,
    memberships: pd.DataFrame | None = None,
    stance_model: str = "rules-only",
    raisers: dict[str, tuple[str, ...]] | None = None,
) -> str:
    """Hash of what extraction depends on besides a document's text (`stance_model`: the
    model file's digest, or "rules-only"; `raisers`: each demand's `raised_by`, which the
    raiser rule reads)."""
    payload = {
        "stance_model": stance_model,
        "raisers": sorted((d, list(a)) for d, a in (raisers or {}).items()),
        "code": code_version(),
        "lexicon": {
            k: list(v) if not isinstance(v, dict) else {kk: list(vv) for kk, vv in v.items()}
            for k, v in {**lexicon.lists, **lexicon.maps}.items()
        },
        "actors": actors[["actor_id", "kind", "top_actor_id"]].astype(str).values.tolist(),
        "aliases": aliases[["alias", "actor_id"]].astype(str).values.tolist(),
        "terms": terms[["demand_id", "term", "polarity"]].astype(str).values.tolist(),
        "memberships": [] if memberships is None else memberships.astype(str).values.tolist(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def reusable_claims(
    db: Path, context: str, documents: pd.DataFrame
) -> tuple[pd.DataFrame | None, set[str]]:
    """(claims to keep, doc_ids they cover) from the previous database, or nothing when it is
    missing, unreadable or built in another extraction context."""
    if not db.is_file():
        return None, set()
    try:
        con = store.connect(str(db), read_only=True)
    except duckdb.Error:
        return None, set()
    try:
        info = dict(con.sql("SELECT key, value FROM build_info").fetchall())
        if info.get("extraction_context") != context:
            return None, set()
        hashes = con.sql("SELECT doc_id, content_hash FROM documents").df()
        claims = con.sql(
            "SELECT * FROM claims WHERE origin = 'extracted' UNION ALL "
            "SELECT * FROM claims_overridden"
        ).df()
    except duckdb.Error:
        return None, set()
    finally:
        con.close()
    current = dict(zip(documents["doc_id"], documents["content_hash"], strict=True))
    same = {
        d
        for d, h in zip(hashes["doc_id"], hashes["content_hash"], strict=True)
        if current.get(d) == h
    }
    return claims[claims["doc_id"].isin(same)].reset_index(drop=True), same
