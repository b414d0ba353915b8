"""`codebook suggest`: actors and demands drafted from the corpus, beside the user's codebook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, SEED_RAW, digest, run_build

from pipeline.cli import main
from pipeline.suggest.demand_names import gerund, label, short_id


def _notes(path: Path) -> dict[str, list[str]]:
    """Entry id -> the comment lines written above it in a suggestion file."""
    out: dict[str, list[str]] = {}
    pending: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("  # "):
            pending.append(line[4:])
        elif line.startswith("  - id: "):
            out[line[8:]] = pending
            pending = []
    return out


def _suggest(raw) -> tuple[dict, dict]:
    assert main(["codebook", "suggest", "--raw", str(raw)]) == 0
    actors = yaml.safe_load((raw / "codebook/suggested-actors.yaml").read_text(encoding="utf-8"))
    demands = yaml.safe_load((raw / "codebook/suggested-demands.yaml").read_text(encoding="utf-8"))
    return ({a["id"]: a for a in actors["actors"]}, {d["id"]: d for d in demands["demands"]})


@pytest.fixture(scope="module")
def seed_without_codebook(tmp_path_factory):
    raw = tmp_path_factory.mktemp("s") / "raw"
    shutil.copytree(SEED_RAW / "articles", raw / "articles")
    return raw, *_suggest(raw)


def test_seed_actors_merged_with_their_aliases(seed_without_codebook):
    raw, actors, _ = seed_without_codebook
    assert {"russia", "ukraine", "nato", "united-states", "vladimir-putin"} <= set(actors)
    assert {"Russia", "Moscow", "the Kremlin"} <= set(actors["russia"]["aliases"])
    assert "Kyiv" in actors["ukraine"]["aliases"]
    assert {"U.S.", "Washington"} <= set(actors["united-states"]["aliases"])
    assert actors["ukraine"]["kind"] == actors["russia"]["kind"] == "state"
    putin = actors["vladimir-putin"]
    assert putin["kind"] == "person" and putin["part_of"] == "russia"
    assert {"Putin", "Vladimir Putin", "President Vladimir Putin"} <= set(putin["aliases"])
    notes = _notes(raw / "codebook/suggested-actors.yaml")
    assert notes["russia"][0].startswith("named ") and notes["nato"][0].startswith("named ")
    assert not any("existing" in n for ns in notes.values() for n in ns)  # no codebook yet


def test_seed_demand_candidates(seed_without_codebook):
    _, _, demands = seed_without_codebook
    terms = {t.lower() for d in demands.values() for t in d["terms"]}
    assert "stop nato expansion" in terms  # the halt to NATO expansion
    assert any("lifting of sanctions" in t for t in terms)  # sanctions relief
    halt = next(d for d in demands.values() if "stop NATO expansion" in d["terms"])
    assert halt["id"] == "formal-halt-nato-expansion" and halt["raised_by"] == ["russia"]
    assert halt["label"] == "Formal halt to NATO expansion eastward"
    assert not any(" " in d["id"] or len(d["id"]) > 30 for d in demands.values())


def test_known_entries_are_marked_not_duplicated_and_nothing_is_overwritten(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SEED_RAW, raw)
    before = digest(raw)
    actors, demands = _suggest(raw)
    after = digest(raw)
    assert {k: v for k, v in after.items() if "suggested-" not in k} == before
    actor_notes = _notes(raw / "codebook/suggested-actors.yaml")
    demand_notes = _notes(raw / "codebook/suggested-demands.yaml")
    for notes in (actor_notes["russia"], actor_notes["putin"]):
        assert "already in your codebook (existing)" in notes
    for notes in (demand_notes["halt-nato-expansion"], demand_notes["sanctions-relief"]):
        assert "already in your codebook (existing)" in notes
    assert {"russia", "putin"} <= set(actors)
    # the folder still builds with the suggestion files beside the codebook
    assert run_build(raw, tmp_path / "out") == 0


def test_second_negotiation(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    actors, demands = _suggest(raw)
    notes = _notes(raw / "codebook/suggested-actors.yaml")
    assert "already in your codebook (existing)" in notes["port"]
    assert "Port Authority" in actors["port"]["aliases"]
    assert actors["hale"]["part_of"] == "port"  # "Port Authority chief executive James Hale"
    assert {"pay-rise", "longer-shifts"} <= set(demands)


# A small invented dispute: an abbreviation, generic references, a person with a title, demands
# whose parse is cut in two ("a formal halt | to station closures").
RAIL = {
    "rail-talks-open": """---
title: Rail union opens pay talks
published: 2026-03-02
---
The Rail Workers Union (RWU) demands a pay rise of 7% from Northwind Rail.

Northwind Rail rejected the pay rise on Monday. The company said it could not afford it.

Jane Doe, human resources director at Northwind Rail, said the company wants a freeze on hiring.

The union rejected the freeze on hiring. The RWU wants a shorter working week.
""",
    "rail-talks-stall": """---
title: Rail talks stall
published: 2026-03-09
---
Northwind Rail again rejected the pay rise. The company said the union must accept longer shifts.

Union leader Grace Okafor said the RWU will strike. The union also demands a formal halt to \
station closures.

Northwind Rail said the company is open to talks. The company would consider a shorter working week.
""".replace("\\\n", ""),
}


@pytest.fixture(scope="module")
def rail(tmp_path_factory):
    raw = tmp_path_factory.mktemp("rail") / "raw"
    (raw / "articles").mkdir(parents=True)
    for doc_id, text in RAIL.items():
        (raw / "articles" / f"{doc_id}.md").write_text(text, encoding="utf-8")
    return raw, *_suggest(raw)


def test_counts_and_reasons_are_comments_not_fields(rail):
    raw, _, _ = rail
    text = (raw / "codebook/suggested-actors.yaml").read_text(encoding="utf-8")
    assert (
        """
  # named 2 times, 2 times as a speaker
  - id: rail-workers-union
    name: Rail Workers Union
    kind: organization
    aliases:
      - Rail Workers Union
      - RWU  # 'RWU' 3 times, the initials of Rail Workers Union
      - the union  # 'the union' 3 times, a word of its name
"""
        in text
    )
    data = yaml.safe_load(text)["actors"]
    assert {k for a in data for k in a} == {"id", "name", "kind", "aliases", "part_of"}
    demands = yaml.safe_load((raw / "codebook/suggested-demands.yaml").read_text("utf-8"))
    assert {k for d in demands["demands"] for k in d} == {
        "id", "label", "category", "raised_by", "terms"
    }  # fmt: skip
    assert _notes(raw / "codebook/suggested-demands.yaml")["pay-rise"] == [
        "named 3 times (1 supporting, 2 rejecting); e.g. 'The Rail Workers Union (RWU) demands "
        "a pay rise of 7% from Northwind Rail.'",
        "raised_by rail-workers-union: the first to demand it, as 'The Rail Workers Union'",
    ]


def test_generic_references_become_aliases_with_the_reason(rail):
    raw, actors, _ = rail
    assert actors["northwind-rail"]["aliases"] == ["Northwind Rail", "the company"]
    text = (raw / "codebook/suggested-actors.yaml").read_text(encoding="utf-8")
    assert "      - the company  # 'the company' 5 times, always near Northwind Rail\n" in text
    # "The Rail Workers Union (RWU)": the parser's own "RWU" is merged, not a second actor
    assert "rwu" not in actors and "RWU" in actors["rail-workers-union"]["aliases"]


def test_a_person_titled_with_an_organisation_is_part_of_it(rail):
    raw, actors, _ = rail
    assert actors["jane-doe"]["part_of"] == "northwind-rail"  # "..., director at Northwind Rail"
    assert (
        "part_of northwind-rail: named with the person or in their title"
        in _notes(raw / "codebook/suggested-actors.yaml")["jane-doe"]
    )


def test_demands_named_raised_by_and_fragments_merged(rail):
    _, _, demands = rail
    assert {d: (v["label"], v.get("raised_by")) for d, v in demands.items()} == {
        "freeze-hiring": ("Freeze on hiring", ["northwind-rail"]),
        "pay-rise": ("Pay rise", ["rail-workers-union"]),
        "formal-halt-station-closures": ("Formal halt to station closures", ["rail-workers-union"]),
        "longer-shifts": ("Longer shifts", ["rail-workers-union"]),
        "shorter-working-week": ("Shorter working week", ["rail-workers-union"]),
    }
    assert demands["pay-rise"]["terms"] == ["pay rise", "pay rise of 7%"]  # not "on Monday"


def test_labels_are_noun_phrases_and_ids_short():
    assert [gerund(v) for v in ("stop", "raise", "lift", "tie", "agree")] == [
        "stopping", "raising", "lifting", "tying", "agreeing"
    ]  # fmt: skip
    verbal = {"stop NATO expansion": "stop"}
    assert label(["stop NATO expansion"], verbal) == "Stopping NATO expansion"
    assert label(["stop NATO expansion", "halt to expansion"], verbal) == "Halt to expansion"
    assert short_id("Stopping NATO expansion", "stop") == "stop-nato-expansion"
    text = "Idea of compromising its aspirations for NATO membership"
    assert short_id(text) == "idea-compromising-aspirations"
    assert short_id("Lokomotivführer-Gewerkschaft") == "lokomotivfuhrer-gewerkschaft"


def test_drafts_copied_as_they_are_build_without_warnings(rail, tmp_path, capsys):
    raw, _, _ = rail
    case = tmp_path / "case"
    shutil.copytree(raw / "articles", case / "articles")
    (case / "codebook").mkdir()
    for name in ("actors", "demands"):
        shutil.copy(raw / f"codebook/suggested-{name}.yaml", case / f"codebook/{name}.yaml")
    capsys.readouterr()
    assert run_build(case, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert err.startswith("built ") and err.count("\n") == 1, err
