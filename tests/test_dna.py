"""Discourse Network Analyzer: a DNA 3.0 file built here is imported, built and exported back."""

from __future__ import annotations

import calendar
import io
import sqlite3

from conftest import query, run_build

from pipeline.cli import main
from pipeline.formats import dna_schema as S
from pipeline.ingest.run import Options, import_sources

DOCS = [  # (id, title, date, text)
    (
        1,
        "Union demands pay rise",
        "2026-03-02",
        "Rail Workers Union leader Grace Okafor said the union wants a pay rise. "
        "Northern Rail called a pay rise unaffordable.",
    ),
    (
        2,
        "Talks resume",
        "2026-03-05",
        "Northern Rail said it would consider a pay rise. Rail Workers Union backs a shorter week.",
    ),
]
# (statement id, document, quote, person, organisation, concept, agreement, coder)
STATEMENTS = [
    (1, 1, "the union wants a pay rise", "Grace Okafor", "Rail Workers Union", "Pay rise", 1, 1),
    (2, 1, "Northern Rail called a pay rise unaffordable", "", "Northern Rail", "Pay rise", 0, 2),
    (
        3,
        2,
        "Northern Rail said it would consider a pay rise",
        "",
        "Northern Rail",
        "Pay rise",
        1,
        2,
    ),
    (4, 2, "Northern Rail said it would consider", "", "Northern Rail", "Pay rise", 0, 2),
    (
        5,
        2,
        "Rail Workers Union backs a shorter week",
        "",
        "Rail Workers Union",
        "Shorter week",
        1,
        1,
    ),
]


def dna_file(path, version="3.0.7", statements=STATEMENTS):
    """A DNA 3.0 database as DNA creates it, with the documents and statements above."""
    con = sqlite3.connect(path)
    S.create(con)
    con.execute("INSERT INTO SETTINGS VALUES ('version', ?), ('date', '2021-01-01')", (version,))
    for cid, name in ((1, "Ann"), (2, "Bo")):
        con.execute("INSERT INTO CODERS (ID, Name, Password) VALUES (?, ?, 'x')", (cid, name))
    texts = {}
    for did, title, day, text in DOCS:
        secs = calendar.timegm(tuple(int(x) for x in day.split("-")) + (12, 0, 0))
        con.execute(
            "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Source, Date) VALUES (?,?,?,1,?,?)",
            (did, title, text, "Rail News", secs),
        )
        texts[did] = text
    ents: dict[tuple[int, str], int] = {}

    def entity(var: int, value: str) -> int:
        if (var, value) not in ents:
            ents[(var, value)] = con.execute(
                "INSERT INTO ENTITIES (VariableId, Value) VALUES (?, ?)", (var, value)
            ).lastrowid
        return ents[(var, value)]

    for sid, doc, quote, person, org, concept, agree, coder in statements:
        start = texts[doc].index(quote)
        con.execute(
            "INSERT INTO STATEMENTS VALUES (?, 1, ?, ?, ?, ?)",
            (sid, doc, start, start + len(quote), coder),
        )
        for var, value in ((1, person), (2, org), (3, concept)):
            con.execute(
                "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                (sid, var, entity(var, value)),
            )
        con.execute(
            "INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?,4,?)", (sid, agree)
        )
    alias_var = con.execute(
        "SELECT ID FROM ATTRIBUTEVARIABLES WHERE VariableId = 3 AND AttributeVariable = 'Alias'"
    ).fetchone()[0]
    con.execute(
        "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
        "VALUES (?, ?, 'pay rise; wage increase')",
        (ents[(3, "Pay rise")], alias_var),
    )
    con.commit()
    con.close()
    return path


def _import(path, raw, update=False):
    out, err = io.StringIO(), io.StringIO()
    tally = import_sources([str(path)], raw, Options(update=update), out, err)
    return tally, out.getvalue(), err.getvalue()


def _matrix(db):
    rows = query(
        db,
        "SELECT a.name AS actor, d.label AS demand, s.stance FROM stances s "
        "JOIN actors a ON a.actor_id = s.actor_id JOIN demands d ON d.demand_id = s.demand_id "
        "WHERE s.stance != 'no_position' ORDER BY 1, 2",
    )
    return [tuple(r) for r in rows.itertuples(index=False)]


def _quotes(db):
    rows = query(db, "SELECT DISTINCT quote FROM claims WHERE origin = 'coded' ORDER BY 1")
    return list(rows["quote"])


# By the stance rules: the union supports a pay rise (2 Mar, Okafor counts for it) and a shorter
# week (5 Mar); Northern Rail rejected on 2 Mar but on 5 Mar both agreed and disagreed: ambiguous.
EXPECTED = [
    ("Northern Rail", "Pay rise", "ambiguous"),
    ("Rail Workers Union", "Pay rise", "supports"),
    ("Rail Workers Union", "Shorter week", "supports"),
]


def test_import_build_matrix_and_round_trip(tmp_path):
    raw = tmp_path / "raw"
    tally, out, err = _import(dna_file(tmp_path / "case.dna"), raw)
    assert (tally.imported, tally.skipped, tally.refused) == (2, 0, 0), err
    assert (raw / "codebook/actors.yaml").read_text() == (
        "actors:\n"
        "- id: rail-workers-union\n  name: Rail Workers Union\n  kind: organization\n"
        "- id: northern-rail\n  name: Northern Rail\n  kind: organization\n"
        "- id: grace-okafor\n  name: Grace Okafor\n  kind: person\n  part_of: rail-workers-union\n"
    )
    assert (
        "terms:\n  - pay rise\n  - wage increase\n" in (raw / "codebook/demands.yaml").read_text()
    )
    codings = (raw / "codings/dna-case.csv").read_text().splitlines()
    assert codings[1] == (
        "2026-03-02-union-demands-pay-rise,grace-okafor,pay-rise,supports,"
        "the union wants a pay rise,,Ann,DNA statement 1"
    )
    # importing the same file again changes nothing
    again = _import(tmp_path / "case.dna", raw)
    assert (again[0].imported, again[0].refused, again[1]) == (0, 0, "")

    assert run_build(raw, tmp_path / "out", "--rules-only") == 0
    db = tmp_path / "out/db/stances.duckdb"
    assert _matrix(db) == EXPECTED
    assert _quotes(db) == sorted({s[2] for s in STATEMENTS})

    exported = tmp_path / "back.dna"
    assert main(["export", "--dna", str(exported), "--db", str(db)]) == 0
    raw2 = tmp_path / "raw2"
    tally2, _, err2 = _import(exported, raw2)
    assert tally2.refused == 0, err2
    assert run_build(raw2, tmp_path / "out2", "--rules-only") == 0
    db2 = tmp_path / "out2/db/stances.duckdb"
    assert _matrix(db2) == EXPECTED
    assert _quotes(db2) == _quotes(db)


def test_changed_file_needs_update(tmp_path):
    raw = tmp_path / "raw"
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    _import(dna_file(tmp_path / "v1/a.dna"), raw)
    fewer = dna_file(tmp_path / "v2/a.dna", statements=STATEMENTS[:2])
    tally, out, err = _import(fewer, raw)
    assert (tally.refused, out) == (2, "")  # demands.yaml and the codings differ; actors do not
    assert err.splitlines()[2] == (
        f"error: {raw / 'codebook/demands.yaml'}: exists and differs from what {fewer} gives; "
        "--update replaces it (nothing of the codebook or codings was written)"
    )
    tally, out, _ = _import(fewer, raw, update=True)
    assert tally.refused == 0
    assert out.splitlines()[-2:] == [  # (the articles first: their `source` is the new file)
        f"updated {raw / 'codebook/demands.yaml'} <- {fewer}",
        f"updated {raw / 'codings/dna-a.csv'} <- {fewer}",
    ]


def test_foreign_sqlite_and_other_version(tmp_path):
    foreign = tmp_path / "notes.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes(id INTEGER)")
    con.commit()
    con.close()
    _, _, err = _import(foreign, tmp_path / "raw")
    assert err.splitlines()[0] == (
        f"error: {foreign}: table SETTINGS: missing: this is no DNA database (its tables: NOTES)"
    )
    old = dna_file(tmp_path / "old.dna", version="2.0 beta 25")
    tally, _, err = _import(old, tmp_path / "raw")
    assert tally.refused == 1
    assert err.splitlines()[0] == (
        f"error: {old}: table SETTINGS: version '2.0 beta 25' is not supported: stancemap reads "
        "DNA 3.x databases (open the file in DNA 3 to convert it)"
    )
    assert not (tmp_path / "raw/articles").exists()


def test_bad_statement_and_other_types_are_reported(tmp_path):
    path = dna_file(tmp_path / "c.dna")
    con = sqlite3.connect(path)
    con.execute("DELETE FROM DATABOOLEAN WHERE StatementId = 2")
    con.execute("INSERT INTO STATEMENTTYPES (ID, Label) VALUES (2, 'Annotation')")
    con.execute(
        "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) "
        "VALUES (5, 'note', 'long text', 2)"
    )
    con.execute("INSERT INTO STATEMENTS VALUES (9, 2, 1, 0, 4, 1)")
    con.commit()
    con.close()
    tally, _, err = _import(path, tmp_path / "raw")
    assert err.splitlines()[:2] == [
        f"skipped: {path}: table STATEMENTTYPES, row 2: statement type 'Annotation' has no "
        "person, organization, concept and agreement variables; its 1 statement(s) are skipped",
        f"error: {path}: table STATEMENTS, row 2: field 'agreement': agreement is None, "
        "not 1 or 0; statement skipped",
    ]
    assert tally.refused == 1
