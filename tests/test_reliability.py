"""Inter-coder reliability: Krippendorff's alpha between coders of the same documents, and each
coder's agreement with extraction, on a double-coded copy of the harbour fixture.

tests/fixtures/harbor-coded/codings: ana and ben coded both articles. The units (document,
top-level actor, demand) and their values (S supports, R rejects, A ambiguous, - no position):

    harbor-talks-open  union  pay-rise           S S        port  automation-limits  A S
    harbor-talks-open  union  automation-limits  S -        city  pay-rise           S S
    harbor-talks-open  port   pay-rise           R R        port  longer-shifts      - S
    harbor-deal-near   port   pay-rise           S A        union pay-rise           S S
    harbor-deal-near   union  longer-shifts      R R

By hand (nominal alpha = 1 - D_o / D_e, two values per unit):
- overall: 18 values (S 10, R 4, A 2, - 2), 4 disagreeing units: D_o = 8/18,
  D_e = (18^2 - 124) / (18 * 17) = 200/306, alpha = 1 - 0.68 = 0.32; 5 of 9 units agree.
- pay-rise: 10 values (S 7, R 2, A 1), 1 disagreeing unit: alpha = 1 - (2/10) / (46/90) = 14/23.
- automation-limits: S-, AS: alpha = 1 - (4/4) / (10/12) = -1/5; 0 of 2 agree.
- longer-shifts: -S, RR: alpha = 1 - (2/4) / (10/12) = 2/5; 1 of 2 agree.
Against extraction (which finds no union stance on pay-rise in harbor-deal-near, and nothing on
port's longer shifts): ana agrees on 7 of 8 cells, ben on 4 of 8.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import FIXTURES, query, run_build

CODED = FIXTURES / "harbor-coded"


@pytest.fixture(scope="module")
def coded_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("harbor-coded")
    assert run_build(CODED, out) == 0
    return out


def _rows(out):
    r = query(out / "db/stances.duckdb", "SELECT * FROM reliability")
    return {row.scope: row for row in r.itertuples(index=False)}


def test_alpha_per_demand_and_overall(coded_build):
    rows = _rows(coded_build)
    assert list(rows) == [
        "overall",
        "pay-rise",
        "automation-limits",
        "longer-shifts",
        "coder:ana vs extraction",
        "coder:ben vs extraction",
    ]
    expected = {
        "overall": (0.32, 2, 9, 2, 5),
        "pay-rise": (14 / 23, 2, 5, 2, 4),
        "automation-limits": (-1 / 5, 1, 2, 2, 0),
        "longer-shifts": (2 / 5, 2, 2, 2, 1),
    }
    for scope, (alpha, docs, units, coders, agree) in expected.items():
        r = rows[scope]
        assert r.alpha == pytest.approx(alpha, abs=1e-12), scope
        assert (r.n_documents, r.n_units, r.n_coders, r.n_agree) == (docs, units, coders, agree)
        assert r.agreement == pytest.approx(agree / units)
        assert r.kind == ("overall" if scope == "overall" else "demand")


def test_each_coder_against_extraction(coded_build):
    rows = _rows(coded_build)
    # ben's "port supports longer shifts" (Hale's condition) is what extraction reads too
    for coder, agree in (("ana", 7), ("ben", 5)):
        r = rows[f"coder:{coder} vs extraction"]
        assert (r.kind, r.n_documents, r.n_units, r.n_coders, r.n_agree) == (
            "coder",
            2,
            8,
            1,
            agree,
        )
        assert r.agreement == agree / 8
        assert r.alpha != r.alpha  # NULL: no alpha against extraction


def test_report_shows_coder_agreement(coded_build):
    html = (coded_build / "reports/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section id="reliability">.*?</section>', html)
    assert section is not None
    text = section.group(0)
    assert "<h2>Coder agreement</h2>" in text
    assert (
        '<tr><th scope="row">All demands</th><td>2</td><td>9</td><td>2</td><td>0.320</td>'
        "<td>56% (5 of 9)</td></tr>"
    ) in text
    assert '<th scope="row">Limits on automated cranes</th>' in text and "-0.200" in text
    assert '<tr><th scope="row">ben</th><td>2</td><td>8</td><td>62% (5 of 8)</td></tr>' in text


def test_no_double_coding_says_so(seed_build):
    html = (seed_build / "reports/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section id="reliability">.*?</section>', html)
    assert section is not None
    assert "<p>No document was coded by two coders.</p>" in section.group(0)
    rows = _rows(seed_build)
    assert [r.kind for r in rows.values()] == ["coder"]  # the seed's one analyst, vs extraction


def test_codings_without_a_coder_are_left_out(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(CODED, raw)
    for name in ("ana", "ben"):
        csv = raw / f"codings/{name}.csv"
        csv.write_text(
            csv.read_text(encoding="utf-8").replace(f",{name}\n", ",\n"), encoding="utf-8"
        )
    assert run_build(raw, tmp_path / "out") == 0
    assert _rows(tmp_path / "out") == {}
    html = (tmp_path / "out/reports/index.html").read_text(encoding="utf-8")
    assert "No document was coded by two coders." in html
