"""Network exports and pictures: every GraphML, GEXF and CSV edge list read back and compared with
the `stances` table (weights recomputed here, independently), on the seed and the harbour
fixture; --min-claims and --as-of; byte-identical rebuilds; the page's three figures."""

from __future__ import annotations

import re
import shutil
from itertools import combinations
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from conftest import FIXTURES, SEED_RAW, digest, main, query, run_build
from test_seed_build import POSITIONS

NETWORKS = ("actor_demand_network", "congruence_network", "conflict_network")
CLEAR = {"supports", "rejects"}

# The seed's matrix, declared once in tests/test_seed_build.py, as actor-demand edges.
SEED_EDGES = POSITIONS


@pytest.fixture(scope="module")
def harbor_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("harbor")
    assert run_build(FIXTURES / "harbor", out) == 0
    return out


def _read(data: Path, name: str) -> dict[str, nx.Graph]:
    """The network from each of its files (CSV edge lists made into graphs with bare ids)."""
    csv = pd.read_csv(data / f"{name}.csv", dtype=str, keep_default_na=False)
    a, b = csv.columns[:2]
    return {
        "graphml": nx.read_graphml(data / f"{name}.graphml"),
        "gexf": nx.read_gexf(data / f"{name}.gexf"),
        "csv": nx.from_pandas_edgelist(csv, a, b, edge_attr=list(csv.columns[2:])),
    }


def _bare(node: str) -> str:
    return node.split(":", 1)[1] if ":" in node else node


def _value(v) -> str:
    """Attribute values as text; GEXF reads every edge weight back as a float."""
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _edges(g: nx.Graph, attr: str) -> dict[frozenset, str]:
    return {frozenset((_bare(u), _bare(v))): _value(d[attr]) for u, v, d in g.edges(data=True)}


def expected_pairs(stances: pd.DataFrame) -> tuple[dict, dict]:
    """Congruence and conflict weights from the stances table, computed here on their own."""
    clear = stances[stances["stance"].isin(CLEAR)]
    held = {(r.actor_id, r.demand_id): r.stance for r in clear.itertuples()}
    actors = sorted(set(clear["actor_id"]))
    demands = set(clear["demand_id"])
    same: dict[frozenset, str] = {}
    opposite: dict[frozenset, str] = {}
    for a, b in combinations(actors, 2):
        both = [(held.get((a, d)), held.get((b, d))) for d in demands]
        n_same = sum(1 for x, y in both if x and y and x == y)
        n_opp = sum(1 for x, y in both if x and y and x != y)
        if n_same:
            same[frozenset((a, b))] = str(n_same)
        if n_opp:
            opposite[frozenset((a, b))] = str(n_opp)
    return same, opposite


def check_against_stances(out: Path) -> None:
    """Every export of a default build says what the stances table says."""
    db, data = out / "db/stances.duckdb", out / "reports/data"
    stances = query(db, "SELECT actor_id, demand_id, stance, n_claims FROM stances")
    positioned = stances[stances["stance"] != "no_position"]
    cells = {frozenset((r.actor_id, r.demand_id)): r.stance for r in positioned.itertuples()}
    counts = {
        frozenset((r.actor_id, r.demand_id)): str(r.n_claims) for r in positioned.itertuples()
    }
    same, opposite = expected_pairs(stances)
    for how, g in _read(data, "actor_demand_network").items():
        assert _edges(g, "stance") == cells, how
        assert _edges(g, "n_claims") == counts, how
    for how, g in _read(data, "congruence_network").items():
        assert _edges(g, "weight") == same, how
    for how, g in _read(data, "conflict_network").items():
        assert _edges(g, "weight") == opposite, how


def test_seed_networks_match_the_stances_table(seed_build):
    check_against_stances(seed_build)
    g = nx.read_graphml(seed_build / "reports/data/actor_demand_network.graphml")
    got = {(_bare(u), _bare(v)): d["stance"] for u, v, d in g.edges(data=True)}
    assert got == SEED_EDGES
    assert g.nodes["actor:russia"] == {
        "kind": "actor",
        "bipartite": 0,
        "label": "Russia",
        "actor_kind": "state",
        "n_claims": 11,
    }
    assert {d["kind"] for _, d in g.nodes(data=True)} == {"actor", "demand"}
    assert "actor:europe" not in g  # no claim: fewer than the default --min-claims 1
    edge = g.edges["actor:ukraine", "demand:ukraine-neutrality"]
    assert (edge["n_claims"], edge["first_date"], edge["last_date"]) == (
        2,
        "2025-05-28",
        "2025-05-28",
    )
    for how, c in _read(seed_build / "reports/data", "congruence_network").items():
        assert _edges(c, "weight") == {frozenset(("ukraine", "nato")): "3"}, how
    for how, c in _read(seed_build / "reports/data", "conflict_network").items():
        assert _edges(c, "weight") == {
            frozenset(("russia", "ukraine")): "4",
            frozenset(("russia", "nato")): "3",
        }, how
    gexf = (seed_build / "reports/data/conflict_network.gexf").read_text(encoding="utf-8")
    assert 'lastmodifieddate="2025-05-28"' in gexf  # the data's date, not the build's


def test_seed_demand_nodes_carry_their_category(seed_build):
    g = nx.read_gexf(seed_build / "reports/data/actor_demand_network.gexf")
    demands = query(
        seed_build / "db/stances.duckdb", "SELECT demand_id, label, category FROM demands"
    )
    for d in demands.itertuples():
        node = g.nodes[f"demand:{d.demand_id}"]
        assert (node["label"], node["category"], node["kind"]) == (d.label, d.category, "demand")


def test_harbor_networks_match_the_stances_table(harbor_build):
    check_against_stances(harbor_build)
    data = harbor_build / "reports/data"
    assert _edges(nx.read_graphml(data / "congruence_network.graphml"), "weight") == {
        frozenset(("union", "port")): "1",
        frozenset(("union", "city")): "1",
        frozenset(("port", "city")): "1",
    }
    # longer shifts: the port demands them (Hale's condition), the union refuses them
    assert _edges(nx.read_graphml(data / "conflict_network.graphml"), "weight") == {
        frozenset(("union", "port")): "1",
    }


def test_min_claims_and_as_of_change_the_networks(tmp_path):
    harbor = FIXTURES / "harbor"
    assert run_build(harbor, tmp_path / "min", "--min-claims", "2") == 0
    g = nx.read_graphml(tmp_path / "min/reports/data/actor_demand_network.graphml")
    # union 3 claims, port 4, city 1; pay-rise 4, automation-limits 2, longer-shifts 2
    assert sorted(g.nodes) == [
        "actor:port",
        "actor:union",
        "demand:automation-limits",
        "demand:longer-shifts",
        "demand:pay-rise",
    ]
    assert g.graph["min_claims"] == 2
    c = nx.read_graphml(tmp_path / "min/reports/data/congruence_network.graphml")
    assert _edges(c, "weight") == {frozenset(("union", "port")): "1"}

    assert run_build(harbor, tmp_path / "asof", "--as-of", "2026-03-10") == 0
    data = tmp_path / "asof/reports/data"
    g = nx.read_graphml(data / "actor_demand_network.graphml")
    assert _edges(g, "stance") == {
        frozenset(("union", "pay-rise")): "supports",
        frozenset(("union", "automation-limits")): "supports",
        frozenset(("port", "pay-rise")): "rejects",  # supports only from 2026-03-20
        frozenset(("port", "automation-limits")): "ambiguous",
        frozenset(("city", "pay-rise")): "supports",
        frozenset(("port", "longer-shifts")): "supports",  # Hale's condition, 2026-03-02
    }
    assert ("union", "longer-shifts") not in g.edges  # the union refused them on 2026-03-20
    assert g.graph["as_of"] == "2026-03-10"
    assert _edges(nx.read_gexf(data / "conflict_network.gexf"), "weight") == {
        frozenset(("union", "port")): "1",
        frozenset(("port", "city")): "1",
    }
    assert 'lastmodifieddate="2026-03-10"' in (data / "conflict_network.gexf").read_text()
    # the tables are the whole matrix whatever the options
    assert query(tmp_path / "asof/db/stances.duckdb", "SELECT count(*) n FROM stances")["n"][0] == 9


def test_changed_options_are_not_up_to_date(tmp_path, capsys):
    assert run_build(FIXTURES / "harbor", tmp_path) == 0
    assert run_build(FIXTURES / "harbor", tmp_path) == 0
    assert "up to date" in capsys.readouterr().err
    assert run_build(FIXTURES / "harbor", tmp_path, "--min-claims", "2") == 0
    assert "up to date" not in capsys.readouterr().err
    args = ["--db", str(tmp_path / "db/stances.duckdb"), "--reports", str(tmp_path / "reports")]
    assert main(["report", *args]) == 0  # back to the defaults: the record no longer holds
    assert run_build(FIXTURES / "harbor", tmp_path) == 0
    assert "up to date" not in capsys.readouterr().err


def test_bad_options_are_command_line_errors():
    for bad in (["--as-of", "2026-02-30"], ["--min-claims", "-1"], ["--min-claims", "two"]):
        with pytest.raises(SystemExit) as exit_:
            main(["build", *bad])
        assert exit_.value.code == 2


def test_two_builds_give_identical_pages_and_networks(tmp_path):
    options = ("--min-claims", "2", "--as-of", "2025-06-01")
    for name in ("a", "b"):
        assert run_build(SEED_RAW, tmp_path / name, *options) == 0
    a, b = digest(tmp_path / "a/reports"), digest(tmp_path / "b/reports")
    files = ["index.html"] + [f"data/{n}.{e}" for n in NETWORKS for e in ("graphml", "gexf", "csv")]
    assert {f: a[f] for f in files} == {f: b[f] for f in files}


def _figures(html: str) -> list[str]:
    return re.findall(r'<figure class="picture".*?</figure>', html, flags=re.S)


def test_page_has_three_figures_with_text_alternatives(seed_build):
    html = (seed_build / "reports/index.html").read_text(encoding="utf-8")
    section = html.split('<section id="pictures">', 1)[1].split("</section>", 1)[0]
    figures = _figures(section)
    assert len(figures) == 3
    for fig in figures:
        svg = re.search(r"<svg [^>]*>", fig)
        assert svg and 'role="img"' in svg.group(0)
        label = re.search(r'aria-labelledby="([^"]+)"', svg.group(0)).group(1)
        title = re.search(rf'<title id="{label}">([^<]+)</title>', fig).group(1)
        desc = re.search(r"<desc [^>]*>([^<]+)</desc>", fig).group(1)
        assert title.strip() and len(desc) > 40
        assert re.search(r"<figcaption>.+</figcaption>", fig)
        assert "<image" not in fig and "<script" not in fig and "<style" not in fig
    assert "Ukraine and NATO: 100% (3 of 3)" in figures[0]
    assert "Russia supports 2025-05-28" in figures[1]
    assert "Conflict (one supports, the other rejects): Russia and Ukraine, 4 demands" in figures[2]
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # several SVGs, one page: no id twice


def test_a_picture_without_data_is_skipped_with_a_sentence(tmp_path):
    raw = tmp_path / "raw"  # the harbor case without Hale's condition: nothing is contested
    shutil.copytree(FIXTURES / "harbor", raw)
    talks = raw / "articles/harbor-talks-open.md"
    text = talks.read_text(encoding="utf-8")
    talks.write_text(text.replace(", but only if the union accepts longer shifts", ""), "utf-8")
    assert run_build(raw, tmp_path / "out") == 0
    html = (tmp_path / "out/reports/index.html").read_text(encoding="utf-8")
    section = html.split('<section id="pictures">', 1)[1].split("</section>", 1)[0]
    assert len(_figures(section)) == 2  # no contested demand: no timeline
    assert "No demand is both supported and rejected, so there is no contest to follow." in section


def test_a_timeline_with_many_dates_draws_the_stance_as_of_each_period():
    from datetime import date, timedelta

    from pipeline.report.pictures import TIMELINE_MARKS, _as_of, _period

    days = [date(2026, 1, 1) + timedelta(days=k) for k in range(64)]
    assert _period(days[:TIMELINE_MARKS]) == 1
    assert _period(days) == 4  # 64 days in 16 periods
    said = ["supports" if k < 61 else "rejects" for k in range(64)]
    drawn_days, drawn = _as_of(days[::3], said[::3], (days[0], days[-1]), 4)
    assert len(drawn_days) == 16 and drawn[-1] == "rejects" and set(drawn[:-1]) == {"supports"}
    assert drawn_days[0] == date(2026, 1, 4) and drawn_days[-1] == date(2026, 3, 5)
