"""The demand-by-actor matrix: great-tables tables, one per category, that read as one.

Rows are demands grouped by category (label and who raised it), columns are top-level actors, those
that raised demands first. Each category is its own table inside a `<details open>` (folds without
script); the tables share one fixed column layout, so they line up as one matrix, and sit in one
scrolling box whose header row and demand column stay in view (`position: sticky`, in site.py).
Each cell is a link to its evidence holding a symbol and a word on a fill, the number of sources,
and markers for cells that rest on extraction alone (E), whose latest evidence conflicts (C) or
whose stance changed over time (Δ). Cell HTML is built here from escaped values; every other text
goes through great-tables, which escapes it.
"""

from __future__ import annotations

import re
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
    body = f'<span class="sym" aria-hidden="true">{symbol}</span> <span>{word}</span>{count}{marks}'
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


STUB_WIDTH = "var(--stub-w)"  # set in the page's stylesheet (narrower at phone width)
COLUMN_WIDTH = "var(--col-w)"


def matrix_tables(
    stances: pd.DataFrame, actors: pd.DataFrame, demands: pd.DataFrame
) -> list[tuple[str, int, GT]]:
    """One great-tables table per category, in codebook order: (category, demands, table). All
    share the same columns and widths (fixed layout), so stacked they read as one matrix."""
    order = column_order(actors, demands)
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    ordered = demands.sort_values("position")
    cells = {(s.actor_id, s.demand_id): s for s in stances.itertuples(index=False)}
    actor_cols = [f"a_{a}" for a in order]
    width = f"calc({STUB_WIDTH} + {len(order)} * {COLUMN_WIDTH})"
    tables = []
    for i, category in enumerate(dict.fromkeys(ordered["category"]), start=1):
        group = ordered[ordered["category"] == category]
        rows = []
        for d in group.itertuples(index=False):
            raisers = (
                [names[a] for a in d.raised_by.split(",") if a in names]
                if isinstance(d.raised_by, str)
                else []
            )
            rows.append(str(d.label) + (f" (raised by {', '.join(raisers)})" if raisers else ""))
        frame = pd.DataFrame({"demand": rows})
        for a in order:
            frame[f"a_{a}"] = [cell_html(cells[(a, d)]) for d in group["demand_id"]]
        table = (
            GT(frame, rowname_col="demand", id=f"matrix-{i}")  # by position: no raw text in ids
            .tab_stubhead(label="Demand")
            .cols_label(**{f"a_{a}": names[a] for a in order})
            .fmt_passthrough(columns=actor_cols, escape=False)
            .cols_align(align="center", columns=actor_cols)
            .cols_width(cases={"demand": STUB_WIDTH} | {c: COLUMN_WIDTH for c in actor_cols})
            .tab_options(
                table_layout="fixed",
                table_width=width,
                table_margin_left="0px",
                table_margin_right="0px",
                container_overflow_x="visible",  # the page's wrapper scrolls, so headers stick
                container_overflow_y="visible",
                container_padding_y="0px",
            )
        )
        tables.append((str(category), len(group), table))
    return tables  # fills come from the cells' st-<stance> classes: one CSS rule per stance


def matrix_html(stances: pd.DataFrame, actors: pd.DataFrame, demands: pd.DataFrame) -> str:
    """The matrix as the page shows it: a scrolling box (header row and demand column sticky)
    holding one folding `<details open>` per category. Category names are escaped here; the
    rest is great-tables output."""
    groups = []
    for i, (category, n, table) in enumerate(matrix_tables(stances, actors, demands), start=1):
        html = table.as_raw_html()
        # great-tables scopes its stylesheet to each table's id; the groups share one, rescoped
        # to their class (the same rules ~10 KB once instead of once per category)
        style = re.search(r"<style>.*?</style>\s*", html, flags=re.S)
        if style:
            shared = style.group(0).replace(f"#matrix-{i} ", ".mgroup ") if i == 1 else ""
            html = html[: style.start()] + shared + html[style.end() :]
        groups.append(
            f'<details class="mgroup" open><summary>{escape(category)} '
            f'<span class="count">({n} demand{"s" * (n != 1)})</span></summary>{html}</details>'
        )
    return (
        '<div id="stance-matrix" class="matrix" role="region" tabindex="0" '
        f'aria-label="Stance matrix: demands by actor, grouped by category">{"".join(groups)}</div>'
    )
