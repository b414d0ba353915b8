"""`changes.atom` and `changes.json`: the newest rows of the change log, for people and programs.

Why a feed: whoever follows a negotiation wants to hear when a party moves, in the reader they
already use, with the evidence one click away. Each entry is one actor x demand change (or a
first build's one summary), titled "Actor on Demand: before → after", dated by the evidence that
decides it, with the quote, its source and two links: the cell's evidence on the page and the
article. Entry ids derive from the change log's stable ids, so a rebuild rewrites the same feed
byte for byte and a reader never sees an entry twice.

Links are relative to the feed (the page beside it) unless `case.yaml` gives the published
address (`url:`), which makes them absolute and gives the feed its id. Nothing here reads a
clock: the feed's `updated` is its newest entry's date.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

import pandas as pd

from pipeline.paths import FEED, PAGE
from pipeline.report.legend import LOOK
from pipeline.report.matrix import anchor  # the page's evidence anchors

ATOM = "http://www.w3.org/2005/Atom"
CAP = 200  # entries in the feed and in changes.json (the whole log is in the database)
JSON = "changes.json"
_EPOCH = "1970-01-01T00:00:00Z"


def _stamp(value) -> str | None:
    """RFC 3339 at midnight UTC: the evidence has a day, not a time."""
    if value is None or pd.isna(value):
        return None
    return f"{pd.Timestamp(value):%Y-%m-%d}T00:00:00Z"


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


class Links:
    """Addresses of the page and the feed: relative, or under the case's published `url`."""

    def __init__(self, case: dict[str, str], log: pd.DataFrame):
        base = case.get("url", "")
        self.base = base if not base or base.endswith("/") else base + "/"
        # without an address, the feed is named by the oldest row of its log (carried from build
        # to build, so the id never changes; two cases never share it, whatever their names)
        if len(log):
            first = log.iloc[-1]
            key = f"{first['change_id']}|{first['title']}|{_stamp(first['dated'])}"
        else:
            key = case.get("name") or "stancemap"
        self.feed_id = (
            self.base + FEED
            if self.base
            else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'stancemap:' + key)}"
        )

    def to(self, rel: str) -> str:
        return self.base + rel

    def entry_id(self, change_id: str) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{self.feed_id}/{change_id}')}"

    def page_link(self, row: dict) -> str:
        if row["kind"] == "change" and _text(row.get("evidence")):
            return self.to(f"{PAGE}#{anchor(row['actor_id'], row['demand_id'])}")
        return self.to(f"{PAGE}#changes")


def _source_line(row: dict) -> str | None:
    """'Headline — Outlet, 2025-05-20 (doc-id)' of the evidence's document."""
    doc = _text(row.get("evidence_doc_id"))
    if doc is None:
        return None
    title = _text(row.get("evidence_title")) or doc
    outlet = _text(row.get("evidence_outlet"))
    when = _stamp(row.get("dated"))
    parts = [title] + ([outlet] if outlet else [])
    return f"{' — '.join(parts)}{', ' + when[:10] if when else ''} ({doc})"


def _content(row: dict) -> str:
    """The entry's HTML: the change, the quote and where it comes from."""
    quote = _text(row.get("evidence"))
    if row["kind"] != "change":
        return f"<p>{escape(row['title'])}.</p>"
    html = [f"<p>{escape(row['title'])}, compared with {escape(row['compared_with'])}.</p>"]
    if quote:
        html.append(f"<blockquote>{escape(quote)}</blockquote>")
    source = _source_line(row)
    url = _text(row.get("evidence_url"))
    if source:
        shown = f'<a href="{escape(url)}">{escape(source)}</a>' if url else escape(source)
        html.append(f"<p>Source: {shown}</p>")
    return "".join(html)


def _rows(log: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in r.items()}
        for r in log.head(CAP).to_dict("records")
    ]


def atom(log: pd.DataFrame, case: dict[str, str], fallback_date=None) -> bytes:
    """The Atom 1.0 document of the log's newest `CAP` rows (the log is newest first)."""
    links = Links(case, log)
    rows = _rows(log)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items() if v})
        if text is not None:
            el.text = text
        return el

    name = case.get("name") or "stancemap"
    dates = [d for d in (_stamp(r["dated"]) for r in rows) if d]
    sub(feed, "id", links.feed_id)
    sub(feed, "title", f"{name}: stance changes")
    sub(feed, "subtitle", "Who moved on which demand, with the evidence, build by build.")
    sub(feed, "updated", max(dates) if dates else _stamp(fallback_date) or _EPOCH)
    sub(feed, "link", rel="self", href=links.to(FEED), type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=links.to(PAGE), type="text/html")
    author = sub(feed, "author")
    sub(author, "name", name)
    sub(feed, "generator", "stancemap")
    for row in rows:
        entry = sub(feed, "entry")
        when = _stamp(row["dated"]) or max(dates, default=_EPOCH)
        sub(entry, "id", links.entry_id(row["change_id"]))
        sub(entry, "title", row["title"])
        sub(entry, "updated", when)
        sub(entry, "published", when)
        sub(entry, "link", rel="alternate", href=links.page_link(row), type="text/html")
        url = _text(row.get("evidence_url"))
        if url:
            sub(entry, "link", rel="related", href=url, title=_text(row.get("evidence_title")))
        if row["kind"] == "change":
            word = LOOK[row["after"]][1] if row["after"] != "no_position" else None
            sub(entry, "category", term=row["after"], label=word)
        sub(entry, "content", _content(row), type="html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def as_json(log: pd.DataFrame, case: dict[str, str]) -> str:
    """The same entries for programs: every log column, the entry id and both links."""
    links = Links(case, log)
    entries = []
    for row in _rows(log):
        dated = _stamp(row["dated"])
        entries.append(
            {
                **{k: v for k, v in row.items() if k != "dated"},
                "dated": dated[:10] if dated else None,
                "id": links.entry_id(row["change_id"]),
                "link": links.page_link(row),
            }
        )
    doc = {
        "id": links.feed_id,
        "title": f"{case.get('name') or 'stancemap'}: stance changes",
        "feed": links.to(FEED),
        "page": links.to(PAGE),
        "entries": entries,
        "shown": len(entries),
        "recorded": len(log),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def write_feed(frames: dict[str, pd.DataFrame], out: Path, case: dict[str, str]) -> list[str]:
    """Write `changes.atom` and `changes.json` under `out`; return their names."""
    log = frames["change_log"]
    claims = frames["claims"]
    newest = pd.to_datetime(claims["published"]).max() if len(claims) else None
    (out / FEED).write_bytes(atom(log, case, newest))
    (out / JSON).write_text(as_json(log, case), encoding="utf-8")
    return [FEED, JSON]
