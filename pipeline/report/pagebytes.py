"""The page's bytes by section and by picture: what the 2 MB budget is spent on.

Why: a page that grows past its budget should say where, build by build. `measure` cuts a page
(this one, or one written by an earlier version of the code: it relies only on the sections'
ids) at each top-level section and counts UTF-8 bytes; the render writes the result beside the
page as `page-bytes.json` (no clock time, so rebuilds stay byte-identical), and
`python -m pipeline.bench page-bytes` prints it for any pages side by side.
"""

from __future__ import annotations

import json
import re

PAGE_BUDGET = 2_000_000
"""Bytes the page may take at any size (the evidence, history, pictures and changes are capped
to stay under it; everything else is in `data/`)."""
FILE = "page-bytes.json"

# where a top-level part of the page starts: a section, the matrix box, the one-line summary of
# what changed (the regex's group is the part's name)
_PART = re.compile(r'<(?:section|div|p) id="(stance-matrix|changes-line|[a-z]+)"[ >]')
_TOP = {
    "changes-line",
    "stance-matrix",
    "changes",
    "legend",
    "summaries",
    "pictures",
    "evidence",
    "history",
    "reliability",
    "method",
    "data",
}
ORDER = (  # the page's parts in the order the page has them ("rest" last: head and title)
    "changes-line",
    "matrix",
    "legend",
    "changes",
    "summaries",
    "agreement",
    "pictures",
    "evidence",
    "history",
    "reliability",
    "method",
    "data",
    "rest",
)
_FIGURE = re.compile(r'<figure class="picture" id="picture-([a-z]+)">.*?</figure>', re.S)
_AGREEMENT = re.compile(r'<div class="table-wrap" role="region"[^>]*aria-label="Agreement between')


def _n(text: str) -> int:
    return len(text.encode("utf-8"))


def measure(html: str) -> dict:
    """{"page": bytes, "sections": {name: bytes}, "pictures": {name: bytes}}: the sections
    partition the page (head, title and anything outside a section count as "rest"); the
    agreement table is counted apart from the rest of the summaries."""
    starts = [(m.start(), m.group(1)) for m in _PART.finditer(html) if m.group(1) in _TOP]
    sections: dict[str, int] = {}
    rest = _n(html[: starts[0][0]]) if starts else _n(html)
    for (at, name), (end, _) in zip(starts, starts[1:] + [(len(html), "")], strict=True):
        chunk = html[at:end]
        if end == len(html) and "</section>" in chunk:  # the page's closing tags follow
            closing = chunk.rfind("</section>") + len("</section>")
            rest += _n(chunk[closing:])
            chunk = chunk[:closing]
        if name == "summaries":
            table = _AGREEMENT.search(chunk)
            if table:
                sections["agreement"] = _n(chunk[table.start() :])
                chunk = chunk[: table.start()]
        name = {"stance-matrix": "matrix"}.get(name, name)
        sections[name] = sections.get(name, 0) + _n(chunk)
    sections["rest"] = rest
    pictures = {m.group(1): _n(m.group(0)) for m in _FIGURE.finditer(html)}
    return {"page": _n(html), "sections": sections, "pictures": pictures}


def as_json(html: str) -> str:
    """`page-bytes.json`: the measure with the budget it is held to."""
    found = measure(html)
    return json.dumps({"budget": PAGE_BUDGET, **found}, indent=1) + "\n"


def table(pages: dict[str, str]) -> str:
    """A Markdown table: one column per page (name -> HTML), one row per section and picture."""
    measured = {name: measure(html) for name, html in pages.items()}
    rows = [k for k in ORDER if any(k in m["sections"] for m in measured.values())]
    for m in measured.values():
        for key in [*m["sections"], *(f"picture: {p}" for p in m["pictures"])]:
            if key not in rows:
                rows.append(key)

    def cell(m: dict, key: str) -> str:
        value = (
            m["pictures"].get(key.removeprefix("picture: "))
            if key.startswith("picture: ")
            else m["sections"].get(key)
        )
        return "—" if value is None else f"{value:,}"

    lines = [
        "| bytes | " + " | ".join(measured) + " |",
        "|---|" + "---:|" * len(measured),
        *(
            f"| {key} | " + " | ".join(cell(m, key) for m in measured.values()) + " |"
            for key in rows
        ),
        "| **page** | " + " | ".join(f"**{m['page']:,}**" for m in measured.values()) + " |",
    ]
    return "\n".join(lines) + "\n"
