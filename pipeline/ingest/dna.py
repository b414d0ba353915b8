"""Import a Discourse Network Analyzer (DNA 3.x) database into a raw folder.

Documents become articles (through the same store as every import: duplicates skipped, atomic
writes); organisations become top-level actors, persons actors `part_of` the organisation they
are coded with (dated `memberships` when coded with several, in the order of their dates);
concepts become demands (the `Alias` attribute, split at ';', gives the terms, else the wording);
each statement becomes an analyst coding in `codings/dna-<stem>.csv` (the document's text between
Start and Stop as the quote, agreement 1/0 as supports/rejects, the coder's name as `coder`).
The codebook and codings files are checked before any is written, and never replaced without
`update`. Each bad record is reported with file, table, row id and field, and skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from pipeline.formats import dna_schema as S
from pipeline.ingest.article import Article, slugify
from pipeline.ingest.store import ArticleStore, write_atomic
from pipeline.schema import ACTOR_KINDS

SQLITE_MAGIC = b"SQLite format 3\x00"
CODING_COLUMNS = ("document", "actor", "demand", "stance", "quote", "attribution", "coder", "note")


def is_dna(source: str) -> bool:
    """A `.dna` file, or any SQLite file (so that a foreign one gets a DNA error, not HTML's)."""
    path = Path(source)
    if path.suffix.lower() == ".dna":
        return True
    try:
        with path.open("rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


@dataclass
class DnaTally:
    imported: int = 0
    skipped: int = 0
    refused: int = 0


@dataclass
class _Statement:
    id: int
    doc: int
    start: int
    stop: int
    coder: str
    values: dict[str, int] = field(default_factory=dict)  # variable -> entity id
    agreement: int | None = None


class _Report:
    def __init__(self, shown: str, err: TextIO, tally: DnaTally) -> None:
        self.shown, self.err, self.tally = shown, err, tally

    def bad(self, table: str, row: object, fld: str | None, message: str) -> None:
        where = f"{self.shown}: table {table}" + (f", row {row}" if row is not None else "")
        what = f"field '{fld}': " if fld else ""
        print(f"error: {where}: {what}{message}", file=self.err)
        self.tally.refused += 1

    def skip(self, table: str, row: object, message: str) -> None:
        print(f"skipped: {self.shown}: table {table}, row {row}: {message}", file=self.err)
        self.tally.skipped += 1


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def import_dna(
    path: Path, raw: Path, store: ArticleStore, update: bool, out: TextIO, err: TextIO
) -> DnaTally:
    """Import one DNA file into `raw`; messages to `err`, written files to `out`."""
    tally = DnaTally()
    report = _Report(str(path), err, tally)
    try:
        con = _connect(path)
    except sqlite3.Error as exc:
        report.bad("SETTINGS", None, None, f"cannot be opened ({exc})")
        return tally
    try:
        table = "sqlite_master"
        try:
            problems = S.check(con)
            if problems:
                for table, message in problems:
                    report.bad(table, None, None, message)
                return tally
            table = "DOCUMENTS"
            _import(con, path, raw, store, update, out, report)
        except sqlite3.DatabaseError as exc:
            report.bad(table, None, None, f"cannot be read ({exc}); is the file damaged?")
    finally:
        con.close()
    return tally


def _import(
    con: sqlite3.Connection,
    path: Path,
    raw: Path,
    store: ArticleStore,
    update: bool,
    out: TextIO,
    report: _Report,
) -> None:
    types, variables = _stance_types(con, report)
    statements = _statements(con, types, variables, report)
    entities = {
        r[0]: (r[1], (r[2] or "").strip())
        for r in con.execute("SELECT ID, VariableId, Value FROM ENTITIES")
    }
    attributes: dict[tuple[int, str], str] = {}
    for eid, name, value in con.execute(
        "SELECT v.EntityId, a.AttributeVariable, v.AttributeValue FROM ATTRIBUTEVALUES v "
        "JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId"
    ):
        if value and str(value).strip():
            attributes[(eid, str(name).lower())] = str(value).strip()
    docs = _documents(con, path, report)
    doc_ids: dict[int, str] = {}
    texts: dict[int, str] = {}
    for did, (article, text) in docs.items():
        outcome = store.put(article)
        doc_ids[did], texts[did] = outcome.doc_id, text
        if outcome.action == "duplicate":
            print(f"skipped: {article.source}: already imported as {outcome.path}", file=report.err)
            report.tally.skipped += 1
        else:
            report.tally.imported += 1
            print(f"{outcome.action} {outcome.path} <- {article.source}", file=out)

    # Each statement's person, organisation and concept by name, its date, its quote.
    rows = []
    for st in statements:
        if st.doc not in doc_ids:
            report.bad("STATEMENTS", st.id, "DocumentId", f"document {st.doc} is not imported")
            continue
        text = texts[st.doc]
        start, stop = S.to_index(text, st.start), S.to_index(text, st.stop)
        quote = text[start:stop].replace("\r\n", "\n").strip()
        if st.stop > S.to_utf16(text, len(text)) or not quote:
            report.bad(
                "STATEMENTS",
                st.id,
                "Stop",
                f"Start {st.start} to Stop {st.stop} is no text of document {st.doc} "
                f"({S.to_utf16(text, len(text))} characters)",
            )
            continue
        names = {k: entities.get(eid, (0, ""))[1] for k, eid in st.values.items()}
        ents = {k: eid for k, eid in st.values.items() if names.get(k)}
        if not names.get(S.CONCEPT):
            report.bad("STATEMENTS", st.id, S.CONCEPT, "no concept coded; statement skipped")
            continue
        if not names.get(S.PERSON) and not names.get(S.ORGANIZATION):
            report.bad(
                "STATEMENTS",
                st.id,
                S.ORGANIZATION,
                "neither person nor organization coded; statement skipped",
            )
            continue
        if st.agreement not in (0, 1):
            report.bad(
                "STATEMENTS",
                st.id,
                S.AGREEMENT,
                f"agreement is {st.agreement!r}, not 1 or 0; statement skipped",
            )
            continue
        published = docs[st.doc][0].published
        rows.append((st, ents, published, quote))

    # Actors and demands, with stable ids from their wording.
    used_ids: set[str] = set()

    def new_id(name: str, fallback: str) -> str:
        base = slugify(name)
        base = base if base != "article" else fallback
        ident, n = base, 1
        while ident in used_ids:
            n += 1
            ident = f"{base}-{n}"
        used_ids.add(ident)
        return ident

    def aliases(eid: int) -> list[str]:
        value = attributes.get((eid, "alias"), "")
        return [a.strip() for a in value.split(";") if a.strip()]

    orgs: dict[int, str] = {}
    persons: dict[int, str] = {}
    concepts: dict[int, str] = {}
    for _st, ents, _, _ in rows:
        for var, bucket in ((S.ORGANIZATION, orgs), (S.PERSON, persons), (S.CONCEPT, concepts)):
            if var in ents and ents[var] not in bucket:
                eid = ents[var]
                bucket[eid] = new_id(entities[eid][1], f"{var}-{eid}")
    # A person's bodies in date order: one -> part_of; several -> dated memberships.
    spoke_for: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)
    for st, ents, published, _ in rows:
        if S.PERSON in ents and S.ORGANIZATION in ents:
            spoke_for[ents[S.PERSON]].append((published, st.id, ents[S.ORGANIZATION]))
    body_on: dict[int, dict[dt.date, int]] = {}
    taken: set[str] = set()
    actors = []
    for eid, ident in orgs.items():
        actors.append(_actor(ident, entities[eid][1], _kind(attributes, eid), aliases(eid), taken))
    for eid, ident in persons.items():
        actor = _actor(ident, entities[eid][1], "person", aliases(eid), taken)
        runs = _runs(sorted(spoke_for.get(eid, [])))
        if len(runs) == 1:
            actor["part_of"] = orgs[runs[0][1]]
        elif runs:
            actor["memberships"] = [
                {"of": orgs[org], **({"from": frm} if frm else {}), **({"to": to} if to else {})}
                for frm, org, to in runs
            ]
            body_on[eid] = {}
            for frm, org, to in runs:
                for d, _, _ in spoke_for[eid]:
                    if (frm is None or d >= frm) and (to is None or d <= to):
                        body_on[eid][d] = org
        actors.append(actor)
    demands = []
    for eid, ident in concepts.items():
        label = entities[eid][1]
        demand: dict[str, object] = {"id": ident, "label": label}
        if cat := attributes.get((eid, "type")):
            demand["category"] = cat
        demand["terms"] = aliases(eid) or [label]
        demands.append(demand)

    codings = []
    for st, ents, published, quote in rows:
        person, body = ents.get(S.PERSON), ents.get(S.ORGANIZATION)
        attribution = ""
        if person is None:
            speaker = orgs[ents[S.ORGANIZATION]]
        elif body is not None and person in body_on and body_on[person].get(published) != body:
            # several bodies on one date: the coding names the body, the person attributes
            speaker, attribution = orgs[body], entities[person][1]
        else:
            speaker = persons[person]
        codings.append(
            {
                "document": doc_ids[st.doc],
                "actor": speaker,
                "demand": concepts[ents[S.CONCEPT]],
                "stance": "supports" if st.agreement == 1 else "rejects",
                "quote": quote,
                "attribution": attribution,
                "coder": st.coder,
                "note": f"DNA statement {st.id}",
            }
        )
    files = {
        raw / "codebook" / "actors.yaml": _yaml({"actors": actors}),
        raw / "codebook" / "demands.yaml": _yaml({"demands": demands}),
        raw / "codings" / f"dna-{slugify(path.stem)}.csv": _csv(codings),
    }
    conflicts = []
    for target, content in files.items():
        if target.exists() and target.read_text(encoding="utf-8-sig") != content and not update:
            conflicts.append(target)
    if conflicts:
        for target in conflicts:
            print(
                f"error: {target}: exists and differs from what {path} gives; "
                "--update replaces it (nothing of the codebook or codings was written)",
                file=report.err,
            )
            report.tally.refused += 1
        return
    for target, content in files.items():
        if target.exists() and target.read_text(encoding="utf-8-sig") == content:
            continue
        action = "updated" if target.exists() else "imported"
        _write(target, content)
        print(f"{action} {target} <- {path}", file=out)


def _stance_types(con: sqlite3.Connection, report: _Report) -> tuple[set[int], dict[int, str]]:
    """Statement types with the four stance variables; other types with statements reported."""
    by_type: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    for vid, name, dtype, tid in con.execute(
        "SELECT ID, Variable, DataType, StatementTypeId FROM VARIABLES"
    ):
        by_type[tid][str(name)] = (vid, str(dtype))
    counts = dict(
        con.execute("SELECT StatementTypeId, COUNT(*) FROM STATEMENTS GROUP BY StatementTypeId")
    )
    types, variables = set(), {}
    for tid, label in con.execute("SELECT ID, Label FROM STATEMENTTYPES ORDER BY ID"):
        have = by_type.get(tid, {})
        if all(have.get(n, (0, ""))[1] == t for n, t in S.STANCE_VARIABLES.items()):
            types.add(tid)
            variables.update({vid: name for name, (vid, _) in have.items()})
        elif counts.get(tid):
            report.skip(
                "STATEMENTTYPES",
                tid,
                f"statement type {label!r} has no person, organization, concept and agreement "
                f"variables; its {counts[tid]} statement(s) are skipped",
            )
    return types, variables


def _statements(
    con: sqlite3.Connection, types: set[int], variables: dict[int, str], report: _Report
) -> list[_Statement]:
    coders = {r[0]: str(r[1]) for r in con.execute("SELECT ID, Name FROM CODERS")}
    out: dict[int, _Statement] = {}
    for sid, tid, doc, start, stop, coder in con.execute(
        "SELECT ID, StatementTypeId, DocumentId, Start, Stop, Coder FROM STATEMENTS ORDER BY ID"
    ):
        if tid in types:
            if not isinstance(start, int) or not isinstance(stop, int) or not 0 <= start < stop:
                report.bad("STATEMENTS", sid, "Start", f"Start {start!r}, Stop {stop!r}: no span")
                continue
            out[sid] = _Statement(sid, doc, start, stop, coders.get(coder, ""))
    for sid, vid, entity in con.execute(
        "SELECT StatementId, VariableId, Entity FROM DATASHORTTEXT"
    ):
        if sid in out and vid in variables:
            out[sid].values[variables[vid]] = entity
    for sid, vid, value in con.execute("SELECT StatementId, VariableId, Value FROM DATABOOLEAN"):
        if sid in out and variables.get(vid) == S.AGREEMENT:
            out[sid].agreement = value
    return list(out.values())


def _documents(
    con: sqlite3.Connection, path: Path, report: _Report
) -> dict[int, tuple[Article, str]]:
    docs = {}
    for did, title, text, author, source, date in con.execute(
        "SELECT ID, Title, Text, Author, Source, Date FROM DOCUMENTS ORDER BY ID"
    ):
        if not isinstance(text, str) or not text.strip():
            report.bad("DOCUMENTS", did, "Text", "empty; document skipped")
            continue
        try:
            published = dt.datetime.fromtimestamp(int(date), dt.UTC).date()
        except (TypeError, ValueError, OverflowError, OSError):
            report.bad("DOCUMENTS", did, "Date", f"{date!r} is no time in seconds since 1970")
            continue
        article = Article(
            text=text,
            published=published,
            source=f"{path}#document-{did}",
            title=(title or "").strip() or None,
            outlet=(source or "").strip() or None,
            author=(author or "").strip() or None,
        )
        docs[did] = (article, text)
    return docs


def _kind(attributes: dict[tuple[int, str], str], eid: int) -> str:
    kind = attributes.get((eid, "type"), "").lower()
    return kind if kind in ACTOR_KINDS else "organization"


def _actor(ident: str, name: str, kind: str, extra: list[str], taken: set[str]) -> dict:
    taken.add(name.casefold())
    actor: dict[str, object] = {"id": ident, "name": name, "kind": kind}
    own = [a for a in extra if a.casefold() not in taken]
    taken.update(a.casefold() for a in own)
    if own:
        actor["aliases"] = own
    return actor


def _runs(
    spoke: list[tuple[dt.date, int, int]],
) -> list[tuple[dt.date | None, int, dt.date | None]]:
    """(from, body, to) runs of one person's bodies by date; the first and last open-ended.

    On a date coded with several bodies the first statement's body counts; a run covers its
    first date up to the day before the next run starts.
    """
    firsts: list[tuple[dt.date, int]] = []
    for d, _, org in spoke:
        if firsts and firsts[-1][0] == d:
            continue
        if not firsts or firsts[-1][1] != org:
            firsts.append((d, org))
    if len({org for _, org in firsts}) <= 1:
        return [(None, firsts[0][1], None)] if firsts else []
    runs = []
    for i, (d, org) in enumerate(firsts):
        to = firsts[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(firsts) else None
        runs.append((None if i == 0 else d, org, to))
    return runs


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)


def _csv(rows: list[dict]) -> str:
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=CODING_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _write(path: Path, content: str) -> None:
    write_atomic(path, content)
