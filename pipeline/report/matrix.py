"""The demand-by-actor matrix: great-tables tables, one per category, that read as one.

Rows are demands grouped by category (label and who raised it), columns are top-level actors, those
that raised demands first. Each category is its own table inside a `<details open>` (folds without
script); the tables share one fixed column layout, so they line up as one matrix, and sit in one
scrolling box whose header row and demand column stay in view (`position: sticky`, in site.py).
Each cell is a link to its evidence holding a symbol and a word on a fill, the number of sources,
and markers for cells that rest on extraction alone (E), whose latest evidence conflicts (C) or
whose stance changed over time (Δ). Cell HTML is built here from escaped values; every other text
goes through great-tables, which escapes it.

A wide matrix (more than COMPACT_ABOVE actors) is drawn compact, so that forty parties fit a
laptop screen: each cell is its symbol on its fill with the markers as one small superscript,
the word and the number of sources in the cell's `title` and accessible name, and the actors'
names run upwards in the header row.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pandas as pd
from great_tables import GT, html

from pipeline.report.legend import LOOK

MARKERS = (
    ("extracted_only", "E", "rests on automatic extraction alone"),
    ("conflicted", "C", "the latest sources conflict"),
    ("changed", "Δ", "the stance changed over time"),
)


COMPACT_ABOVE = 12
"""A matrix with more top-level actors than this is drawn compact (`compact_cell_html`): with a
word, a count and boxed markers in every cell, about seven columns fit a laptop screen; with a
symbol each, forty do (the page's stylesheet sizes the compact columns)."""
SHORT = {"E": "extraction alone", "C": "sources conflict", "Δ": "changed"}
"""The markers as a compact cell's title spells them (the legend says them in full)."""


def is_compact(n_actors: int) -> bool:
    return n_actors > COMPACT_ABOVE


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


def cell_words(cell) -> str:
    """What a compact cell says in words: "rejects, 30 sources (extraction alone, changed)"."""
    n = cell.n_claims
    letters = [m for field, m, _ in MARKERS if getattr(cell, field)]
    return (
        LOOK[cell.stance][1]
        + (f", {n} source{'s' * (n != 1)}" if n else "")
        + (f" ({', '.join(SHORT[m] for m in letters)})" if letters else "")
    )


def compact_cell_html(cell, marks: str = "ECΔ") -> str:
    """The cell as a wide matrix shows it: the symbol on its fill, the markers' letters (those in
    `marks`) as one small superscript. The link's accessible name is its title, which names every
    marker (what the cell shows is hidden from screen readers); a cell without evidence is an
    image named by the same words."""
    symbol = LOOK[cell.stance][0]
    letters = "".join(m for field, m, _ in MARKERS if getattr(cell, field) and m in marks)
    said = escape(cell_words(cell))
    shown = symbol + (f"<sup>{letters}</sup>" if letters else "")
    if cell.n_claims:
        return (
            f'<a class="cell st-{cell.stance}" href="#{anchor(cell.actor_id, cell.demand_id)}" '
            f'title="{said}"><i aria-hidden="true">{shown}</i></a>'
        )
    return (
        f'<span class="cell st-{cell.stance}" role="img" aria-label="{said}" title="{said}">'
        f"{shown}</span>"
    )


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
    compact = is_compact(len(order))
    # E on every cell says nothing the note above the matrix does not ("All N positions rest
    # on automatic extraction alone"): a compact matrix then shows only C and Δ
    taken = stances[stances["stance"] != "no_position"]
    everywhere = len(taken) > 0 and bool(taken["extracted_only"].astype(bool).all())
    marks = "CΔ" if everywhere else "ECΔ"

    def draw(cell) -> str:
        return compact_cell_html(cell, marks) if compact else cell_html(cell)

    # compact: the names run upwards (full name on hover when the header cuts it)
    heads: dict[str, Any] = {
        f"a_{a}": html(f'<span class="v" title="{escape(names[a])}">{escape(names[a])}</span>')
        if compact
        else names[a]
        for a in order
    }
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
            frame[f"a_{a}"] = [draw(cells[(a, d)]) for d in group["demand_id"]]
        table = (
            GT(frame, rowname_col="demand", id=f"matrix-{i}")  # by position: no raw text in ids
            .tab_stubhead(label="Demand")
            .cols_label(cases=heads)
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
    n_actors = len(column_order(actors, demands))
    compact = is_compact(n_actors)
    for i, (category, n, table) in enumerate(matrix_tables(stances, actors, demands), start=1):
        text = table.as_raw_html()
        # great-tables scopes its stylesheet to each table's id; the groups share one, rescoped
        # to their class (the same rules ~10 KB once instead of once per category)
        style = re.search(r"<style>.*?</style>\s*", text, flags=re.S)
        if style:
            shared = style.group(0).replace(f"#matrix-{i} ", ".mgroup ") if i == 1 else ""
            text = text[: style.start()] + shared + text[style.end() :]
        groups.append(
            f'<details class="mgroup" open><summary>{escape(category)} '
            f'<span class="count">({n} demand{"s" * (n != 1)})</span></summary>'
            f"{_lean(text, compact)}</details>"
        )
    # a compact box is as wide as its columns (--n of them), up to the window's width
    look = f'class="matrix compact" style="--n:{n_actors}"' if compact else 'class="matrix"'
    return (
        f'<div id="stance-matrix" {look} role="region" tabindex="0" '
        f'aria-label="Stance matrix: demands by actor, grouped by category">{"".join(groups)}</div>'
    )


def _lean(table: str, compact: bool) -> str:
    """great-tables' table without what a cell does not need: `headers` attributes (every header
    cell has its `scope`), the indentation between tags and, compact, the cells' classes (the
    page's stylesheet styles `.compact td`): over 100 KB on a 40 × 40 matrix."""
    table = re.sub(r' headers="[^"]*"', "", table)
    if compact:
        table = table.replace('<td class="gt_row gt_center">', "<td>")
    return re.sub(r">\n\s*<", "><", table)
