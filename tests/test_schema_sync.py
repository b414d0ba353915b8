"""One source of truth: pandera, DuckDB and the README all say what schema.py says."""

from __future__ import annotations

from conftest import ROOT, query

from pipeline.docs import BEGIN, END, data_dictionary
from pipeline.schema import STANCES, TABLES
from pipeline.validate import pandera_schema


def test_pandera_schemas_follow_declarations():
    for name, table in TABLES.items():
        schema = pandera_schema(table)
        assert list(schema.columns) == table.column_names, name
        for col in table.columns:
            assert schema.columns[col.name].nullable is (not col.required), (name, col.name)


def test_database_columns_follow_declarations(seed_build):
    db = seed_build / "db/stances.duckdb"
    cols = query(
        db,
        "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
        "WHERE table_name IN (SELECT table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE') ORDER BY table_name, ordinal_position",
    )
    got = {t: list(g["column_name"]) for t, g in cols.groupby("table_name")}
    assert got == {n: t.column_names for n, t in TABLES.items()}


def test_database_rejects_values_outside_the_enumeration(seed_build, tmp_path):
    import shutil

    import duckdb
    import pytest

    copy = tmp_path / "copy.duckdb"
    shutil.copy(seed_build / "db/stances.duckdb", copy)
    con = duckdb.connect(str(copy))
    with pytest.raises(duckdb.ConstraintException):
        con.execute("UPDATE stances SET stance = 'maybe' WHERE actor_id = 'russia'")
    con.close()
    assert "maybe" not in STANCES


def test_readme_data_dictionary_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    between = readme.split(BEGIN, 1)[1].split(END, 1)[0]
    assert between.strip() == data_dictionary().strip(), "run `make docs`"
