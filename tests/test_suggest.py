"""`codebook suggest`: actors and demands drafted from the corpus, beside the user's codebook."""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import FIXTURES, SEED_RAW, digest, run_build

from pipeline.cli import main


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
    _, actors, _ = seed_without_codebook
    assert {"russia", "ukraine", "nato", "united-states", "vladimir-putin"} <= set(actors)
    assert {"Russia", "Moscow", "the Kremlin"} <= set(actors["russia"]["aliases"])
    assert "Kyiv" in actors["ukraine"]["aliases"]
    assert {"U.S.", "Washington"} <= set(actors["united-states"]["aliases"])
    assert actors["ukraine"]["kind"] == actors["russia"]["kind"] == "state"
    putin = actors["vladimir-putin"]
    assert putin["kind"] == "person" and putin["part_of"] == "russia"
    assert {"Putin", "Vladimir Putin", "President Vladimir Putin"} <= set(putin["aliases"])
    assert actors["russia"]["mentions"] > actors["nato"]["mentions"] > 0
    assert not any(a.get("existing") for a in actors.values())  # no codebook to compare with


def test_seed_demand_candidates(seed_without_codebook):
    _, _, demands = seed_without_codebook
    terms = {t.lower() for d in demands.values() for t in d["terms"]}
    assert "stop nato expansion" in terms  # the halt to NATO expansion
    assert any("lifting of sanctions" in t for t in terms)  # sanctions relief
    halt = next(d for d in demands.values() if "stop NATO expansion" in d["terms"])
    assert halt["supported"] >= 1 and halt["example"]


def test_known_entries_are_marked_not_duplicated_and_nothing_is_overwritten(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SEED_RAW, raw)
    before = digest(raw)
    actors, demands = _suggest(raw)
    after = digest(raw)
    assert {k: v for k, v in after.items() if "suggested-" not in k} == before
    assert actors["russia"]["existing"] and actors["putin"]["existing"]
    assert demands["halt-nato-expansion"]["existing"]
    assert demands["sanctions-relief"]["existing"]
    # the folder still builds with the suggestion files beside the codebook
    assert run_build(raw, tmp_path / "out") == 0


def test_second_negotiation(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    actors, demands = _suggest(raw)
    assert actors["port"]["existing"] and "Port Authority" in actors["port"]["aliases"]
    assert actors["hale"]["part_of"] == "port"  # "Port Authority chief executive James Hale"
    assert {"pay-rise", "longer-shifts"} <= set(demands)
