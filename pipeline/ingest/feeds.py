"""RSS and Atom feeds: recognise one, and list the pages its entries link to (with their dates)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from pipeline.ingest.article import SourceError

_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


@dataclass(frozen=True)
class Entry:
    number: int  # 1-based position in the feed
    link: str | None  # absolute; None when the entry has none
    published: dt.date | None


def _absolute(link: str, base_url: str) -> str:
    """A relative link resolved against the feed; a link with a scheme kept as written."""
    return link if urlsplit(link).scheme else urljoin(base_url, link)


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """A feed's root element (<rss>, <feed>, <rdf:RDF>) or a feed media type."""
    return content_type in _FEED_TYPES or bool(
        _FEED_START.match(data[:4096].lstrip(b"\xef\xbb\xbf"))
    )


def feed_entries(data: bytes, base_url: str) -> list[Entry]:
    """The entries of a feed, links made absolute against `base_url`, in feed order."""
    import feedparser  # type: ignore[import-untyped]

    parsed = feedparser.parse(data)
    if not parsed.get("version"):
        raise SourceError("not a readable RSS or Atom feed")
    entries = []
    for n, item in enumerate(parsed.entries, 1):
        link = item.get("link")
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        entries.append(Entry(n, _absolute(link, base_url) if link else None, published))
    if not entries:
        raise SourceError("the feed has no entries")
    return entries
