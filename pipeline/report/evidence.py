"""The evidence, history and legend sections of the page: plain HTML, every value escaped."""

from __future__ import annotations

from html import escape

import pandas as pd

from pipeline.marts.summaries import stance_runs
from pipeline.report.legend import LOOK, MEANING
from pipeline.report.matrix import COMPACT_ABOVE, MARKERS, anchor

EVIDENCE_PER_CELL = 25
"""The most claims one cell lists on the page: its newest (by date, then document and position),
so a busy cell cannot swamp the page. A cell with more says how many earlier ones are left out and
links to `data/claims.csv`, which holds every claim (filter on `top_actor_id` and `demand_id`)."""
EVIDENCE_ON_PAGE = 1_000
"""The most claims the whole page lists. When the cells together would list more, every cell
lists fewer (the same number for each, the largest that fits, never below one: each cell with
evidence keeps its newest claim, so each matrix link lands on a quote). This keeps the page near
2 MB on a dense 25 × 40 matrix with thousands of claims."""
STEPS_SHOWN = 6
"""The most steps (runs of one stance) a cell's history shows on the page: the newest. Earlier
ones are counted and left to `data/stance_history.csv`, which holds every dated stance."""
EVIDENCE_BYTES = 1_200_000
"""The most bytes the evidence section may take. Past it the page drops the claims' rule notes,
then cuts quotes (at the longest length in `QUOTE_CUTS` that fits; a cut quote ends in "…"),
saying so; every note and whole quote stays in `data/claims.csv`. The other sections have their
own caps, so the page stays under 2 MB however long the quotes are."""
QUOTE_CUTS = (600, 400, 300, 200, 140, 100, 60)
HISTORY_ON_PAGE = 200
"""The most histories (cells whose stance changed) the page tells, those that changed last
first: on a dense 40 × 40 matrix nearly every cell changed at some point, and 1,600 histories
would take 0.4 MB. The others are counted and left to `data/stance_history.csv`."""


def per_cell_cap(totals: list[int]) -> int:
    """How many claims each cell lists: EVIDENCE_PER_CELL, lowered so that the page lists at most
    EVIDENCE_ON_PAGE claims, but at least 1."""
    cap = EVIDENCE_PER_CELL
    while cap > 1 and sum(min(n, cap) for n in totals) > EVIDENCE_ON_PAGE:
        cap -= 1
    return cap


def _date(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _source(doc: dict) -> str:
    title = escape(doc["title"])
    url = doc["url"]
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        title = f'<a href="{escape(url, quote=True)}">{title}</a>'
    outlet = f", {escape(doc['outlet'])}" if isinstance(doc["outlet"], str) else ""
    return f"<cite>{title}</cite>{outlet}, {_date(doc['published'])}"


def _cut(quote: str, limit: int | None) -> str:
    if limit is None or len(quote) <= limit:
        return quote
    return quote[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _claim_item(
    c: dict, names: dict, sources: dict, quote_cut: int | None = None, notes: bool = True
) -> str:
    who = escape(names.get(c["actor_id"], c["actor_id"]))
    mention = c["actor_mention"]
    if isinstance(mention, str) and mention.lower() != names.get(c["actor_id"], "").lower():
        who += f" (as “{escape(mention)}”)"
    words = escape(c["attribution"]) if isinstance(c["attribution"], str) else ""
    if c["origin"] == "coded":
        how = f"source: {words}" if words else "source not given"
        coder = f" by {escape(c['coder'])}" if isinstance(c["coder"], str) else ""
        origin = f"analyst coding{coder}"
    else:
        how = f"attribution: {escape(c['attribution_kind'])}" + (f" ({words})" if words else "")
        origin = f"extracted, confidence {c['confidence']:.2f}"
    extra = ""
    if isinstance(c["condition"], str):
        extra += f'<p class="cond">Condition: {escape(c["condition"])}</p>'
    if notes and isinstance(c["note"], str):
        extra += f'<p class="note">Note: {escape(c["note"])}</p>'
    symbol, word, _ = LOOK[c["stance"]]
    return (
        f'<li class="claim"><blockquote>{escape(_cut(c["quote"], quote_cut))}</blockquote>'
        f'<p class="meta"><span class="st st-{c["stance"]}"><span aria-hidden="true">{symbol}'
        f"</span> {word}</span> — {who}; {how}; {sources[c['doc_id']]}; "
        f"{origin}</p>{extra}</li>"
    )


def evidence_section(stances, claims, actors, demands, documents) -> str:
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    labels = dict(zip(demands["demand_id"], demands["label"], strict=True))
    sources = {
        d["doc_id"]: _source(d)
        for d in documents[["doc_id", "title", "url", "outlet", "published"]].to_dict("records")
    }
    order_a = dict(zip(actors["actor_id"], actors["position"], strict=True))
    order_d = dict(zip(demands["demand_id"], demands["position"], strict=True))
    ordered = claims.sort_values(["published", "doc_id", "start"], kind="stable")
    cell_keys = ["top_actor_id", "demand_id"]
    totals = ordered.groupby(cell_keys).size().to_dict()
    grouped: dict[tuple[str, str], list[dict]] = {}
    cap = per_cell_cap(list(totals.values()))
    for c in ordered.groupby(cell_keys).tail(cap).to_dict("records"):
        grouped.setdefault((c["top_actor_id"], c["demand_id"]), []).append(c)
    cells = [c for c in stances.to_dict("records") if c["n_claims"] > 0]
    cells.sort(key=lambda c: (order_d[c["demand_id"]], order_a[c["actor_id"]]))
    capped = [n for n in totals.values() if n > cap]
    limit = (f"its newest {cap} claims" if cap > 1 else "its newest claim") + (
        f" ({EVIDENCE_PER_CELL} at most, fewer when the page would list more than "
        f"{EVIDENCE_ON_PAGE:,} claims)"
        if cap < EVIDENCE_PER_CELL
        else " at most"
    )
    note = (
        f"Each cell lists {limit}; "
        + (
            f"{len(capped)} cell{'s' * (len(capped) != 1)} "
            f"{'have' if len(capped) != 1 else 'has'} more, "
            f"{sum(capped) - cap * len(capped):,} claims in all are left out here. "
            if capped
            else "no cell has more. "
        )
        + f'Every claim ({sum(totals.values()):,}) is in <a href="data/claims.csv">'
        "data/claims.csv</a>."
    )
    for notes, cut in [(True, None), (False, None), *((False, n) for n in QUOTE_CUTS)]:
        body = _cells_html(cells, grouped, totals, names, labels, sources, cut, notes)
        if len(body.encode("utf-8")) <= EVIDENCE_BYTES:
            break
    if not notes:
        note += (
            " To keep the page light, the claims' rule notes are left out here"
            + (f" and quotes are cut at {cut} characters (…)" if cut else "")
            + "; data/claims.csv has them whole."
        )
    return f'<section id="evidence"><h2>Evidence</h2><p class="cap">{note}</p>{body}</section>'


def _cells_html(cells, grouped, totals, names, labels, sources, cut, notes) -> str:
    parts = []
    for cell in cells:
        symbol, word, _ = LOOK[cell["stance"]]
        shown = grouped[(cell["actor_id"], cell["demand_id"])]
        items = "".join(_claim_item(c, names, sources, cut, notes) for c in shown)
        hidden = totals[(cell["actor_id"], cell["demand_id"])] - len(shown)
        if hidden:
            items += (
                f'<li class="more">and {hidden} earlier claim{"s" * (hidden != 1)}, in '
                '<a href="data/claims.csv">data/claims.csv</a></li>'
            )
        parts.append(
            f'<article class="cell-evidence" id="{anchor(cell["actor_id"], cell["demand_id"])}">'
            f"<h3>{escape(names[cell['actor_id']])} on “{escape(labels[cell['demand_id']])}”: "
            f'<span class="st st-{cell["stance"]}"><span aria-hidden="true">{symbol}</span> {word}'
            f'</span></h3><ol>{items}</ol><p><a href="#stance-matrix">Back to the matrix</a></p>'
            f"</article>"
        )
    return "".join(parts)


def describe_runs(days: list, stances: list[str], shown: int = STEPS_SHOWN) -> str:
    """A dated stance sequence in words, repeats merged: "supports 2026-01-02 → rejects
    2026-02-01 to 2026-03-09 (4 reports)"; only the newest `shown` steps, the others counted."""
    runs = stance_runs(days, stances)
    words = [
        f"{LOOK[s][1]} {_date(a)}" + (f" to {_date(b)} ({n} reports)" if n > 1 else "")
        for s, a, b, n in runs[-shown:]
    ]
    earlier = len(runs) - len(words)
    lead = [f"{earlier} earlier step{'s' * (earlier != 1)}"] if earlier else []
    return " → ".join(lead + words)


def history_section(history, stances, actors, demands) -> str:
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    labels = dict(zip(demands["demand_id"], demands["label"], strict=True))
    changed = stances[stances["changed"]]
    steps_of = {
        key: (list(g["published"]), list(g["stance"]))
        for key, g in history.sort_values("published", kind="stable").groupby(
            ["actor_id", "demand_id"], sort=False
        )
    }
    runs = {
        (c.actor_id, c.demand_id): stance_runs(*steps_of[(c.actor_id, c.demand_id)])
        for c in changed.itertuples(index=False)
    }
    # the cells whose latest step is newest first, ties in matrix order (a stable sort)
    latest = sorted(runs, key=lambda k: pd.Timestamp(runs[k][-1][1]), reverse=True)
    rows = []
    for actor_id, demand_id in latest[:HISTORY_ON_PAGE]:
        steps = describe_runs(*steps_of[(actor_id, demand_id)])
        rows.append(
            f"<li>{escape(names[actor_id])} on “{escape(labels[demand_id])}”: {escape(steps)}</li>"
        )
    cut = any(len(r) > STEPS_SHOWN for r in runs.values())
    left = len(runs) - len(rows)
    csv = '<a href="data/stance_history.csv">data/stance_history.csv</a>'
    note = (
        f"<p>Each history shows its newest {STEPS_SHOWN} steps; every dated stance is in {csv}.</p>"
        if cut
        else ""
    ) + (
        f"<p>The {len(rows):,} of {len(runs):,} cells whose stance changed last, newest first; "
        f"{left:,} more in {csv}.</p>"
        if left
        else ""
    )
    body = (
        f"{note}<ul>{''.join(rows)}</ul>"
        if rows
        else "<p>No stance changed across the sources.</p>"
    )
    return f'<section id="history"><h2>Change over time</h2>{body}</section>'


def legend_section(compact: bool = False) -> str:
    """The symbols and markers in words; for a compact matrix, how to read its cells."""
    items = "".join(
        f'<li><span class="st st-{s}"><span aria-hidden="true">{sym}</span> {word}</span>: '
        f"{escape(MEANING[s])}</li>"
        for s, (sym, word, _) in LOOK.items()
    )
    marks = "".join(f"<li><b>{m}</b>: {escape(why)}</li>" for _, m, why in MARKERS)
    how = (
        f"<p>With more than {COMPACT_ABOVE} actors the matrix is compact: each cell shows its "
        "symbol on its colour and its markers as small letters (E only when some positions "
        "rest on more than extraction); the stance in words, the number of sources and every "
        "marker are in the cell's tooltip (and read out by screen readers). Each cell with "
        "sources links to its evidence.</p>"
        if compact
        else ""
    )
    return (
        f'<section id="legend"><h2>Legend</h2>{how}<ul class="legend">{items}</ul>'
        f'<ul class="legend">{marks}</ul></section>'
    )
