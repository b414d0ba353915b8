"""Incremental builds: nothing changed -> nothing to do; one article changed -> only it is
re-extracted, and the result equals a build from scratch."""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
from conftest import FIXTURES, ROOT, build_cmd, digest, query, run_build


def _build(raw, out, capsys, *extra):
    capsys.readouterr()
    assert run_build(raw, out, *extra) == 0
    return capsys.readouterr().err


def _claims(out):
    return query(out / "db/stances.duckdb", "SELECT * FROM claims ORDER BY claim_id")


def test_only_changed_articles_are_re_extracted(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    out = tmp_path / "out"
    assert "(2 extracted, 0 unchanged)" in _build(raw, out, capsys)
    assert "(0 extracted, 2 unchanged)" in _build(raw, out, capsys, "--force")
    art = raw / "articles/harbor-deal-near.md"
    art.write_text(
        art.read_text(encoding="utf-8").replace(
            "called any wage freeze unacceptable", "now accepts a wage freeze"
        ),
        encoding="utf-8",
    )
    assert "(1 extracted, 1 unchanged)" in _build(raw, out, capsys)
    scratch = tmp_path / "scratch"
    assert "(2 extracted, 0 unchanged)" in _build(raw, scratch, capsys)
    pd.testing.assert_frame_equal(_claims(out), _claims(scratch))
    ortiz = query(
        out / "db/stances.duckdb",
        "SELECT stance FROM claims WHERE actor_id = 'ortiz' AND demand_id = 'pay-rise'",
    )
    assert list(ortiz["stance"]) == ["rejects"]


def test_a_codebook_change_re_extracts_everything(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    out = tmp_path / "out"
    _build(raw, out, capsys)
    demands = raw / "codebook/demands.yaml"
    demands.write_text(
        demands.read_text(encoding="utf-8").replace(
            "terms: [longer shifts,", "terms: [longer shifts, extra shifts,"
        ),
        encoding="utf-8",
    )
    assert "(2 extracted, 0 unchanged)" in _build(raw, out, capsys)


def test_a_raiser_change_re_extracts_everything(tmp_path, capsys):
    """The raiser rule reads `raised_by`: claims kept from before would be stale."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    out = tmp_path / "out"
    _build(raw, out, capsys)
    demands = raw / "codebook/demands.yaml"
    text = demands.read_text(encoding="utf-8")
    assert text.count("raised_by: [port]") == 1
    demands.write_text(text.replace("raised_by: [port]", "raised_by: [port, city]"), "utf-8")
    assert "(2 extracted, 0 unchanged)" in _build(raw, out, capsys)


def test_nothing_changed_means_nothing_to_do(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    cmd = build_cmd(raw, tmp_path / "o")
    assert subprocess.run(cmd, cwd=ROOT, capture_output=True).returncode == 0
    before = digest(tmp_path / "o")
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0
    assert "are up to date (no input changed)" in again.stderr
    assert digest(tmp_path / "o") == before
    (raw / "articles/harbor-talks-open.md").touch()
    third = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert "built" in third.stderr and "(0 extracted, 2 unchanged)" in third.stderr
