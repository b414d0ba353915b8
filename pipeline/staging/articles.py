"""Stage the articles: front matter and verbatim body of each `articles/<doc-id>.md`, and sentences.

Steps: check the file name is a valid doc-id; decode (UTF-8, BOM allowed, line endings made LF);
split the front matter between the first two `---` lines; read `published` (YYYY-MM-DD, a real
date) and the optional fields; keep the body verbatim; split it into sentences with offsets.
Every problem in every file is collected before the stage fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import Collector, InputError
from pipeline.schema import SLUG, SLUG_HELP
from pipeline.staging.sentences import split_sentences
from pipeline.staging.textio import read_text
from pipeline.staging.yamlio import LineDict, YamlProblem, load_yaml
from pipeline.validate import ORIGIN, to_frame

TEXT_FIELDS = ("title", "outlet", "author", "url", "language", "issued_by")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value) -> dt.date | str:
    """A date, or the reason the value is not one."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text = str(value).strip() if value is not None else ""
    if not text:
        return "is required but empty"
    if not _DATE.match(text):
        return f"{text!r} is not a date in the form YYYY-MM-DD"
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not a real date"


def parse_article(text: str, doc_id: str, shown: str, problems: Collector) -> dict | None:
    """One document row from the text of an article file, or None with problems recorded."""
    lines = text.split("\n")
    if not text.strip():
        problems.add(
            shown, "file is empty; expected front matter between '---' lines, then the text", 1
        )
        return None
    if lines[0].strip() != "---":
        problems.add(shown, "must start with a '---' line opening the front matter", 1)
        return None
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if close is None:
        problems.add(shown, "front matter is not closed: no second '---' line", 1)
        return None
    try:
        meta = load_yaml("\n".join(lines[1:close]), shown, first_line=2)
    except YamlProblem as exc:
        problems.problems.append(exc.problem)
        return None
    if not isinstance(meta, LineDict):
        problems.add(shown, "front matter must be 'key: value' lines", 2)
        return None
    ok = True
    published = _parse_date(meta.get("published"))
    if "published" not in meta:
        problems.add(shown, "is required (YYYY-MM-DD)", 2, "published")
        ok = False
    elif isinstance(published, str):
        problems.add(shown, published, meta.line_of("published"), "published")
        ok = False
    row: dict[str, Any] = {"doc_id": doc_id}
    for name in TEXT_FIELDS:
        value = meta.get(name)
        if value is not None and not isinstance(value, (str, int, float)):
            problems.add(shown, "must be a single line of text", meta.line_of(name), name)
            ok = False
        row[name] = str(value).strip() if value is not None and str(value).strip() else None
    body = "\n".join(lines[close + 1 :])
    if not body.strip():
        problems.add(shown, "has no text after the front matter", close + 1)
        ok = False
    if not ok:
        return None
    if row["title"] is None:
        print(
            f"warning: {shown}: field 'title' is missing; the doc-id {doc_id!r} is used as the "
            "title",
            file=sys.stderr,
        )
    row["title"] = row["title"] or doc_id
    row["issued_by_line"] = meta.line_of("issued_by") if row["issued_by"] else None
    row["language"] = row["language"] or "en"
    row.update(published=published, text=body, body_line=close + 2)
    return row


def article_files(raw: Path, problems: Collector) -> list[tuple[Path, str]]:
    folder = raw / "articles"
    if not folder.is_dir():
        problems.add(str(folder), "folder not found: a raw folder needs articles/<doc-id>.md files")
        return []
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        shown = str(path)
        if path.is_dir() or path.suffix != ".md":
            problems.add(shown, "not an article: expected a file named <doc-id>.md")
        elif not re.match(SLUG, path.stem):
            problems.add(shown, f"file name {path.stem!r} is not a valid doc-id ({SLUG_HELP})")
        else:
            files.append((path, shown))
    if not files and not problems.problems:
        problems.add(str(folder), "no articles found: add at least one <doc-id>.md file")
    return files


_SENTENCE_COLUMNS = ("sentence_no", "start", "end", "line_no", "block_no", "is_list_item")
BATCH = 500  # articles turned into frames at a time: transient memory stays bounded


class _Batch:
    """Rows of up to BATCH articles gathered column by column, then turned into frames: staging
    a large corpus never holds millions of small Python objects."""

    def __init__(self) -> None:
        self.docs: list[dict] = []
        self.sents: dict[str, list] = {c: [] for c in ("doc_id",) + _SENTENCE_COLUMNS}

    def add(self, doc: dict, sentences) -> None:
        self.docs.append(doc)
        cols = self.sents
        for no, s in enumerate(sentences):
            cols["doc_id"].append(doc["doc_id"])
            cols["sentence_no"].append(no)
            cols["start"].append(s.start)
            cols["end"].append(s.end)
            cols["line_no"].append(s.line_no)
            cols["block_no"].append(s.block_no)
            cols["is_list_item"].append(s.is_list_item)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return to_frame(self.docs, "documents"), pd.DataFrame(self.sents)


def article_batches(
    raw: Path, abbreviations: frozenset[str], problems: Collector, actor_ids: frozenset[str] | None
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """(documents, sentences) frames of the good articles, BATCH articles at a time, in file
    order; the problems of the others go to `problems`. `issued_by` must name one of
    `actor_ids` (unchecked when None). Sentences carry no origin: they are cut from documents
    already checked, so no input can make them invalid."""
    batch = _Batch()
    for path, shown in article_files(raw, problems):
        try:
            text = read_text(path, shown)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        row = parse_article(text, path.stem, shown, problems)
        if row is None:
            continue
        issued_line = row.pop("issued_by_line")
        if row["issued_by"] and actor_ids is not None and row["issued_by"] not in actor_ids:
            problems.add(
                shown,
                f"unknown actor {row['issued_by']!r} (not an id in codebook/actors.yaml)",
                issued_line,
                "issued_by",
            )
            continue
        doc = {
            **row,
            "source_file": str(path.relative_to(raw)),
            ORIGIN: f"{shown}:1",
            "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
        batch.add(doc, split_sentences(row["text"], abbreviations))
        if len(batch.docs) >= BATCH:
            yield batch.frames()
            batch = _Batch()
    if batch.docs:
        yield batch.frames()


def stage_articles(
    raw: Path, abbreviations: frozenset[str], problems: Collector, actor_ids: frozenset[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(documents, sentences) frames of every good article (see `article_batches`)."""
    parts = list(article_batches(raw, abbreviations, problems, actor_ids))
    if not parts:
        return to_frame([], "documents"), to_frame([], "sentences")
    return (
        pd.concat([d for d, _ in parts], ignore_index=True),
        pd.concat([s for _, s in parts], ignore_index=True),
    )
