"""Publishing: open data beside the page, a valid datapackage.json, byte-identical rebuilds."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
from conftest import SEED_RAW, digest, query, run_build

from pipeline.schema import NETWORK_EDGE_LISTS, TABLES


def test_every_table_is_published_as_csv_and_parquet(seed_build):
    data = seed_build / "reports/data"
    for name in TABLES:
        csv = pd.read_csv(data / f"{name}.csv")
        db = query(seed_build / "db/stances.duckdb", f"SELECT * FROM {name}")
        assert list(csv.columns) == TABLES[name].column_names
        assert len(csv) == len(db)
        pq = query(
            seed_build / "db/stances.duckdb",
            f"SELECT count(*) n FROM read_parquet('{data / (name + '.parquet')}')",
        )
        assert pq["n"][0] == len(db)


def test_datapackage_is_valid_frictionless(seed_build):
    package = seed_build / "reports/data/datapackage.json"
    described = json.loads(package.read_text())
    networks = [f"{n}{ext}" for n in NETWORK_EDGE_LISTS for ext in ("", "_graphml", "_gexf")]
    assert [r["name"] for r in described["resources"]] == list(TABLES) + networks
    resources = {r["name"]: r for r in described["resources"]}
    stance = next(f for f in resources["stances"]["schema"]["fields"] if f["name"] == "stance")
    assert stance["constraints"]["enum"] == ["supports", "rejects", "ambiguous", "no_position"]
    r = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", str(package)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout[-3000:]


def test_building_twice_gives_identical_bytes(tmp_path):
    assert run_build(SEED_RAW, tmp_path / "a") == 0
    assert run_build(SEED_RAW, tmp_path / "b") == 0
    a, b = digest(tmp_path / "a/reports"), digest(tmp_path / "b/reports")
    # the page, each table as CSV and Parquet, the data package, the networks, the feed (2),
    # the page's bytes by section (page-bytes.json)
    assert "page-bytes.json" in a
    assert len(a) == 1 + 2 * len(TABLES) + 1 + 3 * len(NETWORK_EDGE_LISTS) + 2 + 1
    assert a == b


def test_evidence_on_the_page_is_capped_per_cell(tmp_path):
    from pipeline.bench import generate
    from pipeline.report.evidence import EVIDENCE_PER_CELL

    raw = tmp_path / "raw"
    generate(30, raw, n_actors=2, n_demands=2, paragraphs=20)
    assert run_build(raw, tmp_path / "out") == 0
    db = tmp_path / "out/db/stances.duckdb"
    busiest = query(
        db,
        "SELECT top_actor_id, demand_id, count(*) n FROM claims "
        "GROUP BY ALL ORDER BY n DESC, top_actor_id, demand_id LIMIT 1",
    )
    actor, demand, n = busiest.iloc[0]
    assert n > EVIDENCE_PER_CELL
    html = (tmp_path / "out/reports/index.html").read_text(encoding="utf-8")
    section = html.split(f'id="ev-{actor}--{demand}"')[1].split("</article>")[0]
    assert section.count('<li class="claim">') == EVIDENCE_PER_CELL
    assert f"and {n - EVIDENCE_PER_CELL} earlier claims" in section


def test_evidence_on_the_page_has_a_page_wide_budget():
    from pipeline.report.evidence import EVIDENCE_ON_PAGE, EVIDENCE_PER_CELL, per_cell_cap

    assert per_cell_cap([3, 300]) == EVIDENCE_PER_CELL  # a small page: 25 per cell
    many = [5] * 400  # 2,000 claims in 400 cells: 2 each fit the budget, 3 do not
    assert per_cell_cap(many) == EVIDENCE_ON_PAGE // 400
    assert sum(min(n, per_cell_cap(many)) for n in many) <= EVIDENCE_ON_PAGE
    assert per_cell_cap([2] * 5000) == 1  # never below one: every cell keeps its newest claim
