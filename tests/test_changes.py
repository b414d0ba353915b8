"""What changed since the last build: `stance_changes`, the report's first section, and `diff`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, digest, query, run_build

from pipeline.cli import main
from pipeline.marts.changes import Snapshot, compare

HARBOR = FIXTURES / "harbor"
FLIP = ("called any wage freeze unacceptable", "now accepts a wage freeze")
LABEL = "2 documents, evidence up to 2026-03-20"


def _section(out: Path) -> str:
    html = (out / "reports/index.html").read_text(encoding="utf-8")
    found = re.search(r'<section id="changes">.*?</section>', html)
    assert found is not None
    return found.group(0)


FEED_LINK = '<a href="changes.atom">feed</a>'


def _line(out: Path) -> str:
    """The one line above the matrix that says what changed (its inner HTML)."""
    html = (out / "reports/index.html").read_text(encoding="utf-8")
    found = re.search(r'<p id="changes-line" class="changes-line">(.*?)</p>', html)
    assert found is not None
    return found.group(1)


def _changes(out: Path) -> list[tuple]:
    rows = query(
        out / "db/stances.duckdb",
        "SELECT actor_id, demand_id, before, after, before_as_of::VARCHAR AS b, "
        "as_of::VARCHAR AS a, new_claims, dropped_claims, evidence, evidence_doc_id, "
        "previous_build FROM stance_changes",
    )
    return [tuple(r) for r in rows.itertuples(index=False)]


@pytest.fixture
def raw(tmp_path) -> Path:
    dest = tmp_path / "raw"
    shutil.copytree(HARBOR, dest)
    return dest


def _flip(raw: Path) -> None:
    art = raw / "articles/harbor-deal-near.md"
    art.write_text(art.read_text(encoding="utf-8").replace(*FLIP), encoding="utf-8")


def test_first_build_has_nothing_to_compare(raw, tmp_path):
    out = tmp_path / "out"
    assert run_build(raw, out) == 0
    assert _section(out) == (
        '<section id="changes"><h2>Changed since the last build</h2>'
        "<p>First build: nothing to compare.</p></section>"
    )
    assert _changes(out) == []
    info = query(out / "db/stances.duckdb", "SELECT key FROM build_info")
    assert "previous_build" not in set(info["key"])
    html = (out / "reports/index.html").read_text(encoding="utf-8")
    assert _line(out) == "First build: nothing to compare yet · " + FEED_LINK
    # one line above the matrix, the section below it: the page leads with the matrix
    assert html.index('id="changes-line"') < html.index('id="stance-matrix"')
    assert html.index('id="stance-matrix"') < html.index('id="changes"')
    assert '<link rel="alternate" type="application/atom+xml" href="changes.atom"' in html


def test_a_flipped_stance_is_listed_with_its_new_evidence(raw, tmp_path, capsys):
    out = tmp_path / "out"
    assert run_build(raw, out) == 0
    shutil.copy(out / "db/stances.duckdb", tmp_path / "first.duckdb")
    assert run_build(raw, out, "--force") == 0
    assert _changes(out) == []
    assert f"No stance changed since the previous build ({LABEL})." in _section(out)
    assert _line(out) == f"No stance changed since the previous build ({LABEL}) · {FEED_LINK}"

    _flip(raw)
    assert run_build(raw, out) == 0
    assert _changes(out) == [
        (
            "union",
            "pay-rise",
            "supports",
            "rejects",
            "2026-03-02",
            "2026-03-20",
            1,
            0,
            "Union leader Maria Ortiz now accepts a wage freeze.",
            "harbor-deal-near",
            LABEL,
        )
    ]
    assert _line(out) == (
        f'1 stance changed since the previous build ({LABEL}) — <a href="#changes">see below</a>'
        f" · {FEED_LINK}"
    )
    section = _section(out)
    assert section.startswith(
        '<section id="changes"><h2>Changed since the last build</h2>'
        f"<p>1 stance changed since the previous build ({LABEL}):</p>"
    )
    assert (
        '<a href="#ev-union--pay-rise">Dockworkers Union on “A 6% pay rise”</a>: '
        '<span class="st st-supports"><span aria-hidden="true">✔</span> supports</span> → '
        '<span class="st st-rejects"><span aria-hidden="true">✖</span> rejects</span>, '
        "as of 2026-03-20 (1 new claim, 0 no longer in use)"
        "<blockquote>Union leader Maria Ortiz now accepts a wage freeze.</blockquote>"
    ) in section

    capsys.readouterr()
    assert main(["diff", str(tmp_path / "first.duckdb"), str(out / "db/stances.duckdb")]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == (
        f"{tmp_path / 'first.duckdb'} ({LABEL}) -> {out / 'db/stances.duckdb'} ({LABEL}): "
        "1 stance changed."
    )
    assert printed[2].split() == [
        "actor", "demand", "before", "after", "as", "of", "new", "dropped", "evidence"
    ]  # fmt: skip
    assert re.split(r"\s{2,}", printed[4]) == [
        "Dockworkers Union",
        "A 6% pay rise",
        "✔ supports",
        "✖ rejects",
        "2026-03-20",
        "1",
        "0",
        "Union leader Maria Ortiz now accepts a wage freeze.",
    ]
    assert len(printed) == 5


def test_diff_of_a_database_with_itself_and_bad_files(tmp_path, capsys):
    out = tmp_path / "out"
    assert run_build(HARBOR, out) == 0
    db = out / "db/stances.duckdb"
    capsys.readouterr()
    assert main(["diff", str(db), str(db)]) == 0
    assert capsys.readouterr().out == f"{db} ({LABEL}) -> {db} ({LABEL}): no stance changed.\n"

    missing = tmp_path / "nope.duckdb"
    assert main(["diff", str(missing), str(db)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"error: {missing}: no such file"

    text = HARBOR / "articles/harbor-deal-near.md"
    assert main(["diff", str(db), str(text)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {text}: not a stancemap database (")

    import duckdb

    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (a INT)").close()
    assert main(["diff", str(other), str(db)]) == 1
    err = capsys.readouterr()
    assert err.err.startswith(f"error: {other}: not a stancemap database (") and err.out == ""


def test_an_unreadable_previous_database_means_nothing_to_compare(raw, tmp_path):
    out = tmp_path / "out"
    (out / "db").mkdir(parents=True)
    (out / "db/stances.duckdb").write_text("not a database", encoding="utf-8")
    assert run_build(raw, out) == 0
    assert "First build: nothing to compare." in _section(out)


def test_rebuilds_stay_byte_identical(raw, tmp_path):
    for name in ("a", "b"):
        assert run_build(raw, tmp_path / name) == 0
        assert run_build(raw, tmp_path / name, "--force") == 0
    assert digest(tmp_path / "a/reports") == digest(tmp_path / "b/reports")
    assert "No stance changed since the previous build" in _section(tmp_path / "a")


def _snap(stances: list[tuple], claims: list[tuple]) -> Snapshot:
    s = pd.DataFrame(stances, columns=["actor_id", "demand_id", "stance", "as_of"])
    c = pd.DataFrame(
        claims,
        columns=["claim_id", "top_actor_id", "demand_id", "doc_id", "published", "start", "quote"],
    )
    for frame, col in ((s, "as_of"), (c, "published")):
        frame[col] = pd.to_datetime(frame[col])
    return Snapshot("before", s, c, {}, {})


def test_compare_counts_new_and_dropped_claims_and_new_cells():
    before = _snap(
        [("a", "x", "supports", "2026-01-01"), ("a", "y", "rejects", "2026-01-01")],
        [
            ("c1", "a", "x", "d1", "2026-01-01", 0, "old x"),
            ("c2", "a", "y", "d1", "2026-01-01", 5, "old y"),
        ],
    )
    after = _snap(
        [
            ("a", "x", "ambiguous", "2026-02-01"),
            ("a", "y", "no_position", None),
            ("b", "x", "supports", "2026-02-01"),
        ],
        [
            ("c1", "a", "x", "d1", "2026-01-01", 0, "old x"),
            ("c3", "a", "x", "d2", "2026-02-01", 9, "later x"),
            ("c4", "a", "x", "d2", "2026-02-01", 3, "earlier in d2"),
            ("c5", "b", "x", "d2", "2026-02-01", 1, "b on x"),
        ],
    )
    got = compare(before, after)
    assert list(got["actor_id"] + "/" + got["demand_id"]) == ["a/x", "a/y", "b/x"]
    assert list(got["before"]) == ["supports", "rejects", "no_position"]
    assert list(got["new_claims"]) == [2, 0, 1]
    assert list(got["dropped_claims"]) == [0, 1, 0]
    assert list(got["evidence"].fillna("-")) == ["earlier in d2", "-", "b on x"]
    assert compare(None, after).empty
    assert compare(after, after).empty


def test_a_long_history_is_told_as_runs_of_one_stance_newest_first_kept():
    from datetime import date

    from pipeline.report.evidence import describe_runs

    days = [date(2026, 1, d) for d in (2, 3, 4, 9, 10, 20, 21, 22, 23, 24, 25)]
    said = ["supports", "supports", "supports", "rejects", "rejects", "ambiguous"]
    said += ["supports", "rejects", "supports", "rejects", "rejects"]
    assert describe_runs(days[:6], said[:6]) == (
        "supports 2026-01-02 to 2026-01-04 (3 reports) → rejects 2026-01-09 to 2026-01-10 "
        "(2 reports) → ambiguous 2026-01-20"
    )
    assert describe_runs(days, said, shown=3) == (
        "4 earlier steps → rejects 2026-01-22 → supports 2026-01-23 → rejects 2026-01-24 to "
        "2026-01-25 (2 reports)"
    )
