"""The analyst's loop: what changed since the last build, and how well coders agree.

The page's two sections read marts only (`stance_changes`, `reliability`, `build_info`); every
text is escaped. `diff_text` is the `diff` command's table: the same comparison for any two
databases.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from pipeline.marts.changes import compare, open_database
from pipeline.report.evidence import _date
from pipeline.report.legend import LOOK
from pipeline.report.matrix import anchor


def stance_badge(stance: str) -> str:
    symbol, word, _ = LOOK[stance]
    return f'<span class="st st-{stance}"><span aria-hidden="true">{symbol}</span> {word}</span>'


def previous_build(build_info: pd.DataFrame) -> str | None:
    """The label of the database the stances were compared with; None on a first build."""
    found = build_info.loc[build_info["key"] == "previous_build", "value"]
    return str(found.iloc[0]) if len(found) else None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


CHANGES_SHOWN = 50
"""The most changed cells the page lists, newest evidence first: a build that moves hundreds of
cells (a new batch of sources, an edited codebook) must not bury the matrix. The others are
counted and left to `data/stance_changes.csv` (every row) and the feed."""
FEED = "changes.atom"  # written beside the page by the live feed (pipeline/live/feed.py)


def changes_line(changes: pd.DataFrame, build_info: pd.DataFrame) -> str:
    """What changed, in one line above the matrix, with links to the list below it and to the
    feed: the page leads with the matrix, not with a list of changes."""
    label = previous_build(build_info)
    feed = f'<a href="{FEED}">feed</a>'
    if label is None:
        said = "First build: nothing to compare yet"
    elif changes.empty:
        said = f"No stance changed since the previous build ({escape(label)})"
    else:
        said = (
            f"{_plural(len(changes), 'stance')} changed since the previous build "
            f'({escape(label)}) — <a href="#changes">see below</a>'
        )
    return f'<p id="changes-line" class="changes-line">{said} · {feed}</p>'


def newest_first(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes by the date of their deciding evidence, newest first (undated ones last),
    ties in matrix order."""
    return changes.sort_values("as_of", ascending=False, na_position="last", kind="stable")


def changes_section(
    changes: pd.DataFrame, build_info: pd.DataFrame, actors: pd.DataFrame, demands: pd.DataFrame
) -> str:
    head = '<section id="changes"><h2>Changed since the last build</h2>'
    label = previous_build(build_info)
    if label is None:
        return head + "<p>First build: nothing to compare.</p></section>"
    against = f"the previous build ({escape(label)})"
    if changes.empty:
        return head + f"<p>No stance changed since {against}.</p></section>"
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    labels = dict(zip(demands["demand_id"], demands["label"], strict=True))
    items = []
    for c in newest_first(changes).head(CHANGES_SHOWN).to_dict("records"):
        cell = f"{escape(names[c['actor_id']])} on “{escape(labels[c['demand_id']])}”"
        quote = c["evidence"] if isinstance(c["evidence"], str) else None
        if quote is not None:
            cell = f'<a href="#{anchor(c["actor_id"], c["demand_id"])}">{cell}</a>'
        when = f", as of {_date(c['as_of'])}" if _date(c["as_of"]) else ""
        counts = (
            f"{_plural(int(c['new_claims']), 'new claim')}, "
            f"{int(c['dropped_claims'])} no longer in use"
        )
        shown = f"<blockquote>{escape(quote)}</blockquote>" if quote is not None else ""
        items.append(
            f"<li>{cell}: {stance_badge(c['before'])} → {stance_badge(c['after'])}{when} "
            f"({counts}){shown}</li>"
        )
    left = len(changes) - len(items)
    said = f"{_plural(len(changes), 'stance')} changed since {against}" + (
        f"; the {len(items)} with the newest evidence, {left:,} more in "
        '<a href="data/stance_changes.csv">data/stance_changes.csv</a>'
        if left
        else ""
    )
    return head + f"<p>{said}:</p><ul>{''.join(items)}</ul></section>"


def _table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    th = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join(
        f'<tr><th scope="row">{r[0]}</th>{"".join(f"<td>{v}</td>" for v in r[1:])}</tr>'
        for r in rows
    )
    return (
        f'<div class="table-wrap"><table><caption>{escape(caption)}</caption>'
        f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _share(r: dict) -> str:
    return f"{r['agreement']:.0%} ({r['n_agree']} of {r['n_units']})"


def reliability_section(reliability: pd.DataFrame, demands: pd.DataFrame) -> str:
    labels = dict(zip(demands["demand_id"], demands["label"], strict=True))
    rows = reliability.to_dict("records")
    between = [r for r in rows if r["kind"] != "coder"]
    against = [r for r in rows if r["kind"] == "coder"]
    parts = ['<section id="reliability"><h2>Coder agreement</h2>']
    if not between:
        parts.append("<p>No document was coded by two coders.</p>")
    else:
        parts.append(
            "<p>Where two or more analysts coded the same documents: Krippendorff's alpha "
            "(nominal; 1 is perfect agreement, 0 no better than chance) over the cells (document, "
            "actor, demand) that any of them coded; a coder who coded the document but not the "
            "cell counts as no position.</p>"
        )
        parts.append(
            _table(
                "Agreement between coders",
                ["Demands", "Documents", "Cells", "Coders", "Krippendorff's alpha", "Agree"],
                [
                    [
                        "All demands" if r["kind"] == "overall" else escape(labels[r["scope"]]),
                        str(r["n_documents"]),
                        str(r["n_units"]),
                        str(r["n_coders"]),
                        "undefined" if pd.isna(r["alpha"]) else f"{r['alpha']:.3f}",
                        _share(r),
                    ]
                    for r in between
                ],
            )
        )
    if against:
        parts.append(
            _table(
                "Each coder against extraction: the coder's cells on which the extracted claims "
                "of the same document show the same stance",
                ["Coder", "Documents", "Cells", "Agree"],
                [
                    [
                        escape(r["scope"].removeprefix("coder:").removesuffix(" vs extraction")),
                        str(r["n_documents"]),
                        str(r["n_units"]),
                        _share(r),
                    ]
                    for r in against
                ],
            )
        )
    parts.append("</section>")
    return "".join(parts)


def _text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [header, ["-" * w for w in widths], *rows]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in lines
    )


def diff_text(old: Path, new: Path) -> str:
    """The comparison a build makes, for any two databases, as a plain-text table: one line per
    cell whose stance differs (actor and demand names from `new`)."""
    before, after = open_database(old), open_database(new)
    changes = compare(before, after)
    head = f"{old} ({before.label}) -> {new} ({after.label}): "
    if changes.empty:
        return head + "no stance changed.\n"

    def look(stance: str) -> str:
        symbol, word, _ = LOOK[stance]
        return f"{symbol} {word}"

    rows = [
        [
            after.names.get(c["actor_id"], c["actor_id"]),
            after.labels.get(c["demand_id"], c["demand_id"]),
            look(c["before"]),
            look(c["after"]),
            _date(c["as_of"]) or "-",
            str(c["new_claims"]),
            str(c["dropped_claims"]),
            " ".join(c["evidence"].split()) if isinstance(c["evidence"], str) else "-",
        ]
        for c in changes.to_dict("records")
    ]
    header = ["actor", "demand", "before", "after", "as of", "new", "dropped", "evidence"]
    return head + f"{_plural(len(rows), 'stance')} changed.\n\n" + _text_table(header, rows) + "\n"
