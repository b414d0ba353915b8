"""Dated roles: a claim counts for the body its speaker belonged to on the claim's date."""

from __future__ import annotations

from conftest import query, run_build

ACTORS = """actors:
  - {id: union, name: Dockers Union, kind: group, aliases: [the union]}
  - {id: city, name: City Hall, kind: organization, aliases: [City Hall]}
  - id: vega
    name: Rosa Vega
    kind: person
    aliases: [Rosa Vega, Vega]
    memberships:
      - {of: union, from: 2026-01-01, to: 2026-02-28}
      - {of: city, from: 2026-03-01}
"""
DEMANDS = """demands:
  - {id: raise, label: Pay rise, terms: [pay rise]}
"""


def _raw(tmp_path, actors=ACTORS):
    raw = tmp_path / "raw"
    (raw / "articles").mkdir(parents=True)
    (raw / "codebook").mkdir()
    (raw / "codebook/actors.yaml").write_text(actors, encoding="utf-8")
    (raw / "codebook/demands.yaml").write_text(DEMANDS, encoding="utf-8")
    for day, verb in (("2026-02-10", "demands"), ("2026-03-10", "rejects")):
        (raw / f"articles/a-{day}.md").write_text(
            f"---\ntitle: T\npublished: {day}\n---\nRosa Vega {verb} a pay rise.\n", "utf-8"
        )
    return raw


def test_claim_counts_for_the_body_of_its_date(tmp_path):
    assert run_build(_raw(tmp_path), tmp_path / "out") == 0
    db = tmp_path / "out/db/stances.duckdb"
    c = query(
        db,
        "SELECT published::VARCHAR AS d, actor_id, top_actor_id, stance FROM claims "
        "ORDER BY published",
    )
    assert [tuple(r) for r in c.itertuples(index=False)] == [
        ("2026-02-10", "vega", "union", "supports"),
        ("2026-03-10", "vega", "city", "rejects"),
    ]
    s = query(db, "SELECT actor_id, stance FROM stances ORDER BY actor_id")
    assert [tuple(r) for r in s.itertuples(index=False)] == [
        ("city", "rejects"),
        ("union", "supports"),
    ]  # Vega is no column: part_of the latest body
    m = query(
        db,
        "SELECT actor_id, of, valid_from::VARCHAR AS f, "
        "coalesce(valid_to::VARCHAR, 'open') AS t FROM memberships ORDER BY position",
    )
    assert [tuple(r) for r in m.itertuples(index=False)] == [
        ("vega", "union", "2026-01-01", "2026-02-28"),
        ("vega", "city", "2026-03-01", "open"),
    ]


def test_bad_memberships_are_named(tmp_path, capsys):
    bad = ACTORS.replace("to: 2026-02-28", "to: end of Feb").replace("of: city", "of: town")
    assert run_build(_raw(tmp_path, bad), tmp_path / "out") == 1
    err = capsys.readouterr().err
    shown = tmp_path / "raw/codebook/actors.yaml"
    assert (
        f"error: {shown}:8: field 'memberships': membership 1: 'to' 'end of Feb' is not a "
        "date in the form YYYY-MM-DD"
    ) in err
    assert (
        f"error: {shown}:8: field 'memberships': unknown actor 'town' (not an id in "
        "actors.yaml)" in err
    )
