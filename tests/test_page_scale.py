"""The page at forty parties: a compact matrix when it is wide, pictures and lists cut to a byte
budget (timelines of the most contested demands, the heaviest network lines, the newest changes
and histories), the bytes of each part recorded beside the page, and rebuilds byte-identical.

The 40 × 40 case is the project's own generator with few articles (seconds to build); the page
sizes at 2,000 dense and 10,000 / 100,000 news-like articles are measured with
`python -m pipeline.bench page-bytes`."""

from __future__ import annotations

import json
import re
from collections import namedtuple
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from conftest import FIXTURES, digest, query, run_build
from widecorpus import write_wide_raw

from pipeline.report import changes as changes_mod
from pipeline.report import evidence as evidence_mod
from pipeline.report.matrix import COMPACT_ABOVE, compact_cell_html, is_compact
from pipeline.report.pagebytes import PAGE_BUDGET, measure, table
from pipeline.report.pictures import (
    _RECT,
    _USES,
    _hoist_style,
    _short_ids,
    most_contested,
    network_drawing,
    weight_threshold,
)

Cell = namedtuple("Cell", "actor_id demand_id stance n_claims extracted_only conflicted changed")


# The compact cell -------------------------------------------------------------------------------


def test_a_matrix_is_compact_above_twelve_actors():
    assert COMPACT_ABOVE == 12
    assert not is_compact(12) and is_compact(13)


def test_a_compact_cell_is_a_symbol_with_its_words_in_title_and_name():
    cell = Cell("a-1", "d-2", "rejects", 30, True, False, True)
    assert compact_cell_html(cell) == (
        '<a class="cell st-rejects" href="#ev-a-1--d-2" title="rejects, 30 sources (extraction '
        'alone, changed)"><i aria-hidden="true">✖<sup>EΔ</sup></i></a>'
    )
    # E left out of what the cell shows (the page says it once), never out of its words
    assert compact_cell_html(cell, "CΔ") == (
        '<a class="cell st-rejects" href="#ev-a-1--d-2" title="rejects, 30 sources (extraction '
        'alone, changed)"><i aria-hidden="true">✖<sup>Δ</sup></i></a>'
    )
    one = Cell("a", "d", "supports", 1, False, True, False)
    assert compact_cell_html(one) == (
        '<a class="cell st-supports" href="#ev-a--d" title="supports, 1 source (sources conflict)">'
        '<i aria-hidden="true">✔<sup>C</sup></i></a>'
    )
    none = Cell("a", "d", "no_position", 0, False, False, False)
    assert compact_cell_html(none) == (
        '<span class="cell st-no_position" role="img" aria-label="no position" '
        'title="no position">–</span>'
    )


# What changed: one line above the matrix, a capped list below it ---------------------------------

NAMES = pd.DataFrame({"actor_id": ["a", "b"], "name": ["Alpha", "Beta"]})
LABELS = pd.DataFrame({"demand_id": ["x", "y"], "label": ["Ex", "Why"]})
BEFORE = pd.DataFrame({"key": ["previous_build"], "value": ["2 documents, evidence up to X"]})


def _changes(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "actor_id": a,
                "demand_id": d,
                "before": "no_position",
                "after": "supports",
                "as_of": pd.Timestamp(day) if day else pd.NaT,
                "new_claims": 1,
                "dropped_claims": 0,
                "evidence": None,
            }
            for a, d, day in rows
        ]
    )


def test_the_line_above_the_matrix_says_what_changed_in_one_line():
    first = pd.DataFrame({"key": [], "value": []})
    feed = '<a href="changes.atom">feed</a>'
    line = '<p id="changes-line" class="changes-line">'
    assert changes_mod.changes_line(_changes([]), first) == (
        f"{line}First build: nothing to compare yet · {feed}</p>"
    )
    assert changes_mod.changes_line(_changes([]), BEFORE) == (
        f"{line}No stance changed since the previous build (2 documents, evidence up to X)"
        f" · {feed}</p>"
    )
    two = _changes([("a", "x", "2026-01-01"), ("b", "y", "2026-01-02")])
    assert changes_mod.changes_line(two, BEFORE) == (
        f"{line}2 stances changed since the previous build (2 documents, evidence up to X) — "
        f'<a href="#changes">see below</a> · {feed}</p>'
    )


def test_changes_are_listed_newest_first_up_to_a_cap(monkeypatch):
    monkeypatch.setattr(changes_mod, "CHANGES_SHOWN", 2)
    rows = [
        ("a", "x", "2026-01-01"),
        ("b", "x", None),
        ("a", "y", "2026-03-01"),
        ("b", "y", "2026-02-01"),
    ]
    html = changes_mod.changes_section(_changes(rows), BEFORE, NAMES, LABELS)
    assert (
        "<p>4 stances changed since the previous build (2 documents, evidence up to X); the 2 "
        'with the newest evidence, 2 more in <a href="data/stance_changes.csv">'
        "data/stance_changes.csv</a>:</p>"
    ) in html
    listed = re.findall(r"<li>(\w+) on “(\w+)”", html)
    assert listed == [("Alpha", "Why"), ("Beta", "Why")]  # March, then February
    monkeypatch.setattr(changes_mod, "CHANGES_SHOWN", 10)
    html = changes_mod.changes_section(_changes(rows), BEFORE, NAMES, LABELS)
    assert re.findall(r"<li>(\w+) on “(\w+)”", html) == [
        ("Alpha", "Why"),
        ("Beta", "Why"),
        ("Alpha", "Ex"),
        ("Beta", "Ex"),  # no date: last
    ]
    assert "<p>4 stances changed since the previous build (2 documents, evidence up to X):" in html


def test_histories_are_capped_page_wide_those_that_changed_last_first(monkeypatch):
    monkeypatch.setattr(evidence_mod, "HISTORY_ON_PAGE", 2)
    steps = [  # (actor, demand, day, stance): a/x last changed in March, b/x in May, a/y in April
        ("a", "x", "2026-01-01", "supports"),
        ("a", "x", "2026-03-01", "rejects"),
        ("b", "x", "2026-02-01", "rejects"),
        ("b", "x", "2026-05-01", "supports"),
        ("a", "y", "2026-01-01", "rejects"),
        ("a", "y", "2026-04-01", "ambiguous"),
        ("b", "y", "2026-01-01", "supports"),
    ]
    history = pd.DataFrame(steps, columns=["actor_id", "demand_id", "published", "stance"])
    history["published"] = pd.to_datetime(history["published"])
    stances = pd.DataFrame(
        {
            "actor_id": ["a", "b", "a", "b"],
            "demand_id": ["x", "x", "y", "y"],
            "changed": [True, True, True, False],
        }
    )
    html = evidence_mod.history_section(history, stances, NAMES, LABELS)
    assert html == (
        '<section id="history"><h2>Change over time</h2><p>The 2 of 3 cells whose stance changed '
        'last, newest first; 1 more in <a href="data/stance_history.csv">data/stance_history.csv'
        "</a>.</p><ul><li>Beta on “Ex”: rejects 2026-02-01 → supports 2026-05-01</li>"
        "<li>Alpha on “Why”: rejects 2026-01-01 → ambiguous 2026-04-01</li></ul></section>"
    )


# Pictures within a budget ---------------------------------------------------------------------


def test_the_network_keeps_the_heaviest_lines_cut_at_a_weight():
    assert weight_threshold([1, 2], most=40) == 1  # all fit
    assert weight_threshold([5, 5, 4, 3, 1], most=2) == 5
    assert weight_threshold([5, 4, 4, 3], most=2) == 5  # 4 would draw three: cut above the tie
    assert weight_threshold([3, 3, 3], most=2) == 3  # the heaviest are tied: all of them
    assert weight_threshold([], most=2) == 1


def test_a_crowded_network_drawing_says_which_lines_it_leaves_out():
    names = {f"n{i}": f"Node {i}" for i in range(20)}
    same, opposed = nx.Graph(), nx.Graph()
    same.add_nodes_from(names)
    opposed.add_nodes_from(names)
    for i in range(20):
        for j in range(i + 1, 20):
            same.add_edge(f"n{i}", f"n{j}", weight=1 + (i + j) % 7)  # 190 pairs
    opposed.add_edge("n0", "n1", weight=2)
    svg = network_drawing(same, opposed, names)
    assert svg is not None
    desc = re.search(r"<desc [^>]*>([^<]+)</desc>", svg).group(1)
    heavy = sum(1 for _, _, w in same.edges(data="weight") if w >= 7)
    assert heavy <= 40 < sum(1 for _, _, w in same.edges(data="weight") if w >= 6)
    assert desc.startswith(
        "Congruence (the same clear stance) (only pairs sharing at least 7 demands are drawn: "
        f"{190 - heavy} more pairs in data/congruence_network.csv): Node 0 and Node 6, 7 demands;"
    )
    assert "Conflict (one supports, the other rejects): Node 0 and Node 1, 2 demands." in desc


def test_timelines_follow_the_most_contested_demands():
    stances = pd.DataFrame(
        [
            ("p", "x", "supports"),
            ("q", "x", "rejects"),
            ("r", "x", "rejects"),
            ("s", "x", "rejects"),
            ("p", "y", "supports"),
            ("q", "y", "supports"),
            ("r", "y", "rejects"),
            ("s", "y", "rejects"),
            ("p", "z", "supports"),
            ("q", "z", "rejects"),
            ("p", "w", "supports"),
        ],
        columns=["actor_id", "demand_id", "stance"],
    )
    demands = pd.DataFrame({"demand_id": ["w", "x", "y", "z"], "position": [0, 1, 2, 3]})
    # y: two on each side; x: one against three; z: one against one; w is not contested
    assert most_contested(stances, demands) == ["y", "x", "z"]


def test_svg_is_written_compactly():
    rect = "M 1.5 2 L 3 2 L 3 4.5 L 1.5 4.5 z M 9 9 L 10 9 L 10 10 L 9 10 z "
    assert _RECT.sub(r"M \1 \2H \3V \4H \1z", rect) == "M 1.5 2H 3V 4.5H 1.5zM 9 9H 10V 10H 9z"
    assert _RECT.sub(r"M \1 \2H \3V \4H \1z", "M 0 0 L 1 0 L 1 1 L 0 2 z") == (
        "M 0 0 L 1 0 L 1 1 L 0 2 z"  # not a rectangle: left alone
    )
    same = (
        '<g clip-path="url(#c)"><use href="#m" x="1" style="fill:red"/>'
        '<use href="#m" x="2" style="fill:red"/></g>'
    )
    assert _USES.sub(_hoist_style, same) == (
        '<g clip-path="url(#c)" style="fill:red"><use href="#m" x="1"/><use href="#m" x="2"/></g>'
    )
    mixed = '<g><use x="1" style="fill:red"/><use x="2" style="fill:blue"/></g>'
    assert _USES.sub(_hoist_style, mixed) == mixed
    ids = (
        '<path id="k-m5e478cd41b"/><use href="#k-m5e478cd41b"/><g clip-path="url(#k-p86c7b09a2a)">'
    )
    assert _short_ids(ids, "k") == '<path id="k-m1"/><use href="#k-m1"/><g clip-path="url(#k-p2)">'


# The page's bytes -------------------------------------------------------------------------------


def test_page_bytes_partition_the_page_by_section_and_picture():
    parts = {
        "head": "<!DOCTYPE html><html><head><title>t</title></head><body><main><h1>Tëst</h1>",
        "changes-line": '<p id="changes-line" class="changes-line">one line</p>',
        "matrix": '<div id="stance-matrix" class="matrix">cells</div>',
        "legend": '<section id="legend">symbols</section>',
        "summaries": '<section id="summaries">lists',
        "agreement": '<div class="table-wrap" role="region" tabindex="0" '
        'aria-label="Agreement between actors">table</div></section>',
        "pictures": '<section id="pictures"><figure class="picture" id="picture-network">é'
        "</figure></section>",
        "data": '<section id="data">links</section>',
        "tail": "</main></body></html>\n",
    }
    html = "".join(parts.values())
    found = measure(html)
    size = {k: len(v.encode()) for k, v in parts.items()}
    assert found == {
        "page": len(html.encode()),
        "sections": {
            "changes-line": size["changes-line"],
            "matrix": size["matrix"],
            "legend": size["legend"],
            "agreement": size["agreement"],
            "summaries": size["summaries"],
            "pictures": size["pictures"],
            "data": size["data"],
            "rest": size["head"] + size["tail"],
        },
        "pictures": {"network": size["pictures"] - len('<section id="pictures"></section>')},
    }
    assert sum(found["sections"].values()) == found["page"]
    shown = table({"before": html, "after": html.replace("cells", "c")})
    assert "| matrix | 50 | 46 |" in shown and "| picture: network | 56 | 56 |" in shown
    assert (
        shown.splitlines()[-1]
        == f"| **page** | **{found['page']:,}** | **{found['page'] - 4:,}** |"
    )


def test_bench_prints_page_bytes_side_by_side(tmp_path, capsys):
    from pipeline.bench import main

    old, new = tmp_path / "old.html", tmp_path / "new/index.html"
    new.parent.mkdir()
    old.write_text('<html><section id="evidence">0123456789</section></html>', encoding="utf-8")
    new.write_text('<html><section id="evidence">01</section></html>', encoding="utf-8")
    assert main(["page-bytes", f"before={old}", str(new)]) == 0
    assert capsys.readouterr().out == (
        "| bytes | before | new |\n"
        "|---|---:|---:|\n"
        "| evidence | 43 | 35 |\n"
        "| rest | 13 | 13 |\n"
        "| **page** | **56** | **48** |\n"
    )


# A 40 × 40 page, built -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wide(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("wide")
    assert run_build(write_wide_raw(root / "raw"), root / "a") == 0
    return root


def test_a_wide_page_is_compact_and_within_budget(wide):
    html = (wide / "a/reports/index.html").read_text(encoding="utf-8")
    recorded = json.loads((wide / "a/reports/page-bytes.json").read_text(encoding="utf-8"))
    assert recorded == {"budget": PAGE_BUDGET, **measure(html)}
    assert recorded["page"] == len(html.encode()) <= PAGE_BUDGET
    assert set(recorded["pictures"]) == {"agreement", "timelines", "network"}

    matrix = html[html.index('<div id="stance-matrix"') : html.index('<section id="legend"')]
    assert matrix.startswith('<div id="stance-matrix" class="matrix compact" style="--n:40" ')
    cells = query(
        wide / "a/db/stances.duckdb",
        "SELECT count(*) FILTER (n_claims > 0) AS linked, count(*) FILTER (n_claims = 0) AS empty "
        "FROM stances",
    ).iloc[0]
    assert matrix.count('<a class="cell st-') == cells["linked"] > 0
    assert matrix.count('<span class="cell st-no_position" role="img"') == cells["empty"] > 0
    # no word, count or boxed marker in a cell; no `headers` (scope says it)
    assert '<span class="n">' not in matrix and 'class="mark"' not in matrix
    assert ' headers="' not in matrix
    # every position rests on extraction: the cells leave E to the note above the matrix
    assert "<sup>E" not in matrix and "extraction alone" in matrix
    assert "the cells' tooltips and the summaries mark them E" in html

    # the agreement table gives way to the heat map; the numbers stay in the data
    assert 'id="agreement"' not in html
    assert '<a href="#picture-agreement">heat map</a>' in html
    heat = re.search(r'<figure class="picture" id="picture-agreement">.*?</figure>', html, re.S)
    assert heat is not None and "Heat map of agreement between 40 actors" in heat.group(0)
    assert "agrees most with" in heat.group(0)
    written = re.findall(r"<text[^>]*>([^<]*)</text>", heat.group(0))
    assert [t for t in written if "%" in t] == ["0%", "50%", "100%"]  # the colour bar alone


def test_a_wide_page_rebuilds_byte_identical(wide):
    assert run_build(wide / "raw", wide / "b") == 0
    a, b = digest(wide / "a/reports"), digest(wide / "b/reports")
    assert "page-bytes.json" in a
    assert a == b


def test_evidence_keeps_to_its_byte_budget_by_dropping_notes_then_cutting_quotes(
    tmp_path, monkeypatch
):
    from pipeline.build import load_database

    evidence = evidence_mod
    assert run_build(FIXTURES / "harbor", tmp_path / "out") == 0
    f = load_database(tmp_path / "out/db/stances.duckdb")
    args = (f["stances"], f["claims"], f["actors"], f["demands"], f["documents"])
    whole = evidence.evidence_section(*args)
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", whole)
    assert 'class="note"' in whole and "left out here" not in whole
    longest = max(len(q) for q in quotes)
    assert longest > 100  # the fixture has long quotes to cut

    without_notes = len(re.sub(r'<p class="note">.*?</p>', "", whole).encode()) - len(
        re.search(r'<p class="cap">.*?</p>', whole).group(0).encode()
    )
    monkeypatch.setattr(evidence, "EVIDENCE_BYTES", without_notes)
    lighter = evidence.evidence_section(*args)
    assert 'class="note"' not in lighter
    assert "the claims' rule notes are left out here; data/claims.csv has them whole." in lighter
    assert re.findall(r"<blockquote>(.*?)</blockquote>", lighter) == quotes

    monkeypatch.setattr(evidence, "EVIDENCE_BYTES", without_notes - 200)
    cut = evidence.evidence_section(*args)
    limit = int(re.search(r"quotes are cut at (\d+) characters", cut).group(1))
    assert limit in evidence.QUOTE_CUTS
    shown = re.findall(r"<blockquote>(.*?)</blockquote>", cut)
    assert all(len(q) <= limit + 1 for q in shown)
    assert any(q.endswith("…") for q in shown) and len(shown) == len(quotes)
