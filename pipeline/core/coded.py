"""Claims from analyst codings: references resolved, each quote found in its document.

Steps: resolve the document (doc-id), the actor (id or any alias, any case) and the demand (id,
any case); find the quote in the document up to whitespace and quote/dash style and record its
exact span and sentence; keep the document's own wording as the claim's quote. Every bad record
is reported with its CSV file, line and field. A review row decided `reject` is checked the same
way and carries `decision = "reject"`: `combine_claims` turns it into a suppression, not evidence.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import pandas as pd

from pipeline.core.ids import claim_id
from pipeline.core.membership import TopAt
from pipeline.errors import Collector
from pipeline.staging.codebook import actor_lookup, resolve_actor
from pipeline.textnorm import fold, locate_folded


def coded_from(f: dict[str, pd.DataFrame], raw_label: str, problems: Collector) -> list[dict]:
    """`coded_claims` over the staging tables of one raw folder."""
    return coded_claims(
        f["codings"],
        f["documents"],
        f["sentences"],
        f["actors"],
        f["actor_aliases"],
        f["demands"],
        raw_label,
        problems,
        f.get("memberships"),
    )


def coded_claims(
    codings: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    actors: pd.DataFrame,
    aliases: pd.DataFrame,
    demands: pd.DataFrame,
    raw_label: str,
    problems: Collector,
    memberships: pd.DataFrame | None = None,
) -> list[dict]:
    """Claims of the well-formed codings; the problems of the others go to `problems`."""
    docs = documents.set_index("doc_id")
    lookup = actor_lookup(actors, aliases)
    top_at = TopAt(actors, memberships)
    demand_ids = {d.lower(): d for d in demands["demand_id"]}
    starts = {d: list(g["start"]) for d, g in sentences.groupby("doc_id", sort=False)}
    folded: dict[str, tuple[str, list[int]]] = {}
    rows, seen = [], set()
    for c in codings.itertuples(index=False):
        shown = f"{raw_label}/{c.source_file}"
        doc_id, ok = c.document.strip(), True
        if doc_id not in docs.index and (Path(raw_label) / "articles" / f"{doc_id}.md").is_file():
            ok = False  # the article itself is broken; its own problems are reported
        elif doc_id not in docs.index:
            problems.add(
                shown,
                f"unknown document {c.document!r} (no articles/{c.document}.md)",
                c.source_line,
                "document",
            )
            ok = False
        actor = resolve_actor(c.actor, lookup)
        if actor is None:
            problems.add(
                shown,
                f"unknown actor {c.actor!r} (not an id or alias in codebook/actors.yaml)",
                c.source_line,
                "actor",
            )
            ok = False
        demand = demand_ids.get(c.demand.strip().lower())
        if demand is None:
            problems.add(
                shown,
                f"unknown demand {c.demand!r} (not an id in codebook/demands.yaml)",
                c.source_line,
                "demand",
            )
            ok = False
        if not ok or actor is None or demand is None:
            continue
        text = docs.at[doc_id, "text"]
        if doc_id not in folded:
            folded[doc_id] = fold(text)
        span = locate_folded(folded[doc_id], c.quote)
        if span is None:
            snippet = c.quote if len(c.quote) <= 60 else c.quote[:57] + "..."
            problems.add(
                shown,
                f"quote not found in document '{doc_id}': {snippet!r}",
                c.source_line,
                "quote",
            )
            continue
        start, end = span
        key = (doc_id, actor, demand, start, end, c.stance)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "claim_id": claim_id("coded", doc_id, actor, demand, start, end, c.stance),
                "doc_id": doc_id,
                "actor_id": actor,
                "top_actor_id": top_at(actor, docs.at[doc_id, "published"]),
                "demand_id": demand,
                "stance": c.stance,
                "quote": text[start:end],
                "origin": "coded",
                "published": docs.at[doc_id, "published"],
                "start": start,
                "end": end,
                "sentence_no": max(bisect.bisect_right(starts.get(doc_id, [0]), start) - 1, 0),
                "actor_mention": c.actor,
                "demand_term": None,
                "cue": None,
                "confidence": 1.0,
                "attribution_kind": "analyst",
                "attribution": c.attribution,
                "condition": None,
                "coder": c.coder,
                "note": c.note,
                "source_file": c.source_file,
                "source_line": c.source_line,
                "decision": c.decision if isinstance(c.decision, str) else None,
            }
        )
    return rows
