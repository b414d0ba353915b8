"""`stancemap export --dna FILE`: the built database as a new DNA 3.0 database, for checking there.

Every document, and one statement per claim in use (codings and extraction alike): the quote's
offsets as Start/Stop (in DNA's UTF-16 units), the speaker as `person` when it counts for another
actor and that top-level actor as `organization` (else the actor itself as organization and an
empty person, as DNA leaves an uncoded variable), the demand's label as `concept`, supports 1 and
rejects 0. An ambiguous claim becomes two statements on the same passage, one agreeing and one
disagreeing: DNA has no third value, and by stancemap's rules the pair reads back as ambiguous.
Coders: `extracted` for the extractor's claims, the analyst's name (or `coded`) for codings; the
password of every coder is `stancemap`. Entities are coloured with the stance their claims share
(the ambiguous colour when they differ). The file is written beside FILE and moved into place;
an existing FILE is never replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from pathlib import Path

import duckdb

from pipeline.errors import InputError, Problem
from pipeline.formats import dna_schema as S
from pipeline.report.legend import LOOK

PASSWORD = "stancemap"
NEEDED = ("claims", "documents", "actors", "demands")


def _rgb(stance: str) -> tuple[int, int, int]:
    colour = LOOK[stance][2].lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _read(db: Path) -> dict[str, list[dict]]:
    if not db.exists():
        raise InputError(Problem(str(db), "no such database; build it first (stancemap build)"))
    con = duckdb.connect(str(db), read_only=True)
    try:
        have = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        missing = [t for t in NEEDED if t not in have]
        if missing:
            raise InputError(
                Problem(str(db), f"lacks table(s) {', '.join(missing)}: not a stancemap build")
            )
        queries = {
            "documents": "SELECT doc_id, title, published, outlet, author, text FROM documents "
            "ORDER BY published, doc_id",
            "actors": "SELECT actor_id, name FROM actors ORDER BY position",
            "demands": "SELECT demand_id, label FROM demands ORDER BY position",
            "claims": "SELECT claim_id, doc_id, actor_id, top_actor_id, demand_id, stance, origin, "
            'coder, start, "end" FROM claims ORDER BY published, doc_id, start, claim_id',
        }
        out = {}
        for name, sql in queries.items():
            cur = con.execute(sql)
            cols = [d[0] for d in cur.description]
            out[name] = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        return out
    finally:
        con.close()


def export_dna(db: Path, target: Path) -> tuple[int, int]:
    """Write `target`; (documents, statements) written."""
    if target.exists():
        raise InputError(
            Problem(str(target), "exists; export writes a new DNA file (choose another name)")
        )
    data = _read(db)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".dna")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            n = _write(con, data)
            con.commit()
        finally:
            con.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(data["documents"]), n


def _write(con: sqlite3.Connection, data: dict[str, list[dict]]) -> int:
    S.create(con)
    con.executemany(
        "INSERT INTO SETTINGS (Property, Value) VALUES (?, ?)",
        [("version", S.VERSION), ("date", dt.date.today().isoformat())],
    )
    salt = os.urandom(16)
    password = S.password_hash(PASSWORD, salt)
    coders: dict[str, int] = {"Admin": 1}
    con.execute(
        "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (1, 'Admin', 255, 255, "
        "0, ?)",
        (password,),
    )

    def coder(claim: dict) -> int:
        name = "extracted" if claim["origin"] == "extracted" else (claim["coder"] or "coded")
        name = name[: S.MAX_TEXT]
        if name not in coders:
            coders[name] = (
                con.execute(
                    "INSERT INTO CODERS (Name, Password) VALUES (?, ?)", (name, password)
                ).lastrowid
                or 0
            )
        return coders[name]

    texts: dict[str, str] = {}
    doc_ids: dict[str, int] = {}
    for i, d in enumerate(data["documents"], 1):
        published = d["published"]
        secs = int(
            dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC).timestamp()
        )
        con.execute(
            "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Notes, Date) "
            "VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
            (
                i,
                (d["title"] or d["doc_id"])[: S.MAX_TEXT],
                d["text"],
                (d["author"] or "")[: S.MAX_TEXT],
                (d["outlet"] or "")[: S.MAX_TEXT],
                f"stancemap doc-id {d['doc_id']}",
                secs,
            ),
        )
        texts[d["doc_id"]], doc_ids[d["doc_id"]] = d["text"], i
    names = {a["actor_id"]: a["name"] for a in data["actors"]}
    labels = {d["demand_id"]: d["label"] for d in data["demands"]}

    # Entities first, coloured by the stance their claims share.
    stances: dict[tuple[int, str], set[str]] = {}

    def values(c: dict) -> dict[int, str]:
        person = names[c["actor_id"]] if c["actor_id"] != c["top_actor_id"] else ""
        return {1: person, 2: names[c["top_actor_id"]], 3: labels[c["demand_id"]]}

    for c in data["claims"]:
        for var, value in values(c).items():
            stances.setdefault((var, value[: S.MAX_TEXT]), set()).add(c["stance"])
    entity: dict[tuple[int, str], int] = {}
    for (var, value), seen in stances.items():
        rgb = _rgb(next(iter(seen)) if len(seen) == 1 else "ambiguous") if value else (0, 0, 0)
        entity[(var, value)] = (
            con.execute(
                "INSERT INTO ENTITIES (VariableId, Value, Red, Green, Blue) VALUES (?, ?, ?, ?, ?)",
                (var, value, *rgb),
            ).lastrowid
            or 0
        )

    n = 0
    for c in data["claims"]:
        text = texts[c["doc_id"]]
        start, stop = S.to_utf16(text, int(c["start"])), S.to_utf16(text, int(c["end"]))
        agreements = {"supports": (1,), "rejects": (0,), "ambiguous": (1, 0)}[c["stance"]]
        for agree in agreements:
            sid = con.execute(
                "INSERT INTO STATEMENTS (StatementTypeId, DocumentId, Start, Stop, Coder) "
                "VALUES (1, ?, ?, ?, ?)",
                (doc_ids[c["doc_id"]], start, stop, coder(c)),
            ).lastrowid
            for var, value in values(c).items():
                con.execute(
                    "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                    (sid, var, entity[(var, value[: S.MAX_TEXT])]),
                )
            con.execute(
                "INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, 4, ?)",
                (sid, agree),
            )
            n += 1
    return n
