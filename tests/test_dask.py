"""The Dask engine (a local cluster here) produces exactly the claims of the local run."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import FIXTURES, query, run_build

pytest.importorskip("distributed")

from pipeline.build import raw_lexicon, run_staging  # noqa: E402
from pipeline.core.distributed import extract_claims_dask  # noqa: E402
from pipeline.core.incremental import extraction_context  # noqa: E402
from pipeline.nlp.extract import Extractor, extract_claim_frame, frame_source  # noqa: E402
from pipeline.validate import validate  # noqa: E402


def test_dask_partitions_give_identical_claims(tmp_path):
    from pipeline.bench import generate

    raw = tmp_path / "corpus"
    generate(120, raw, paragraphs=10)
    lx = raw_lexicon(raw)
    f = run_staging(raw, lx)
    local = extract_claim_frame(
        frame_source(f["documents"], f["sentences"]),
        Extractor(lx, f["actors"], f["actor_aliases"], f["demand_terms"]),
    )
    context = extraction_context(lx, f["actors"], f["actor_aliases"], f["demand_terms"])
    distributed = extract_claims_dask(
        f["documents"],
        f["sentences"],
        f["actors"],
        lx,
        f["actor_aliases"],
        f["demand_terms"],
        context,
        tmp_path / "parts",
        docs_per_part=25,
    )
    assert len(local) > 300
    pd.testing.assert_frame_equal(validate("claims", distributed), validate("claims", local))
    assert not (tmp_path / "parts").exists()


def test_build_with_dask_engine_equals_local_build(tmp_path):
    assert run_build(FIXTURES / "harbor", tmp_path / "local") == 0
    assert run_build(FIXTURES / "harbor", tmp_path / "dask", "--engine", "dask") == 0
    sql = "SELECT * FROM claims ORDER BY claim_id"
    pd.testing.assert_frame_equal(
        query(tmp_path / "local/db/stances.duckdb", sql),
        query(tmp_path / "dask/db/stances.duckdb", sql),
    )
