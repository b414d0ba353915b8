"""`stancemap import`: sources -> `<raw>/articles/*.md`, one message per problem, a summary line.

Sources: an `http(s)://` URL (a page, or an RSS/Atom feed whose entries' pages are fetched); a
folder (every *.html / *.htm under it, recursively); a CSV, JSON lines or Parquet export (one
article per record); a DNA database (`.dna` or any SQLite file: articles, codebook and codings,
see `dna.py`); any other file is read as a saved HTML page (or a feed, if it is one).
A bad source is refused with `error: <where>: <what is wrong>` on stderr and the others go on;
duplicates are reported with `skipped: …`; each file written is printed on stdout. The last line
on stderr is `imported N, skipped M (duplicates), refused K`. Exit status 0 when nothing was
refused, 1 when anything was (the good articles are written all the same).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pipeline.ingest.article import Article, Refusal, SourceError
from pipeline.ingest.dna import import_dna, is_dna
from pipeline.ingest.feeds import feed_entries, looks_like_feed
from pipeline.ingest.fetch import fetch, is_url
from pipeline.ingest.pages import MAX_BYTES, check_size, decode_html, page_article
from pipeline.ingest.store import ArticleStore, Outcome
from pipeline.ingest.tables import is_table, table_articles

PAGE_SUFFIXES = (".html", ".htm")
PROGRESS_FROM = 21  # sources from which a terminal shows a progress line


@dataclass(frozen=True)
class Options:
    mapping: dict[str, str] = field(default_factory=dict)
    published: dt.date | None = None  # date for sources that have none
    update: bool = False
    skip_known: bool = False  # feed entries whose link was imported before are not fetched again


@dataclass(frozen=True)
class Seen:
    """A feed entry not fetched: its link is an article imported before (`skip_known`)."""

    link: str


def expand(sources: Iterable[str]) -> Iterator[str | Refusal]:
    """Each source as given, folders replaced by the pages under them (sorted)."""
    for source in sources:
        if is_url(source):
            yield source
            continue
        path = Path(source)
        if path.is_dir():
            pages = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES
            )
            if not pages:
                yield Refusal(source, "folder has no .html or .htm files")
            yield from (str(p) for p in pages)
        elif path.is_file():
            yield source
        else:
            yield Refusal(source, "no such file or folder")


def _page(data: bytes, source: str, url: str | None, charset: str | None, date) -> Article:
    check_size(len(data))
    return page_article(decode_html(data, charset), source, url=url, default_date=date)


def _feed(
    data: bytes, feed_url: str, opts: Options, known: Callable[[str], bool] | None = None
) -> Iterator[Article | Refusal | Seen]:
    for entry in feed_entries(data, feed_url):
        if entry.link is None:
            yield Refusal(f"{feed_url}#entry-{entry.number}", "the feed entry has no link")
            continue
        if not is_url(entry.link):  # never file:// or other schemes a feed could point at
            yield Refusal(entry.link, "the feed entry's link is not an http(s) URL")
            continue
        if opts.skip_known and not opts.update and known is not None and known(entry.link):
            yield Seen(entry.link)
            continue
        try:
            got = fetch(entry.link)
            yield _page(got.data, got.url, got.url, got.charset, opts.published or entry.published)
        except SourceError as exc:
            yield Refusal(entry.link, str(exc))


def articles_of(
    source: str, opts: Options, known: Callable[[str], bool] | None = None
) -> Iterator[Article | Refusal | Seen]:
    """The articles in one source, and a Refusal for each part that cannot be imported
    (`known` tells which feed links were imported before)."""
    try:
        if is_url(source):
            got = fetch(source)
            if looks_like_feed(got.data, got.content_type):
                yield from _feed(got.data, got.url, opts, known)
            else:
                yield _page(got.data, source, got.url, got.charset, opts.published)
            return
        path = Path(source)
        if is_table(path):
            yield from table_articles(path, opts.mapping, opts.published)
            return
        size = path.stat().st_size
        check_size(size, MAX_BYTES)
        data = path.read_bytes()
        if looks_like_feed(data):
            yield from _feed(data, path.resolve().as_uri(), opts, known)
        else:
            yield _page(data, source, None, None, opts.published)
    except SourceError as exc:
        yield Refusal(source, str(exc))
    except OSError as exc:
        yield Refusal(source, f"cannot be read ({exc.strerror or exc})")


@dataclass
class Tally:
    imported: int = 0
    skipped: int = 0
    refused: int = 0

    def summary(self) -> str:
        return (
            f"imported {self.imported}, skipped {self.skipped} (duplicates), refused {self.refused}"
        )


def import_sources(
    sources: list[str],
    raw: Path,
    opts: Options,
    out: TextIO | None = None,
    err: TextIO | None = None,
    retrieved: dt.date | None = None,
    store: ArticleStore | None = None,
) -> Tally:
    """Import every source into `<raw>/articles`; messages to `err`, written files to `out`.
    A `store` opened before is reused (an update's sources share one scan of the articles)."""
    out = out or sys.stdout
    err = err or sys.stderr
    if store is None:
        store = ArticleStore.open(raw / "articles", opts.update, retrieved)
    store.update = opts.update
    tally = Tally()
    items = list(expand(sources))
    show = len(items) >= PROGRESS_FROM and err.isatty() and not os.environ.get("CI")
    lead = "\r\x1b[K" if show else ""  # clears the progress line before a message
    for n, item in enumerate(items, 1):
        if show:
            print(f"\rimport: {n}/{len(items)} sources", end="", file=err, flush=True)
        if isinstance(item, str) and not is_url(item) and is_dna(item):  # a DNA database
            got = import_dna(Path(item), raw, store, opts.update, out, err)
            tally.imported += got.imported
            tally.skipped += got.skipped
            tally.refused += got.refused
            continue
        found = [item] if isinstance(item, Refusal) else articles_of(item, opts, store.knows)
        for result in found:
            if isinstance(result, Seen):
                tally.skipped += 1
                continue
            if isinstance(result, Refusal):
                tally.refused += 1
                print(f"{lead}error: {result}", file=err)
                continue
            outcome = store.put(result)
            if outcome.action == "duplicate":
                tally.skipped += 1
                print(f"{lead}skipped: {result.source}: {_why(outcome, store)}", file=err)
            else:
                tally.imported += 1
                print(f"{outcome.action} {outcome.path} <- {result.source}", file=out)
    if show:
        print(file=err)
    print(tally.summary(), file=err)
    return tally


def _why(outcome: Outcome, store: ArticleStore) -> str:
    if outcome.doc_id in store.this_run:
        first = store.this_run[outcome.doc_id]
        return f"duplicate of {outcome.path} ({outcome.reason}), imported from {first}"
    if outcome.reason.endswith("unchanged"):
        return f"already imported as {outcome.path} ({outcome.reason})"
    return f"already imported as {outcome.path} ({outcome.reason}); --update rewrites it"
