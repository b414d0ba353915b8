"""The demand-by-actor matrix as a great-tables table.

Rows are demands grouped by category (label and who raised it), columns are top-level actors, those
that raised demands first. Each cell is a link to its evidence holding a symbol and a word on a
fill, the number of sources, and markers for cells that rest on extraction alone (E), whose latest
evidence conflicts (C) or whose stance changed over time (Δ). Cell HTML is built here from escaped
values; every other text goes through great-tables, which escapes it.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from great_tables import GT

from pipeline.report.legend import LOOK

MARKERS = (
    ("extracted_only", "E", "rests on automatic extraction alone"),
    ("conflicted", "C", "the latest sources conflict"),
    ("changed", "Δ", "the stance changed over time"),
)


def anchor(actor_id: str, demand_id: str) -> str:
    return f"ev-{actor_id}--{demand_id}"


def cell_html(cell) -> str:
    symbol, word, _ = LOOK[cell.stance]
    marks = "".join(
        f'<abbr class="mark" title="{escape(why)}">{m}</abbr>'
        for field, m, why in MARKERS
        if getattr(cell, field)
    )
    count = (
        f'<span class="n">{cell.n_claims} source{"s" if cell.n_claims != 1 else ""}</span>'
        if cell.n_claims
        else ""
    )
    body = (
        f'<span class="sym" aria-hidden="true">{symbol}</span> <span class="word">{word}</span>'
        f"{count}{marks}"
    )
    if cell.n_claims:
        return (
            f'<a class="cell st-{cell.stance}" '
            f'href="#{anchor(cell.actor_id, cell.demand_id)}">{body}</a>'
        )
    return f'<span class="cell st-{cell.stance}">{body}</span>'


def column_order(actors: pd.DataFrame, demands: pd.DataFrame) -> list[str]:
    """Top-level actors, those that raised a demand first (in the order of their first demand),
    then the others in codebook order."""
    top = list(actors.loc[actors["part_of"].isna()].sort_values("position")["actor_id"])
    raisers: list[str] = []
    for raised in demands.sort_values("position")["raised_by"]:
        if isinstance(raised, str):
            raisers += [a for a in raised.split(",") if a in top and a not in raisers]
    return raisers + [a for a in top if a not in raisers]


def matrix_table(stances: pd.DataFrame, actors: pd.DataFrame, demands: pd.DataFrame) -> GT:
    order = column_order(actors, demands)
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    ordered = demands.sort_values("position")
    rows = []
    for d in ordered.itertuples(index=False):
        raisers = (
            [names[a] for a in (d.raised_by or "").split(",") if a in names]
            if isinstance(d.raised_by, str)
            else []
        )
        row = {
            "category": d.category,
            "demand": str(d.label) + (f" (raised by {', '.join(raisers)})" if raisers else ""),
        }
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["category", "demand"])
    cells = {(s.actor_id, s.demand_id): s for s in stances.itertuples(index=False)}
    for a in order:
        frame[f"a_{a}"] = [cell_html(cells[(a, d)]) for d in ordered["demand_id"]]
    actor_cols = [f"a_{a}" for a in order]
    table = (
        GT(frame, rowname_col="demand", groupname_col="category", id="stance-matrix")
        .tab_stubhead(label="Demand")
        .cols_label(**{f"a_{a}": names[a] for a in order})
        .fmt_passthrough(columns=actor_cols, escape=False)
        .cols_align(align="center", columns=actor_cols)
        .row_group_order(list(dict.fromkeys(ordered["category"])))
    )
    return table  # fills come from the cells' st-<stance> classes: one CSS rule per stance
