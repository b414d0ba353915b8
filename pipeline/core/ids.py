"""Stable claim ids: the same evidence gets the same id in every build."""

from __future__ import annotations

import hashlib


def claim_id(
    origin: str, doc_id: str, actor_id: str, demand_id: str, start: int, end: int, stance: str
) -> str:
    digest = hashlib.sha1(f"{actor_id}|{demand_id}|{start}|{end}|{stance}".encode()).hexdigest()
    return f"{origin[0]}-{doc_id}-{digest[:10]}"
