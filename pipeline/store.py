"""DuckDB I/O: tables created from `schema.py`, written whole, published atomically, under a lock.

A build writes a complete new database beside the live one and moves it into place only when every
table validated, so readers see either the previous database or the new one, never a half-written
file. The file is written in storage format v1.2.0 so that DuckDB 1.x CLIs can open it too.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.errors import InputError, Problem
from pipeline.schema import TABLES, Table

STORAGE_VERSION = "v1.2.0"
_SQL_TYPES = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
}


DUCKDB_MEMORY = "1GB"
"""DuckDB's own buffer limit in a build (STANCEMAP_DUCKDB_MEMORY overrides it): past it DuckDB
spills to temporary files rather than growing, so a large corpus cannot take the machine's memory
through the database writes and the open-data exports."""


def connect(database: str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the build's memory limit."""
    limit = os.environ.get("STANCEMAP_DUCKDB_MEMORY", DUCKDB_MEMORY)
    return duckdb.connect(database, read_only=read_only, config={"memory_limit": limit})


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ddl(table: Table) -> str:
    """CREATE TABLE statement with types, NOT NULL, CHECK, UNIQUE, PRIMARY and FOREIGN KEY."""
    lines = []
    for c in table.columns:
        parts = [quote_ident(c.name), _SQL_TYPES[c.type]]
        if c.required:
            parts.append("NOT NULL")
        if c.unique and (c.name,) != table.primary_key:
            parts.append("UNIQUE")
        if c.enum:
            allowed = ", ".join(map(quote_literal, c.enum))
            parts.append(f"CHECK ({quote_ident(c.name)} IN ({allowed}))")
        if c.pattern:
            parts.append(
                f"CHECK (regexp_full_match({quote_ident(c.name)}, {quote_literal(c.pattern)}))"
            )
        lines.append(" ".join(parts))
    lines.append(f"PRIMARY KEY ({', '.join(map(quote_ident, table.primary_key))})")
    for fk in table.foreign_keys:
        lines.append(
            f"FOREIGN KEY ({', '.join(map(quote_ident, fk.columns))}) REFERENCES "
            f"{quote_ident(fk.table)} ({', '.join(map(quote_ident, fk.ref_columns))})"
        )
    return f"CREATE TABLE {quote_ident(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"


class Writer:
    """A new database file filled table by table (a build loads the staged documents and
    sentences from their Parquet batches first, then `finish` writes the rest). Tables are
    created from `schema.py` first, so every insert is checked by DuckDB's constraints too."""

    def __init__(self, path: Path):
        path.unlink(missing_ok=True)
        self.path = path
        self.con = connect()
        self.con.execute(
            f"ATTACH {quote_literal(str(path))} AS out (STORAGE_VERSION '{STORAGE_VERSION}')"
        )
        self.con.execute("USE out")
        for table in TABLES.values():
            self.con.execute(ddl(table))
        self.written: set[str] = set()

    def insert(self, name: str, source: str) -> None:
        """Insert into table `name` the declared columns of `source`, a table expression."""
        cols = ", ".join(map(quote_ident, TABLES[name].column_names))
        self.con.execute(f"INSERT INTO {quote_ident(name)} ({cols}) SELECT {cols} FROM {source}")
        self.written.add(name)

    def append(self, name: str, frame: pd.DataFrame) -> None:
        """Insert a validated frame's rows into table `name`."""
        self.con.register("frame_in", frame)
        try:
            self.insert(name, "frame_in")
        finally:
            self.con.unregister("frame_in")

    def finish(self, frames: dict[str, pd.DataFrame], views: list[str]) -> None:
        """Insert every table not written yet (in declaration order, so references resolve),
        create the views and write it all to the file."""
        for name in TABLES:
            if name not in self.written:
                self.append(name, frames[name])
        for statement in views:
            self.con.execute(statement)
        self.con.execute("CHECKPOINT")

    def close(self) -> None:
        self.con.close()


def read_tables(path: Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read whole tables back as frames (the stage commands start from these)."""
    if not path.exists():
        raise InputError(
            Problem(str(path), "database not found: run `python -m pipeline build` first")
        )
    con = connect(str(path), read_only=True)
    try:
        found = {r[0] for r in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
        missing = [n for n in (names or list(TABLES)) if n not in found]
        if missing:
            raise InputError(
                Problem(
                    str(path),
                    f"has no table {', '.join(missing)}: made by another version of stancemap "
                    "(or not by stancemap); `stancemap build` rebuilds it from the raw folder",
                )
            )
        return {n: con.sql(f"SELECT * FROM {quote_ident(n)}").df() for n in (names or list(TABLES))}
    finally:
        con.close()


def temp_path(final: Path) -> Path:
    """A sibling of `final` for writing, named so stray ones are recognisable and cleaned."""
    return final.with_name(f".{final.name}.tmp-{os.getpid()}")


def publish(temp: Path, final: Path) -> None:
    """Move a finished file into place; a stale WAL of the old file must not replay onto it."""
    Path(str(final) + ".wal").unlink(missing_ok=True)
    os.replace(temp, final)


def clean_stray_temps(folder: Path) -> None:
    """Remove temporary files left by builds that were killed (their process no longer exists)."""
    if not folder.is_dir():
        return
    for stray in folder.glob(".*.tmp-*"):
        pid = stray.name.rpartition("tmp-")[2].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            if stray.is_dir():
                for child in sorted(stray.rglob("*"), reverse=True):
                    child.rmdir() if child.is_dir() else child.unlink()
                stray.rmdir()
            else:
                stray.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
