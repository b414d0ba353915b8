"""The imported article: its fields, its doc-id, the text key that finds duplicates, its file.

An `Article` is what every source kind produces; `render` turns it into the contract's format
(YAML front matter written by `yaml.safe_dump` rules, the title always double-quoted, `published`
and `retrieved` as YYYY-MM-DD, then the body with LF line endings).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import yaml

SLUG_MAX = 60  # characters of the title's slug in a doc-id
MIN_TEXT = 200  # characters of text below which a page is not an article ("Page not found")


class SourceError(Exception):
    """A source (file, URL or record) that cannot be imported; the message says why."""


@dataclass(frozen=True)
class Refusal:
    """A source or record that was not imported: where it is, and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Article:
    text: str
    published: dt.date
    source: str  # file path, URL or `file.csv#record-N`
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None

    def base_id(self) -> str:
        """`<published>-<slug of the title>` (the first words of the text when untitled)."""
        words = self.title or " ".join(self.text.split()[:10])
        return f"{self.published.isoformat()}-{slugify(words)}"

    def text_key(self) -> str:
        return text_key(self.text)

    def url_key(self) -> str | None:
        return canonical_url(self.url) if self.url else None


def slugify(text: str, limit: int = SLUG_MAX) -> str:
    """Lowercase ASCII words joined by hyphens, cut at a word boundary within `limit`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug.strip("-") or "article"


def text_key(text: str) -> str:
    """Hash of the text with whitespace collapsed and case folded: equal for the same article."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """The URL compared for duplicates: scheme and host lowercased, no fragment or trailing /."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def parse_date(value: object) -> dt.date | None:
    """A date from a date, a datetime, 'YYYY-MM-DD…' (ISO, with or without time) or an RFC 2822
    date ('Mon, 02 Mar 2026 10:00:00 GMT'); None when the value is none of these."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])", text)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def one_line(value: object) -> str | None:
    """A metadata value as one line of text, or None when blank."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


class _Quoted(str):
    """A string that the front matter always writes double-quoted."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"')
)


def front_matter(article: Article, retrieved: dt.date) -> dict[str, object]:
    meta: dict[str, object] = {}
    if article.title:
        meta["title"] = _Quoted(article.title)
    meta["published"] = article.published
    for name in ("outlet", "author", "url", "language"):
        value = getattr(article, name)
        if value:
            meta[name] = value
    meta["source"] = article.source
    meta["retrieved"] = retrieved
    return meta


def render(article: Article, retrieved: dt.date) -> str:
    """The article file: front matter between '---' lines, then the body (LF, final newline)."""
    head = yaml.dump(
        front_matter(article, retrieved),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
    body = article.text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return f"---\n{head}---\n{body}\n"
