"""The check's inputs from a raw folder: field lines from the codebook files (the staging's
line-keeping YAML loader), sentence texts from staged frames or a build's spilled batches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from pipeline.check.codebook import Finding, Places, check, sentence_texts
from pipeline.lexicon import Lexicon
from pipeline.staging.spill import Spill
from pipeline.staging.textio import read_text
from pipeline.staging.yamlio import load_yaml


def places(raw: Path, frames: dict[str, pd.DataFrame]) -> Places:
    """Field lines of each staged actor and demand. Staging has read and validated both files,
    so each record is the item at its `position` in the file's list."""
    records: dict[tuple[str, str], tuple[str, dict[str, int]]] = {}
    for kind, key, frame in (
        ("actor", "actors", frames["actors"]),
        ("demand", "demands", frames["demands"]),
    ):
        path = raw / "codebook" / f"{key}.yaml"
        shown = str(path)
        items = load_yaml(read_text(path, shown), shown)[key]
        for ident, position in zip(frame[f"{kind}_id"], frame["position"], strict=True):
            item = items[int(position)]
            records[(kind, ident)] = (shown, {"": item.line, **item.key_lines})
    return Places(records)


def _spilled(spill: Spill) -> Iterator[str]:
    files = spill.files()
    for docs, sents in zip(files["documents"], files["sentences"], strict=True):
        yield from sentence_texts(
            pd.read_parquet(docs, columns=["doc_id", "text"]),
            pd.read_parquet(sents, columns=["doc_id", "start", "end"]),
        )


def findings(
    raw: Path, frames: dict[str, pd.DataFrame], lexicon: Lexicon, spill: Spill | None = None
) -> list[Finding]:
    """The warnings on staged frames; with a `spill` (a streaming build) the texts are read back
    from it batch by batch, since the frames then hold none."""
    texts = (
        _spilled(spill)
        if spill is not None
        else sentence_texts(frames["documents"], frames["sentences"])
    )
    return check(frames, lexicon, texts, places(raw, frames))
