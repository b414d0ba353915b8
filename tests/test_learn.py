"""The stance model: its training data format, features, weights file, use in extraction where
the rules are silent, learning from a case's analysts, and the worksheet's candidate rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEED_RAW, query, run_build

from pipeline.build import raw_lexicon, run_stages, run_staging
from pipeline.cli import main
from pipeline.errors import Collector, InputError
from pipeline.learn import train
from pipeline.learn.model import bundled_path, load_model, parse_model
from pipeline.learn.pairs import data_files, data_hash, read_pairs
from pipeline.learn.run import BASE_DATA, train_base
from pipeline.lexicon import load_lexicon
from pipeline.nlp.extract import Extractor, extract_claims
from pipeline.review.worksheet import worksheet

ACTORS = """actors:
  - {id: union, name: Dockers Union, kind: group, aliases: [the union, dockers]}
  - {id: acme, name: Acme, kind: organization, aliases: [the company, Acme]}
"""
DEMANDS = """demands:
  - {id: depot, label: Close the depot, raised_by: [acme], terms: [close the depot]}
  - {id: raise, label: Pay rise, raised_by: [union], terms: [pay rise]}
"""
# A hand-made model: "photograph" (no lexicon cue) where the two mentions meet means support.
TOY = {
    "format": "stancemap-stance-model/1",
    "classes": ["supports", "rejects", "ambiguous", "none"],
    "threshold": 0.8,
    "intercept": [0.0, 0.0, 0.0, 2.0],
    "features": ["lca:photograph"],
    "coef": [[6.0, 0.0, 0.0, 0.0]],
    "trained_on": {},
}


def make_raw(tmp_path: Path, body: str) -> Path:
    raw = tmp_path / "raw"
    (raw / "articles").mkdir(parents=True)
    (raw / "codebook").mkdir()
    (raw / "codebook/actors.yaml").write_text(ACTORS, encoding="utf-8")
    (raw / "codebook/demands.yaml").write_text(DEMANDS, encoding="utf-8")
    (raw / "articles/a.md").write_text(
        f"---\ntitle: A\npublished: 2026-01-01\n---\n{body}\n", "utf-8"
    )
    return raw


def claims_of(raw: Path, model) -> set[tuple]:
    lx = raw_lexicon(raw)
    f = run_staging(raw, lx)
    ex = Extractor(lx, f["actors"], f["actor_aliases"], f["demand_terms"], None, model)
    return {
        (c["actor_id"], c["demand_id"], c["stance"], c["rule"])
        + ((c["confidence"],) if c["rule"] == "model" else ())
        for c in extract_claims(f["documents"], f["sentences"], ex)
    }


def test_pairs_file_problems_name_file_line_and_field(tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = [
        '{"case": "x", "text": "The union rejects the plan.", "pairs": '
        '[{"actor": "The union", "demand": "the plan", "stance": "rejects"}]}',
        "not json",
        '{"case": "x", "text": "", "pairs": []}',
        '{"case": "x", "text": "Acme backs it.", "pairs": [{"actor": "Acme", "demand": "the '
        'plan", "stance": "rejects"}, {"actor": "Acme", "demand": "it", "stance": "maybe"}]}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = Collector()
    pairs = read_pairs(path, problems, "bad.jsonl")
    assert [(p.text[p.actor[0] : p.actor[1]], p.stance) for p in pairs] == [
        ("The union", "rejects")
    ]
    assert [str(p) for p in problems.problems] == [
        "bad.jsonl:2: not a JSON object (Expecting value)",
        "bad.jsonl:3: field 'text': missing or empty",
        "bad.jsonl:4: field 'pairs[1].demand': 'the plan' (occurrence 1) not found in text",
        "bad.jsonl:4: field 'pairs[2].stance': unknown stance 'maybe' "
        "(use supports, rejects, ambiguous, none)",
    ]


def test_later_occurrence_is_picked_by_n(tmp_path):
    path = tmp_path / "n.jsonl"
    rec = {
        "case": "x",
        "text": "Acme said Acme rejects the plan.",
        "pairs": [{"actor": "Acme", "actor_n": 2, "demand": "the plan", "stance": "rejects"}],
    }
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (pair,) = read_pairs(path, Collector())
    assert pair.actor == (10, 14)


def test_features_say_whose_cue_it_is():
    import pandas as pd

    from pipeline.nlp import model as spacy_model
    from pipeline.nlp.vocabulary import Vocabulary

    nlp = spacy_model.load()
    vocab = Vocabulary(
        nlp,
        load_lexicon(),
        pd.DataFrame({"alias": pd.Series([], dtype=str), "actor_id": []}),
        pd.DataFrame({"demand_id": [], "term": pd.Series([], dtype=str), "polarity": []}),
    )
    doc = nlp("The union rejected the plan, while the company demanded longer shifts.")
    union, company = doc[0:2], doc[7:9]
    plan, shifts = doc[4:5], doc[10:12]
    cues = vocab.find(doc).cues
    from pipeline.learn.features import pair_features

    own = pair_features(doc[:], union, plan, cues, [company])
    other = pair_features(doc[:], union, shifts, cues, [company])
    assert {"cue_path:reject", "near_cue:reject:self", "a_dep:nsubj"} <= set(own)
    assert "near_cue:support:other_actor" in other
    assert "near_cue:reject:self" not in other


def test_model_file_round_trip_and_bad_file(tmp_path):
    m = parse_model(json.dumps(TOY).encode(), "toy")
    label, p, why = m.predict({"lca:photograph": 1.0, "unknown": 1.0})
    assert (label, round(p, 3), why) == ("supports", 0.977, ["lca:photograph"])
    assert m.predict({})[0] == "none"
    bad = tmp_path / "m.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_model(bad, "m.json")
    assert str(err.value) == (
        "m.json: not a stance model file (format is 'other', expected 'stancemap-stance-model/1')"
    )


def test_model_speaks_only_where_the_rules_are_silent(tmp_path):
    raw = make_raw(
        tmp_path,
        "The union photographed the plan to close the depot. The union demands a pay rise.",
    )
    toy = parse_model(json.dumps(TOY).encode(), "toy")
    assert claims_of(raw, None) == {("union", "raise", "supports", "subject_of_cue")}
    assert claims_of(raw, toy) == {
        ("union", "raise", "supports", "subject_of_cue"),
        ("union", "depot", "supports", "model", 0.98),
    }


def test_build_rules_only_and_case_model(tmp_path):
    raw = make_raw(tmp_path, "The union photographed the plan to close the depot.")
    (raw / "model").mkdir()
    (raw / "model/stance-model.json").write_text(json.dumps(TOY), encoding="utf-8")
    out = tmp_path / "out"
    assert run_build(raw, out) == 0
    db = out / "db/stances.duckdb"
    rows = query(db, "SELECT actor_id, demand_id, stance, rule FROM claims").values.tolist()
    assert rows == [["union", "depot", "supports", "model"]]
    info = dict(query(db, "SELECT key, value FROM build_info").values.tolist())
    assert info["stance_model"].startswith(f"{raw / 'model/stance-model.json'}, sha256 ")
    assert info["stance_model"].endswith("; heard from probability 0.80")
    assert run_build(raw, out, "--rules-only") == 0  # not skipped as "up to date"
    assert query(db, "SELECT count(*) AS n FROM claims")["n"][0] == 0
    info = dict(query(db, "SELECT key, value FROM build_info").values.tolist())
    assert info["stance_model"] == "rules only (no stance model)"


def test_train_on_a_case_learns_its_decisions(tmp_path, capsys):
    raw = make_raw(
        tmp_path,
        "The union photographed the plan to close the depot.\n\nIts board wants a pay rise.",
    )
    base = tmp_path / "base"
    base.mkdir()
    shutil.copy(data_files(BASE_DATA)[0], base / "t.jsonl")
    assert main(["train", "--raw", str(raw), "--data", str(base)]) == 0
    assert capsys.readouterr().err == (
        f"{raw}: nothing to learn from (0 codings); no model written, builds keep the model "
        "they had\n"
    )
    assert not (raw / "model").exists()
    (raw / "codings").mkdir()
    (raw / "codings/c.csv").write_text(
        "document,actor,demand,stance,quote\n"
        "a,union,depot,supports,The union photographed the plan to close the depot.\n"
        "a,acme,raise,supports,Its board wants a pay rise\n",
        encoding="utf-8",
    )
    assert main(["train", "--raw", str(raw), "--data", str(base)]) == 0
    assert capsys.readouterr().err == (
        f"wrote {raw / 'model/stance-model.json'} from 2 codings (1 supports; 1 whose sentence "
        f"does not name both actor and demand); builds of {raw} use it\n"
    )
    (line,) = (raw / "model/pairs.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["pairs"] == [
        {
            "actor": "The union",
            "actor_n": 1,
            "demand": "close the depot",
            "demand_n": 1,
            "stance": "supports",
        }
    ]
    meta = json.loads((raw / "model/stance-model.json").read_text())["trained_on"]
    assert meta["case_pairs"] == {"supports": 1, "rejects": 0, "ambiguous": 0, "none": 0}
    assert meta["data_sha256"] == data_hash([base / "t.jsonl"])


def test_training_is_reproducible(tmp_path):
    base = tmp_path / "base"
    base.mkdir()
    shutil.copy(data_files(BASE_DATA)[0], base / "t.jsonl")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    train_base(base, a, dev=None)
    train_base(base, b, dev=None)
    assert a.read_bytes() == b.read_bytes()
    doc = json.loads(a.read_text())
    assert doc["trained_on"]["seed"] == train.SEED
    assert doc["trained_on"]["negotiations"] == 11


def test_bundled_model_is_trained_on_the_committed_data_and_lexicon():
    meta = load_model(bundled_path()).meta
    files = data_files(BASE_DATA)
    assert meta["data_sha256"] == data_hash(files), "run `make train`: the pairs changed"
    assert meta["lexicon_sha256"] == train.lexicon_digest(load_lexicon()), (
        "run `make train`: the lexicon changed, and its cues are the model's features"
    )
    assert meta["negotiations"] >= 30
    assert meta["per_label"]["none"] >= 1000
    assert bundled_path().stat().st_size < 5_000_000


def test_worksheet_names_every_coded_cell_of_the_seed(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SEED_RAW, raw, ignore=shutil.ignore_patterns("codings"))
    from pipeline.learn.model import model_for

    frame = worksheet(run_stages(raw), raw_lexicon(raw), model_for(raw))
    f = run_stages(SEED_RAW)
    top = dict(zip(f["actors"]["actor_id"], f["actors"]["top_actor_id"], strict=True))
    coded = {(c.top_actor_id, c.demand_id) for c in f["claims"].itertuples() if c.origin == "coded"}
    named = {(top[a], d) for a, d in zip(frame["actor"], frame["demand"], strict=True)}
    assert coded - named == set()
    proposed = frame[frame["rule"].isin(["model", "raiser"])]
    assert set(proposed["stance"]) <= {"supports", "rejects", "ambiguous"}
