"""The command line: stage commands round-trip through the database; views answer questions;
DuckDB 1.x opens the file; the module runs as `python -m pipeline`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SEED_RAW, query

from pipeline.cli import main


def _args(out: Path) -> list[str]:
    return ["--raw", str(SEED_RAW), "--db", str(out / "s.duckdb"), "--reports", str(out / "rep")]


def test_stages_one_by_one_equal_a_full_build(tmp_path, seed_build):
    for stage in ("stage", "claims", "stances", "report"):
        assert main([stage, *_args(tmp_path)]) == 0
    for table in ("documents", "sentences", "claims", "stance_history", "stances"):
        staged = query(tmp_path / "s.duckdb", f"SELECT * FROM {table}")
        full = query(seed_build / "db/stances.duckdb", f"SELECT * FROM {table}")
        pd.testing.assert_frame_equal(staged, full, check_dtype=False)
    assert (tmp_path / "rep/index.html").read_bytes() == (
        seed_build / "reports/index.html"
    ).read_bytes()


def test_a_stage_empties_the_tables_after_it(tmp_path):
    assert main(["build", *_args(tmp_path)]) == 0
    assert main(["stage", *_args(tmp_path)]) == 0
    counts = query(
        tmp_path / "s.duckdb",
        "SELECT (SELECT count(*) FROM claims) c, "
        "(SELECT count(*) FROM stances) s, (SELECT count(*) FROM documents) d",
    )
    assert tuple(counts.iloc[0]) == (0, 0, 1)


def test_stage_without_database_says_so(tmp_path, capsys):
    assert main(["claims", *_args(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {tmp_path}/s.duckdb: database not found: run `python -m pipeline build` first"
    )


def test_views_answer_analyst_questions(seed_build):
    db = seed_build / "db/stances.duckdb"
    m = query(db, 'SELECT demand_id, russia, ukraine, nato, "united-states", europe FROM matrix')
    assert list(m.iloc[0]) == [
        "halt-nato-expansion",
        "supports",
        "rejects",
        "rejects",
        "no_position",
        "no_position",
    ]
    raised_and_rejected = query(
        db,
        """
        SELECT DISTINCT r.demand_id FROM demand_raisers r JOIN stances s
          ON s.demand_id = r.demand_id AND s.actor_id = 'ukraine' AND s.stance = 'rejects'
        WHERE r.actor_id = 'russia' ORDER BY 1""",
    )
    assert list(raised_and_rejected["demand_id"]) == [
        "halt-nato-expansion",
        "protect-russian-speakers",
        "sanctions-relief",
        "ukraine-neutrality",
    ]
    contested = query(db, "SELECT demand_id, supporters, rejecters FROM contested_demands")
    assert tuple(contested.iloc[0]) == ("halt-nato-expansion", "russia", "nato,ukraine")
    ev = query(db, "SELECT count(*) n, count(DISTINCT title) t FROM evidence")
    assert tuple(ev.iloc[0]) == (21, 1)


def test_duckdb_1x_cli_opens_the_database(seed_build):
    cli = Path(sys.executable).with_name("duckdb")
    if not cli.exists():
        pytest.skip("duckdb-cli not installed (make test installs it)")
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("v1.")
    out = subprocess.run(
        [
            str(cli),
            "-readonly",
            "-csv",
            str(seed_build / "db/stances.duckdb"),
            "-c",
            "SELECT count(*) FROM stances WHERE stance = 'supports'",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["count_star()", "6"]


def test_module_entry_point_and_help(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", *_args(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr
    assert "built" in r.stderr and (tmp_path / "rep/index.html").exists()
    h = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    for command in ("build", "stage", "claims", "stances", "report", "extract"):
        assert command in h.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("build", "stage", "claims", "stances", "report", "extract"):
        assert f"stancemap {command}" in readme  # the installed command, as the README shows it


def test_missing_parent_folders_are_created(tmp_path):
    deep = tmp_path / "a/b/c"
    assert (
        main(
            [
                "build",
                "--raw",
                str(SEED_RAW),
                "--db",
                str(deep / "x.duckdb"),
                "--reports",
                str(deep / "r"),
            ]
        )
        == 0
    )
    assert (deep / "x.duckdb").exists() and (deep / "r/index.html").exists()
    assert not list(deep.glob(".*tmp-*")) and not list((deep / "r").glob(".*tmp-*"))


def test_report_escapes_text_from_raw_files(raw_copy, tmp_path):
    art = raw_copy / "articles/putin-peace-terms.md"
    text = (
        art.read_text(encoding="utf-8")
        .replace('title: "Putin’s', 'title: "<script>alert(1)</script> Putin’s')
        .replace("outlet: Newslooks", "outlet: <img src=x onerror=alert(2)>")
        .replace(
            "Russia also wants sanctions lifted",
            "Russia also wants <b onclick=x()>sanctions lifted</b>",
        )
    )
    art.write_text(text, encoding="utf-8")
    acts = raw_copy / "codebook/actors.yaml"
    acts.write_text(
        acts.read_text(encoding="utf-8").replace("name: NATO\n", "name: <i>NATO</i>\n"),
        encoding="utf-8",
    )
    shutil.rmtree(raw_copy / "codings")
    assert (
        main(
            [
                "build",
                "--raw",
                str(raw_copy),
                "--db",
                str(tmp_path / "x.duckdb"),
                "--reports",
                str(tmp_path / "r"),
            ]
        )
        == 0
    )
    html = (tmp_path / "r/index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html and "<b onclick" not in html
    assert "<i>NATO" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b onclick=x()&gt;sanctions lifted&lt;/b&gt;" in html


def test_progress_only_on_a_terminal_for_large_corpora(capsys, monkeypatch):
    from pipeline.progress import Progress

    assert not Progress.for_corpus(10_000).enabled  # pytest's stderr is not a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert Progress.for_corpus(10_000).enabled
    assert not Progress.for_corpus(10).enabled
    monkeypatch.setenv("CI", "true")
    assert not Progress.for_corpus(10_000).enabled
    with Progress(True).stage("claims"):
        pass
    assert capsys.readouterr().err.startswith("claims ... done in ")
