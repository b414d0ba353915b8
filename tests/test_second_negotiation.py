"""An unrelated negotiation (a harbour labour dispute) builds through the same code, from
extraction alone, and the stance rules hold: later supersedes earlier, codings outrank extraction,
same-date disagreement is ambiguous, members count for their actor."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, query, run_build

HARBOR = FIXTURES / "harbor"


@pytest.fixture(scope="module")
def harbor_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("harbor")
    assert run_build(HARBOR, out) == 0
    return out / "db/stances.duckdb"


def _stances(db):
    return {
        (r.actor_id, r.demand_id): r.stance
        for r in query(db, "SELECT actor_id, demand_id, stance FROM stances").itertuples()
    }


def test_matrix_from_extraction_alone(harbor_build):
    assert _stances(harbor_build) == {
        ("union", "pay-rise"): "supports",
        ("union", "automation-limits"): "supports",
        ("union", "longer-shifts"): "rejects",
        ("port", "pay-rise"): "supports",
        ("port", "automation-limits"): "ambiguous",
        ("port", "longer-shifts"): "supports",  # the condition Hale sets is the port's demand
        ("city", "pay-rise"): "supports",
        ("city", "automation-limits"): "no_position",
        ("city", "longer-shifts"): "no_position",
    }
    flags = query(
        harbor_build, "SELECT bool_and(extracted_only) AS e FROM stances WHERE n_claims > 0"
    )
    assert bool(flags["e"][0])


def test_later_statement_supersedes_and_history_is_kept(harbor_build):
    h = query(
        harbor_build,
        "SELECT published::VARCHAR AS d, stance FROM stance_history "
        "WHERE actor_id = 'port' AND demand_id = 'pay-rise' ORDER BY published",
    )
    assert list(zip(h["d"], h["stance"], strict=True)) == [
        ("2026-03-02", "rejects"),
        ("2026-03-20", "supports"),
    ]
    s = query(
        harbor_build,
        "SELECT changed, as_of::VARCHAR AS as_of FROM stances "
        "WHERE actor_id = 'port' AND demand_id = 'pay-rise'",
    )
    assert bool(s["changed"][0]) and s["as_of"][0] == "2026-03-20"


def test_condition_is_kept_and_is_the_speakers_own_demand(harbor_build):
    """'open to discussing X, but only if the union accepts Y': X is conditional (ambiguous, the
    condition kept); Y is what the speaker demands of the other side (rule own_condition)."""
    c = query(
        harbor_build,
        "SELECT actor_id, demand_id, stance, coalesce(condition, '') AS condition, rule "
        "FROM claims WHERE doc_id = 'harbor-talks-open' AND sentence_no = 2 ORDER BY demand_id",
    )
    assert [tuple(r) for r in c.itertuples(index=False)] == [
        (
            "port",
            "automation-limits",
            "ambiguous",
            "only if the union accepts longer shifts",
            "subject_of_cue",
        ),
        ("hale", "longer-shifts", "supports", "", "own_condition"),
    ]


def test_member_counts_for_its_actor(harbor_build):
    c = query(
        harbor_build,
        "SELECT actor_id, top_actor_id, actor_mention FROM claims "
        "WHERE demand_id = 'longer-shifts'",
    )
    assert [tuple(r) for r in c.itertuples(index=False)] == [
        ("ortiz", "union", "She"),
        ("hale", "port", "James Hale"),
    ]


def _with_codings(tmp_path, rows: str):
    raw = tmp_path / "raw"
    shutil.copytree(HARBOR, raw)
    (raw / "codings").mkdir()
    (raw / "codings" / "analyst.csv").write_text(
        "document,actor,demand,stance,quote,coder\n" + rows, encoding="utf-8"
    )
    assert run_build(raw, tmp_path / "out") == 0
    return tmp_path / "out/db/stances.duckdb"


def test_coding_outranks_extraction(tmp_path):
    db = _with_codings(
        tmp_path,
        "harbor-deal-near,port authority,PAY-RISE,mixed,"
        '"The Port Authority has now agreed to a pay rise of 4%",ana\n',
    )
    assert _stances(db)[("port", "pay-rise")] == "ambiguous"
    sql = (
        "SELECT origin, stance FROM {} WHERE doc_id = 'harbor-deal-near' AND top_actor_id = 'port'"
    )
    in_use = query(db, sql.format("claims"))
    set_aside = query(db, sql.format("claims_overridden"))
    assert [tuple(r) for r in in_use.itertuples(index=False)] == [("coded", "ambiguous")]
    assert [tuple(r) for r in set_aside.itertuples(index=False)] == [("extracted", "supports")]


def test_same_date_disagreement_is_ambiguous(tmp_path):
    db = _with_codings(
        tmp_path,
        "harbor-talks-open,city,automation-limits,supports,"
        "Mayor Lena Brandt backs the wage increase.,ana\n"
        "harbor-talks-open,Brandt,automation-limits,rejects,"
        "Mayor Lena Brandt backs the wage increase.,ana\n",
    )
    s = query(
        db,
        "SELECT stance, conflicted, n_claims FROM stances "
        "WHERE actor_id = 'city' AND demand_id = 'automation-limits'",
    )
    assert tuple(s.iloc[0]) == ("ambiguous", True, 2)
