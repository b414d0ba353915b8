"""Shared fixtures: the bundled raw folder, copies of it to break, and builds into temp folders."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (lock files aside): "byte-identical" made checkable."""
    import hashlib

    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def build_args(raw: Path, out: Path, *extra: str) -> list[str]:
    """`build` arguments writing out/db/stances.duckdb and out/reports."""
    db, reports = out / "db" / "stances.duckdb", out / "reports"
    return ["build", "--raw", str(raw), "--db", str(db), "--reports", str(reports), *extra]


def build_cmd(raw: Path, out: Path, *extra: str) -> list[str]:
    """The same build as a command for a separate process."""
    return [sys.executable, "-m", "pipeline", *build_args(raw, out, *extra)]


def run_build(raw: Path, out: Path, *extra: str) -> int:
    return main(build_args(raw, out, *extra))


def query(db: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(sql).df()
    finally:
        con.close()


def harbor_worksheet(tmp_path: Path) -> tuple[Path, Path, list[dict]]:
    """A copy of the harbor fixture and its review worksheet: (raw, worksheet.csv, its rows)."""
    import csv

    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    out = tmp_path / "review" / "worksheet.csv"
    assert main(["review", "--raw", str(raw), "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        return raw, out, list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The bundled data built once; returns the output folder (db/ and reports/)."""
    out = tmp_path_factory.mktemp("seed")
    assert run_build(SEED_RAW, out) == 0
    return out


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A private copy of the bundled raw folder, free to break."""
    dest = tmp_path / "raw"
    shutil.copytree(SEED_RAW, dest)
    return dest


@pytest.fixture
def server(tmp_path, monkeypatch):
    """(folder served, base URL) of an HTTP server on 127.0.0.1 serving files from a tmp folder."""
    from pipeline.live.benchmark import serve

    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    root = tmp_path / "www"
    root.mkdir()
    httpd, base = serve(root)
    yield root, base
    httpd.shutdown()
    httpd.server_close()
