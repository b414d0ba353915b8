"""A build streams the staged documents into the new database and reads each range back for
extraction; the result must be exactly that of the stages run in memory."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import FIXTURES, SEED_RAW, query

from pipeline import build as b
from pipeline.bench import generate_realistic
from pipeline.nlp.extract import (
    PARALLEL_MIN_DOCS,
    Extractor,
    StagedSource,
    extract_claim_frame,
    extract_claims,
)
from pipeline.schema import TABLES
from pipeline.staging.spill import Spill
from pipeline.validate import validate


def _table(db, name: str) -> pd.DataFrame:
    cols = ", ".join(f'"{c}"' for c in TABLES[name].column_names)
    return query(db, f'SELECT {cols} FROM "{name}" ORDER BY ALL')


@pytest.mark.parametrize("raw", [SEED_RAW, FIXTURES / "harbor"], ids=["seed", "harbor"])
def test_streaming_build_writes_the_database_the_in_memory_stages_write(tmp_path, raw):
    streamed = tmp_path / "streamed.duckdb"
    b.build(b.Paths(raw, streamed, tmp_path / "reports"))
    frames = b.run_stages(raw)
    in_memory = tmp_path / "memory.duckdb"
    b.write_outputs(frames, b.Paths(raw, in_memory, tmp_path / "reports-memory"), False)
    for name in TABLES:
        pd.testing.assert_frame_equal(_table(streamed, name), _table(in_memory, name), obj=name)
    assert len(_table(streamed, "documents")) == len(frames["documents"])
    assert len(_table(streamed, "claims")) >= 7


def test_ranges_read_back_from_the_database_give_the_claims_of_the_frames(tmp_path):
    raw = tmp_path / "raw"
    generate_realistic(PARALLEL_MIN_DOCS + 40, raw, seed=11)  # enough for the forked workers
    lexicon = b.raw_lexicon(raw)
    frames = b.run_staging(raw, lexicon)
    ex = Extractor(lexicon, frames["actors"], frames["actor_aliases"], frames["demand_terms"])
    spill = Spill(tmp_path / "staged")
    half = len(frames["documents"]) // 2
    for part in (slice(0, half), slice(half, None)):  # two batches, as staging writes them
        docs = frames["documents"].iloc[part]
        spill.add(docs, frames["sentences"][frames["sentences"]["doc_id"].isin(docs["doc_id"])])
    order = list(frames["documents"]["doc_id"])[::-1]  # any order the caller asks for
    streamed = extract_claim_frame(StagedSource(spill, order), ex)
    in_memory = extract_claims(frames["documents"].iloc[::-1], frames["sentences"], ex)
    assert len(in_memory) > 500
    expected = validate("claims", pd.DataFrame(in_memory)[TABLES["claims"].column_names])
    pd.testing.assert_frame_equal(validate("claims", streamed), expected)


def test_a_failed_streaming_build_leaves_no_partial_database(tmp_path):
    raw = tmp_path / "raw"
    generate_realistic(30, raw, seed=2)
    out = tmp_path / "out"
    paths = b.Paths(raw, out / "stances.duckdb", out / "reports")
    b.build(paths)
    before = query(paths.db, "SELECT count(*) AS n FROM claims")["n"][0]
    bad = sorted((raw / "articles").iterdir())[-1]
    bad.write_text(bad.read_text(encoding="utf-8").replace("published:", "published: 2026-13-40 #"))
    with pytest.raises(b.InputError):
        b.build(paths)
    assert query(paths.db, "SELECT count(*) AS n FROM claims")["n"][0] == before
    assert not [p.name for p in out.iterdir() if ".tmp-" in p.name]
