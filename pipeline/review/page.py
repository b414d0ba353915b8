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


def render(frame: pd.DataFrame, title: str) -> str:
    rows = []
    for n, r in enumerate(frame.itertuples(index=False), start=1):
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
        f"<h1>{html.escape(title)}</h1><p>{len(frame)} rows, most consequential first. Marks: "
        '<mark class="actor">actor</mark> <mark class="cue">stance cue</mark> '
        '<mark class="term">demand term</mark>. Decide in the CSV (column <code>decision</code>: '
        "accept, reject, or the right stance) and save it into <code>codings/</code>.</p>"
        "<table><thead><tr><th>#</th><th>document</th><th>actor</th><th>demand</th>"
        "<th>stance</th><th>passage</th><th>rule, confidence, why</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></html>\n"
    )
