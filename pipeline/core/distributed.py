"""Extraction on Dask: the same per-document extractor, run over Parquet partitions of documents.

The documents (with their sentence offsets) are written as Parquet files to a work folder that the
Dask workers can read (a shared file system or object store for a real cluster); each partition is
extracted where it lands; the claims come back to the machine that builds the database, in
document order, so that the result is identical to a local run. Only this stage is distributed:
staging, resolution and the DuckDB write stay on the building machine.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline.learn.model import StanceModel
from pipeline.lexicon import Lexicon
from pipeline.nlp.extract import Extractor, extract_batch, frame_source
from pipeline.schema import CLAIMS
from pipeline.validate import to_frame

_EXTRACTORS: dict[str, Extractor] = {}  # per worker process: built (and the model loaded) once


def _partition(
    pdf: pd.DataFrame,
    lexicon: Lexicon,
    actors: pd.DataFrame,
    aliases: pd.DataFrame,
    terms: pd.DataFrame,
    context: str,
    memberships: pd.DataFrame | None = None,
    stance_model: StanceModel | None = None,
    raisers: dict[str, tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    if context not in _EXTRACTORS:
        _EXTRACTORS.clear()
        _EXTRACTORS[context] = Extractor(
            lexicon, actors, aliases, terms, memberships, stance_model, raisers
        )
    ex = _EXTRACTORS[context]
    docs = pdf.to_dict("records")
    by_doc = {d["doc_id"]: [tuple(s) for s in json.loads(d["sentences"])] for d in docs}
    pos = {d["doc_id"]: int(d["doc_pos"]) for d in docs}
    rows: list[dict] = []
    seen: Counter[str] = Counter()
    for claim in extract_batch(docs, by_doc, ex):  # in document order, as the local run
        rows.append({**claim, "_doc_pos": pos[claim["doc_id"]], "_k": seen[claim["doc_id"]]})
        seen[claim["doc_id"]] += 1
    return pd.DataFrame(rows, columns=_META_COLUMNS)


_META_COLUMNS = CLAIMS.column_names + ["_doc_pos", "_k"]


def _meta() -> pd.DataFrame:
    types = {
        "str": "object",
        "int": "int64",
        "float": "float64",
        "bool": "bool",
        "date": "datetime64[us]",
    }
    meta = {c.name: pd.Series(dtype=types[c.type]) for c in CLAIMS.columns}
    meta.update(_doc_pos=pd.Series(dtype="int64"), _k=pd.Series(dtype="int64"))
    return pd.DataFrame(meta)


def write_partitions(
    documents: pd.DataFrame, sentences: pd.DataFrame, folder: Path, docs_per_part: int
) -> int:
    """Documents with their sentence offsets as Parquet files under `folder`; returns the count."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = frame_source(documents, sentences)
    by_doc = {d: json.dumps(rows) for d in documents["doc_id"] if (rows := corpus.sentence_rows(d))}
    frame = documents[
        ["doc_id", "text", "published", "source_file", "body_line", "issued_by"]
    ].copy()
    frame["sentences"] = [by_doc.get(d, "[]") for d in frame["doc_id"]]
    frame["doc_pos"] = range(len(frame))
    parts = 0
    for start in range(0, len(frame), docs_per_part):
        frame.iloc[start : start + docs_per_part].to_parquet(
            folder / f"part-{parts:05d}.parquet", index=False
        )
        parts += 1
    return parts


def extract_claims_dask(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    actors: pd.DataFrame,
    lexicon: Lexicon,
    aliases: pd.DataFrame,
    terms: pd.DataFrame,
    context: str,
    workdir: Path,
    scheduler: str | None = None,
    docs_per_part: int = 200,
    memberships: pd.DataFrame | None = None,
    stance_model: StanceModel | None = None,
    raisers: dict[str, tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    """Extracted claims, computed on a Dask cluster (`scheduler` address) or, without one, on a
    local cluster of one worker process per core."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    if documents.empty:
        return to_frame([], "claims")
    try:
        write_partitions(documents, sentences, workdir, docs_per_part)
        cluster = (
            None
            if scheduler
            else LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            )
        )
        with Client(scheduler or cluster) as client:
            frame = dd.read_parquet(str(workdir))
            result = frame.map_partitions(
                _partition,
                lexicon,
                actors,
                aliases,
                terms,
                context,
                memberships,
                stance_model,
                raisers,
                meta=_meta(),
            ).compute(scheduler=client)
        if cluster is not None:
            cluster.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result = result.sort_values(["_doc_pos", "_k"]).drop(columns=["_doc_pos", "_k"])
    return result.reset_index(drop=True)
