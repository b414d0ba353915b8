"""Crash safety, build serialization and readers: a killed build never leaves a broken or mixed
output, two builds never interleave, and readers of the database are never broken by a build."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, ROOT, SEED_RAW, build_cmd, query, run_build

from pipeline import locks

HARBOR = FIXTURES / "harbor"


def _docs(db: Path) -> frozenset[str]:
    return frozenset(query(db, "SELECT doc_id FROM documents")["doc_id"])


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_old_or_new(tmp_path):
    versions = {}
    for name, raw in (("harbor", HARBOR), ("seed", SEED_RAW)):
        ref = tmp_path / f"ref-{name}"
        assert run_build(raw, ref) == 0
        versions[name] = (
            _docs(ref / "db/stances.duckdb"),
            (ref / "reports/index.html").read_bytes(),
        )
    out = tmp_path / "out"
    assert run_build(HARBOR, out) == 0
    rng = random.Random(20261125)
    outcomes = {"killed": 0, "finished": 0}
    for i in range(16):
        target = "seed" if i % 2 == 0 else "harbor"
        proc = subprocess.Popen(
            build_cmd(SEED_RAW if target == "seed" else HARBOR, out),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.6))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            outcomes["killed"] += 1
        else:
            outcomes["finished"] += 1
        proc.wait()
        db_docs = _docs(out / "db/stances.duckdb")  # opens: never a torn database
        html = (out / "reports/index.html").read_bytes()
        assert db_docs in {v[0] for v in versions.values()}
        assert html in {v[1] for v in versions.values()}
        if proc.returncode == 0:
            assert db_docs == versions[target][0] and html == versions[target][1]
    assert outcomes["killed"] >= 4, outcomes
    assert run_build(SEED_RAW, out) == 0  # the next build sweeps the killed builds' leftovers
    leftovers = [p.name for p in out.rglob("*") if ".tmp-" in p.name]
    assert leftovers == []


def test_second_build_gives_up_with_a_clear_message(tmp_path):
    db = tmp_path / "out/db/stances.duckdb"
    db.parent.mkdir(parents=True)
    with locks.build_lock(db, timeout=1):
        r = subprocess.run(
            build_cmd(SEED_RAW, tmp_path / "out", "--lock-timeout", "0.3"),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    assert r.returncode == 1
    assert r.stderr.splitlines()[-2] == (
        f"error: {db}.lock: another build holds the lock; gave up after 0.3 s"
    )
    assert not db.exists()


def test_second_build_waits_for_the_first(tmp_path):
    """The lock is held until the second build says it waits (however long its start-up takes
    on a busy machine), then released: the build goes on and succeeds."""
    db = tmp_path / "out/db/stances.duckdb"
    db.parent.mkdir(parents=True)
    release, released = threading.Event(), threading.Event()

    def hold():
        with locks.build_lock(db, timeout=1):
            release.wait(120)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.1)
    proc = subprocess.Popen(
        build_cmd(SEED_RAW, tmp_path / "out"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    first = proc.stderr.readline().rstrip("\n")  # the build blocks here until it is released
    release.set()
    _, rest = proc.communicate(timeout=600)
    holder.join()
    assert proc.returncode == 0, rest
    assert released.is_set()
    assert first == f"waiting for another build to finish (lock {db}.lock)"


def test_readers_are_not_broken_by_a_build(tmp_path):
    out = tmp_path / "out"
    assert run_build(HARBOR, out) == 0
    db = out / "db/stances.duckdb"
    reader = duckdb.connect(str(db), read_only=True)
    try:
        before = reader.sql("SELECT count(*) FROM documents").fetchall()[0][0]
        assert run_build(SEED_RAW, out) == 0  # a writer alongside an open reader
        assert reader.sql("SELECT count(*) FROM documents").fetchall()[0][0] == before
    finally:
        reader.close()
    assert _docs(db) == frozenset({"putin-peace-terms"})


def test_unusable_output_paths_are_input_errors(tmp_path, capsys):
    (tmp_path / "dbdir").mkdir()
    (tmp_path / "afile").write_text("x")
    assert (
        run_build(
            SEED_RAW,
            tmp_path,
            "--db",
            str(tmp_path / "dbdir"),
            "--reports",
            str(tmp_path / "afile"),
        )
        == 1
    )
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        f"error: {tmp_path}/dbdir: is a folder; --db must name a database file",
        f"error: {tmp_path}/afile: is a file; --reports must name a folder",
    ]
