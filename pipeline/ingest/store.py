"""Where an imported article goes: duplicates found, doc-ids made unique, files written atomically.

An article is the *same* as one already in `<raw>/articles/` (or imported earlier in this run) when
its canonical URL or its normalized text (whitespace collapsed, case folded) is equal, or when it
comes from the same source under the same base doc-id (a re-saved page whose text changed). The
same article is skipped as a duplicate; with `update`, an existing file is rewritten in place
(same doc-id) when its content changed. A *different* article whose doc-id is taken gets -2, -3 ….
Each file is written to a hidden temporary file beside it and moved into place with os.replace
(the build ignores dot-files, so an interrupted import leaves nothing half-written).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.ingest.article import Article, canonical_url, render, text_key

# libyaml's safe loader when present: reading the front matter of every article is most of the
# time an update with nothing new takes
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Outcome:
    action: str  # "imported", "updated", "duplicate"
    doc_id: str
    path: Path
    reason: str = ""  # for duplicates: what matched


@dataclass
class _Known:
    doc_id: str
    source: str | None


def _split(text: str) -> tuple[dict, str]:
    """(front matter, body) of an article file; ({}, text) when it has no readable front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if close is None:
        return {}, text
    try:
        meta = yaml.load("\n".join(lines[1:close]), Loader=_LOADER)
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), "\n".join(lines[close + 1 :])


def _without_retrieved(text: str) -> str:
    return re.sub(r"(?m)^retrieved: .*\n", "", text, count=1)


@dataclass
class ArticleStore:
    folder: Path  # <raw>/articles
    update: bool = False
    retrieved: dt.date = field(default_factory=dt.date.today)
    by_url: dict[str, _Known] = field(default_factory=dict)
    by_text: dict[str, _Known] = field(default_factory=dict)
    by_source: dict[str, list[str]] = field(default_factory=dict)
    this_run: dict[str, str] = field(default_factory=dict)  # doc-id -> source, written now

    @classmethod
    def open(cls, folder: Path, update: bool = False, retrieved: dt.date | None = None):
        store = cls(folder, update, retrieved or dt.date.today())
        if folder.is_dir():
            for path in sorted(folder.glob("*.md")):
                try:
                    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
                except (OSError, UnicodeDecodeError):
                    continue
                meta, body = _split(text)
                url = meta.get("url")
                source = meta.get("source")
                store._remember(
                    path.stem,
                    canonical_url(str(url)) if url else None,
                    text_key(body),
                    str(source) if source else None,
                )
        return store

    def _remember(self, doc_id: str, url: str | None, text: str, source: str | None) -> None:
        known = _Known(doc_id, source)
        if url:
            self.by_url.setdefault(url, known)
        self.by_text.setdefault(text, known)
        if source:
            self.by_source.setdefault(source, []).append(doc_id)

    def knows(self, link: str) -> bool:
        """Whether an article with this (canonical) URL is in the folder or was written now."""
        return canonical_url(link) in self.by_url

    def _taken(self, doc_id: str) -> bool:
        return doc_id in self.this_run or (self.folder / f"{doc_id}.md").exists()

    def _same(self, article: Article, base: str) -> tuple[_Known, str] | None:
        url = article.url_key()
        if url and url in self.by_url:
            return self.by_url[url], "same URL"
        if article.text_key() in self.by_text:
            return self.by_text[article.text_key()], "same text"
        for doc_id in self.by_source.get(article.source, []):
            if doc_id == base or re.fullmatch(re.escape(base) + r"-\d+", doc_id):
                return _Known(doc_id, article.source), "same source and title"
        return None

    def put(self, article: Article) -> Outcome:
        """Write `article` unless it is a duplicate; what was done, and to which file."""
        base = article.base_id()
        match = self._same(article, base)
        content = render(article, self.retrieved)
        if match is not None:
            known, reason = match
            path = self.folder / f"{known.doc_id}.md"
            if not self.update or known.doc_id in self.this_run or not path.exists():
                return Outcome("duplicate", known.doc_id, path, reason)
            old = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            if _without_retrieved(old) == _without_retrieved(content):
                return Outcome("duplicate", known.doc_id, path, f"{reason}, unchanged")
            self._write(path, content)
            self.this_run[known.doc_id] = article.source
            self._remember(known.doc_id, article.url_key(), article.text_key(), article.source)
            return Outcome("updated", known.doc_id, path)
        doc_id, n = base, 1
        while self._taken(doc_id):
            n += 1
            doc_id = f"{base}-{n}"
        path = self.folder / f"{doc_id}.md"
        self._write(path, content)
        self.this_run[doc_id] = article.source
        self._remember(doc_id, article.url_key(), article.text_key(), article.source)
        return Outcome("imported", doc_id, path)

    def _write(self, path: Path, content: str) -> None:
        write_atomic(path, content)


def write_atomic(path: Path, content: str) -> None:
    """`content` as UTF-8 with LF line ends, whole or not at all (a temp file beside it, then a
    rename): an interrupted import leaves no half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
