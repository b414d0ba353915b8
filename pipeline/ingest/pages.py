"""A saved or fetched HTML page -> one article, with trafilatura.

Steps: refuse pages over the size limit and binary data; decode as UTF-8, else with the charset
the server or the page's <meta> declares; refuse text without HTML markup; let trafilatura find
the main text (navigation, boilerplate, related links and comments left out) and the metadata
(title, date, site name, author, canonical URL); join its paragraphs with blank lines, dropping a
first line that only repeats the title; refuse text under `MIN_TEXT` characters ("Page not
found") and pages with no date unless a default date is given.

Dates come from the page's metadata and markup only (htmldate without its extensive search,
which guesses from copyright lines and any number that looks like a year).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re

from pipeline.ingest.article import MIN_TEXT, Article, SourceError, one_line, parse_date

MAX_BYTES = 10 * 1024 * 1024  # larger pages are refused: no news article is this big
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_MARKUP = re.compile(r"<\s*(!doctype\s+html|html|head|body|p|div|article|main|title|h1)\b", re.I)
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def size_mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def check_size(n: int, limit: int = MAX_BYTES) -> None:
    if n > limit:
        raise SourceError(f"too large ({size_mb(n)}; the limit is {size_mb(limit)})")


def decode_html(data: bytes, declared: str | None = None) -> str:
    """The page's text: UTF-8 (BOM allowed), else the charset declared by the server or by the
    page's <meta>; SourceError when none of them decodes it, or when it is not HTML."""
    head = data[:8192]
    if b"\x00" in head or head.startswith(b"%PDF"):
        raise SourceError("not an HTML page (binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        m = _META_CHARSET.search(data[:4096])
        tried = [c for c in (declared, m.group(1).decode("ascii") if m else None) if c]
        text = ""
        for charset in tried:
            try:
                if codecs.lookup(charset).name != "utf-8":
                    text = data.decode(charset)
                    break
            except (LookupError, UnicodeDecodeError):
                continue
        else:
            said = (
                f"declared charset {', '.join(repr(c) for c in tried)}"
                if tried
                else ("no charset declared")
            )
            raise SourceError(f"not UTF-8 and cannot be decoded ({said})") from None
    if not _MARKUP.search(text[:65536]):
        raise SourceError("not an HTML page (no HTML markup found)")
    return text


def body_text(text: str, title: str | None) -> str:
    """trafilatura's lines as paragraphs separated by blank lines, without a repeated title."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == title.strip().casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def page_article(
    html: str,
    source: str,
    url: str | None = None,
    default_date: dt.date | None = None,
    min_text: int = MIN_TEXT,
) -> Article:
    """The article in a decoded page; `url` is where it was fetched (the canonical URL wins)."""
    import trafilatura  # imported here: 0.5 s, and only the import command needs it

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    meta = doc.as_dict() if doc is not None and not isinstance(doc, dict) else (doc or {})
    title = one_line(meta.get("title"))
    text = body_text(meta.get("text") or "", title)
    if len(text) < min_text:
        raise SourceError(
            f"no article text found ({len(text)} characters of main text; "
            f"at least {min_text} needed)"
        )
    published = parse_date(meta.get("date")) or default_date
    if published is None:
        raise SourceError("no publication date found; give one with --published YYYY-MM-DD")
    return Article(
        text=text,
        published=published,
        source=source,
        title=title,
        outlet=one_line(meta.get("sitename")),
        author=one_line(meta.get("author")),
        url=one_line(meta.get("url")) or url,
    )
