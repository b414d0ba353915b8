"""The summaries section: contested demands, consensus demands and pairwise agreement.

What rests on extraction alone carries the matrix's E mark here too: a reader must not take
"consensus" built from unreviewed extraction for an analyst's finding."""

from __future__ import annotations

from html import escape

import pandas as pd
from great_tables import GT

from pipeline.marts.summaries import consensus, contested, extraction_alone
from pipeline.report.legend import LOOK
from pipeline.report.matrix import MARKERS

E_MARK = f'<abbr class="mark" title="{escape(MARKERS[0][2])}">{MARKERS[0][1]}</abbr>'


def _names(ids, names, demand: str = "", marked: set | frozenset = frozenset()) -> str:
    """The actors' names, each followed by the E mark when its position on `demand` rests on
    extraction alone (`marked`: (actor, demand) pairs)."""
    return ", ".join(escape(names[a]) + (E_MARK if (a, demand) in marked else "") for a in ids)


def _entry(label: str, demand: str, actors: list[str], marked: set) -> tuple[str, set]:
    """The entry's label and the pairs to mark inside it: a summary built only on extracted
    positions carries one E after its label, one that mixes carries it on each such actor."""
    if all((a, demand) in marked for a in actors):
        return escape(label) + E_MARK, set()
    return escape(label), marked


AGREEMENT_SHOWN = 20


def busiest(stances: pd.DataFrame, order: list[str], most: int = AGREEMENT_SHOWN) -> list[str]:
    """The actors with the most positions (at most `most`), in column order."""
    counts = stances[stances["stance"] != "no_position"].groupby("actor_id").size()
    top = set(counts.sort_values(ascending=False, kind="stable").index[:most])
    return [a for a in order if a in top]


def agreement_table(
    agreement: pd.DataFrame, stances: pd.DataFrame, order: list[str], names: dict
) -> str:
    """The agreement matrix for the actors with the most positions (at most AGREEMENT_SHOWN, in
    column order); the full pairwise table is in data/agreement.csv."""
    shown = busiest(stances, order)
    pairs = {(r.actor_a, r.actor_b): r for r in agreement.itertuples(index=False)}
    pairs.update({(b, a): r for (a, b), r in list(pairs.items())})
    rows = []
    for a in shown:
        row = {"actor": names[a]}
        for b in shown:
            r = pairs.get((a, b))
            row[f"b_{b}"] = (
                "—"
                if a == b
                else "no shared demand"
                if r is None
                else f"{r.share:.0%} ({r.n_agree} of {r.n_shared})"
                + (f" {MARKERS[0][1]}" if r.extracted_only else "")
            )
        rows.append(row)
    if not rows:
        return "<p>No actor takes a position yet.</p>"
    note = (
        f"The {len(shown)} actors with the most positions; every pair is in data/agreement.csv"
        if len(shown) < len(order)
        else "Share of the demands on which both take a position and agree"
    )
    if agreement["extracted_only"].any():
        note += f". {MARKERS[0][1]}: {MARKERS[0][2]}"
    return (
        GT(pd.DataFrame(rows), rowname_col="actor", id="agreement")
        .tab_header(title="How often two actors agree", subtitle=note)
        .cols_label(**{f"b_{b}": names[b] for b in shown})
        .tab_stubhead(label="Actor")
        .tab_options(container_overflow_x="visible", container_overflow_y="visible")
        .as_raw_html()
    )


def agreement_part(agreement, stances, order: list[str], names: dict, table: bool) -> str:
    """The agreement table, or (`table` False: a wide matrix, where a table of percentages would
    say what the heat map says) a pointer to the heat map and to the numbers in the data."""
    if table:
        # the wrapper scrolls a wide table; focusable, so keyboards can scroll it too
        return (
            '<div class="table-wrap" role="region" tabindex="0" '
            'aria-label="Agreement between actors">'
            f"{agreement_table(agreement, stances, order, names)}</div>"
        )
    return (
        "<h3>Agreement between actors</h3><p>How often two actors agree (the share of the demands "
        "on which both take a position and hold the same stance) is drawn as a "
        '<a href="#picture-agreement">heat map</a> below; the numbers for every pair are in '
        '<a href="data/agreement.csv">data/agreement.csv</a>.</p>'
    )


def summaries_section(
    stances, demands, agreement, order: list[str], names: dict, table: bool = True
) -> str:
    labels = dict(zip(demands["demand_id"], demands["label"], strict=True))
    ordered = list(demands.sort_values("position")["demand_id"])
    fought = contested(stances)
    agreed = consensus(stances)
    alone = extraction_alone(stances)
    items, cons = [], []
    for d in ordered:
        if d in fought:
            sup, rej = fought[d]
            label, marked = _entry(labels[d], d, sup + rej, alone)
            items.append(
                f"<li>{label}: supported by {_names(sup, names, d, marked)}; rejected by "
                f"{_names(rej, names, d, marked)}</li>"
            )
        if d in agreed:
            stance, who = agreed[d]
            label, marked = _entry(labels[d], d, who, alone)
            cons.append(f"<li>{label}: {LOOK[stance][1]} — {_names(who, names, d, marked)}</li>")
    return (
        '<section id="summaries"><h2>Summaries</h2>'
        "<h3>Contested demands</h3>"
        + (
            f"<ul>{''.join(items)}</ul>"
            if items
            else "<p>No demand is both supported and rejected.</p>"
        )
        + "<h3>Consensus</h3>"
        + (
            f"<ul>{''.join(cons)}</ul>"
            if cons
            else "<p>No demand on which two or more actors take a position and all agree.</p>"
        )
        + agreement_part(agreement, stances, order, names, table)
        + "</section>"
    )
