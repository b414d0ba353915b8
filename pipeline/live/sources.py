"""`<raw>/sources.yaml`: where a case's news comes from, checked before anything is fetched.

Why a file: a case followed for weeks has the same sources every day; writing them down once
lets `stancemap update` (and cron, or a timer) poll them without anyone retyping `import`
arguments. Each source takes exactly one of the forms `stancemap import` accepts:

    sources:
      - url: https://example.org/talks/feed.xml   # an RSS/Atom feed, or one page
      - folder: saved-pages                       # every .html/.htm under it
      - file: exports/articles.csv                # an export, a DNA file, or one saved page
        map: {text: body, title: headline}        # as import's --map FIELD=COLUMN
        published: 2025-03-01                     # as import's --published
        update: true                              # as import's --update
        name: wire export                         # how messages name it (default: the address)

Relative folders and files are read from the raw folder. Every problem is reported at once,
with the file, the line and the field; unknown fields are warnings, as in the codebook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import Collector, InputError, Problem
from pipeline.ingest.tables import FIELDS as MAP_FIELDS
from pipeline.staging.textio import read_text
from pipeline.staging.yamlio import LineDict, YamlProblem, load_yaml, warn_unknown

FILE = "sources.yaml"
KINDS = ("url", "folder", "file")
OPTIONS = ("map", "published", "update", "name")


@dataclass(frozen=True)
class Source:
    number: int  # 1-based position in the file
    kind: str  # url, folder or file
    target: str  # the URL, or the path as the import reads it (resolved against the raw folder)
    name: str
    mapping: dict[str, str] = field(default_factory=dict)
    published: dt.date | None = None
    update: bool = False
    line: int = 0


def _text(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return " ".join(str(value).split()) or None


def _one(item: LineDict, number: int, raw: Path, shown: str, problems: Collector) -> Source | None:
    warn_unknown(item, KINDS + OPTIONS, shown)
    given = [k for k in KINDS if k in item]
    if len(given) != 1:
        what = "none" if not given else " and ".join(given)
        problems.add(
            shown,
            f"source {number} must have exactly one of url, folder or file (has {what})",
            item.line,
        )
        return None
    kind = given[0]
    line = item.line_of(kind)
    target = _text(item[kind])
    before = len(problems.problems)
    if target is None:
        problems.add(shown, f"source {number}: must be text, got {item[kind]!r}", line, kind)
    elif kind == "url" and not target.lower().startswith(("http://", "https://")):
        problems.add(shown, f"source {number}: must be an http(s) URL, got {target!r}", line, kind)
    mapping: dict[str, str] = {}
    if "map" in item:
        where = item.line_of("map")
        value = item["map"]
        if kind != "file":
            problems.add(
                shown, f"source {number}: only a file (an export) has columns", where, "map"
            )
        elif not isinstance(value, dict) or not value:
            problems.add(
                shown,
                f"source {number}: must map fields to columns, e.g. {{text: body}}",
                where,
                "map",
            )
        else:
            for key, column in value.items():
                if key not in MAP_FIELDS:
                    problems.add(
                        shown,
                        f"source {number}: unknown field {key!r}; expected one of "
                        f"{', '.join(MAP_FIELDS)}",
                        value.line_of(key) if isinstance(value, LineDict) else where,
                        "map",
                    )
                elif _text(column) is None:
                    problems.add(
                        shown, f"source {number}: the column of {key!r} must be text", where, "map"
                    )
                else:
                    mapping[str(key)] = str(_text(column))
    published = None
    if "published" in item:
        value = item["published"]
        try:
            published = dt.date.fromisoformat(str(value))
        except ValueError:
            problems.add(
                shown,
                f"source {number}: {value!r} is not a date YYYY-MM-DD",
                item.line_of("published"),
                "published",
            )
    update = item.get("update", False)
    if not isinstance(update, bool):
        problems.add(
            shown,
            f"source {number}: must be true or false, got {update!r}",
            item.line_of("update"),
            "update",
        )
    name = _text(item.get("name")) if "name" in item else target
    if "name" in item and name is None:
        problems.add(shown, f"source {number}: must be text", item.line_of("name"), "name")
    if len(problems.problems) > before or target is None:
        return None
    if kind != "url" and not Path(target).is_absolute():
        target = str(raw / target)
    return Source(
        number, kind, target, name or target, mapping, published, update is True, item.line
    )


def load_sources(raw: Path) -> list[Source]:
    """The sources of `raw/sources.yaml`; InputError naming every problem (file, line, field)."""
    path = raw / FILE
    shown = str(path)
    if not path.is_file():
        raise InputError(
            Problem(shown, "not found: list the case's feeds, pages, folders and files")
        )
    problems = Collector()
    try:
        data = load_yaml(read_text(path, shown), shown)
    except YamlProblem as exc:
        raise InputError(exc.problem) from None
    if not isinstance(data, LineDict) or not isinstance(data.get("sources"), list):
        line = data.line_of("sources") if isinstance(data, LineDict) else 1
        problems.add(shown, "must have 'sources:', a list of sources", line, "sources")
        problems.raise_if_any()
    assert isinstance(data, LineDict)
    warn_unknown(data, ("sources",), shown)
    found = []
    if not data["sources"]:
        problems.add(shown, "lists no source", data.line_of("sources"), "sources")
    for number, item in enumerate(data["sources"], 1):
        if not isinstance(item, LineDict):
            problems.add(
                shown,
                f"source {number} must be a mapping such as 'url: https://...', got {item!r}",
                data.line_of("sources"),
            )
            continue
        source = _one(item, number, raw, shown, problems)
        if source is not None:
            found.append(source)
    problems.raise_if_any()
    return found
