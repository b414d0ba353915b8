"""A static HTML view of the review worksheet: each passage with actor, cue and term marked.

Same rows and order as the CSV; no script. Every piece of article text is escaped; the marks are
placed on the first occurrence of the words the extractor recorded, case-insensitively.
"""

from __future__ import annotations

import html

import pandas as pd

STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem;color:#111}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.35rem;
vertical-align:top;text-align:left}th{background:#eee;position:sticky;top:0}
mark.actor{background:#cfe3ff}mark.cue{background:#ffe0a3}mark.term{background:#d7f5d0}
.why{font-size:.85em;color:#444}"""


def _marked(quote: str, marks: list[tuple[str, str]]) -> str:
    """The quote, escaped, with <mark class=...> around each recorded phrase (no overlaps)."""
    spans: list[tuple[int, int, str]] = []
    low = quote.lower()
    for words, cls in marks:
        for part in [w.strip() for w in (words or "").split(";")]:
            if not part:
                continue
            i = low.find(part.lower())
            if i >= 0 and all(i >= e or i + len(part) <= s for s, e, _ in spans):
                spans.append((i, i + len(part), cls))
    out, pos = [], 0
    for s, e, cls in sorted(spans):
        out += [
            html.escape(quote[pos:s]),
            f'<mark class="{cls}">',
            html.escape(quote[s:e]),
            "</mark>",
        ]
        pos = e
    out.append(html.escape(quote[pos:]))
    return "".join(out)


def csv_lines(frame: pd.DataFrame) -> list[int]:
    """The line of the worksheet CSV each row starts on (the header is line 1; a passage with a
    line break spans two), so the page's numbers are those that build messages cite."""
    lines, line = [], 2
    for row in frame.itertuples(index=False):
        lines.append(line)
        line += 1 + sum(str(v).count("\n") for v in row)
    return lines


def render(frame: pd.DataFrame, title: str) -> str:
    rows = []
    for n, r in zip(csv_lines(frame), frame.itertuples(index=False), strict=True):
        quote = _marked(
            r.quote, [(r.actor_mention, "actor"), (r.cue, "cue"), (r.demand_term, "term")]
        )
        rows.append(
            f"<tr><td>{n}</td><td>{html.escape(r.document)}<br>{html.escape(r.published)}</td>"
            f"<td>{html.escape(r.actor)}</td><td>{html.escape(r.demand)}</td>"
            f"<td>{html.escape(r.stance or '—')}</td><td>{quote}</td>"
            f"<td>{html.escape(r.rule)} {html.escape(r.confidence)}"
            f'<div class="why">{html.escape(r.why)}</div></td></tr>'
        )
    return (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style>"
        f"<h1>{html.escape(title)}</h1>"
        + (
            f"<p>{len(frame)} rows, most consequential first, numbered by their line in the CSV "
            "(as build messages cite them). Marks: "
            if len(frame)
            else "<p>Nothing left to decide: every extracted claim is covered by a coding and no "
            "candidate passage is open. Marks, for rows to come: "
        )
        + '<mark class="actor">actor</mark> <mark class="cue">stance cue</mark> '
        '<mark class="term">demand term</mark>. Decide in the CSV (column <code>decision</code>: '
        "accept, reject, or the right stance; the <code>actor</code> may be changed too) and save "
        "it into <code>codings/</code>. A row left without a decision is taken only when you typed "
        "it in (a stance and no <code>rule</code>); the build lists the others it leaves out.</p>"
        "<table><thead><tr><th>line</th><th>document</th><th>actor</th><th>demand</th>"
        "<th>stance</th><th>passage</th><th>rule, confidence, why</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></html>\n"
    )
