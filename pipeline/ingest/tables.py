"""Corpus exports (CSV, JSON lines, Parquet) -> one article per record, read with DuckDB.

Columns are found by a mapping: `--map text=body` names a column; a field not mapped takes the
first column whose name (any case) is in `DEFAULT_COLUMNS`. A missing text column refuses the
whole file; a record without text or date (and no `--published`) is refused on its own, named
`file.csv#record-N` (N counts records from 1, not lines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from pipeline.ingest.article import Article, Refusal, SourceError, one_line, parse_date

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article"),
    "title": ("title", "headline"),
    "published": ("published", "date", "pub_date", "publication_date"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "site", "publisher"),
    "author": ("author", "byline"),
    "language": ("language", "lang"),
}
FIELDS = tuple(DEFAULT_COLUMNS)
SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "json", ".ndjson": "json", ".json": "json",
            ".parquet": "parquet"}  # fmt: skip


def is_table(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def resolve_columns(columns: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """field -> column of the file; SourceError when a mapped column or the text is missing."""
    by_lower = {c.lower(): c for c in columns}
    found: dict[str, str] = {}
    for field, names in DEFAULT_COLUMNS.items():
        if field in mapping:
            column = by_lower.get(mapping[field].lower())
            if column is None:
                raise SourceError(
                    f"--map {field}={mapping[field]}: no column {mapping[field]!r} "
                    f"(columns: {', '.join(columns)})"
                )
            found[field] = column
        else:
            column = next((by_lower[n] for n in names if n in by_lower), None)
            if column is not None:
                found[field] = column
    if "text" not in found:
        raise SourceError(
            f"no text column (looked for {', '.join(DEFAULT_COLUMNS['text'])}; "
            f"columns: {', '.join(columns)}); name it with --map text=COLUMN"
        )
    return found


def read_records(path: Path) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a CSV, JSON (lines or array) or Parquet file."""
    import duckdb

    kind = SUFFIXES[path.suffix.lower()]
    con = duckdb.connect()
    try:
        if kind == "csv":
            rel = con.read_csv(str(path), all_varchar=True)
        elif kind == "json":
            rel = con.read_json(str(path))
        else:
            rel = con.read_parquet(str(path))
        return list(rel.columns), rel.fetchall()
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SourceError(f"cannot be read as {kind.upper()} ({first})") from None
    finally:
        con.close()


def table_articles(
    path: Path, mapping: dict[str, str], default_date: dt.date | None
) -> Iterator[Article | Refusal]:
    """One Article per record, or a Refusal naming the record (`file#record-N`)."""
    columns, rows = read_records(path)
    cols = resolve_columns(columns, mapping)
    index = {c: i for i, c in enumerate(columns)}
    for n, row in enumerate(rows, 1):
        where = f"{path}#record-{n}"

        def value(field: str, row: tuple = row) -> object:
            return row[index[cols[field]]] if field in cols else None

        text = value("text")
        text = str(text).strip() if text is not None else ""
        if not text:
            yield Refusal(where, f"no text (column {cols['text']!r} is empty)")
            continue
        raw_date = value("published")
        published = parse_date(raw_date) if raw_date not in (None, "") else None
        if published is None and raw_date not in (None, ""):
            yield Refusal(
                where, f"column {cols['published']!r}: {str(raw_date)!r} is not a date (YYYY-MM-DD)"
            )
            continue
        published = published or default_date
        if published is None:
            said = (
                f"column {cols['published']!r} is empty"
                if "published" in cols
                else f"no date column (looked for {', '.join(DEFAULT_COLUMNS['published'])})"
            )
            yield Refusal(
                where,
                f"no publication date ({said}); give one with --published YYYY-MM-DD "
                "or name the column with --map published=COLUMN",
            )
            continue
        yield Article(
            text=text,
            published=published,
            source=where,
            title=one_line(value("title")),
            outlet=one_line(value("outlet")),
            author=one_line(value("author")),
            url=one_line(value("url")),
            language=one_line(value("language")),
        )
