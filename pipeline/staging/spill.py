"""The staged documents and sentences of a build kept on disk, not in memory.

Staging validates the articles a batch at a time; each batch's documents (with their text) and
sentences go to a pair of Parquet files in a temporary folder beside the new database, and memory
keeps only the documents' metadata. Extraction reads each range of documents back when a worker
is ready for it; the database write loads the files in one set-based insert. So a corpus ten
times larger needs more disk, not more memory.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pipeline.store import Writer, quote_literal
from pipeline.validate import to_frame

CHECKPOINT_EVERY = 4  # batches loaded between writes of the new database to its file


class Spill:
    """Batches of validated `documents` and `sentences` frames as Parquet files under `folder`."""

    def __init__(self, folder: Path):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder = folder
        self.batches = 0
        self.batch_of: dict[str, int] = {}

    def _file(self, name: str, k: int) -> Path:
        return self.folder / f"{name}-{k:05d}.parquet"

    def add(self, documents: pd.DataFrame, sentences: pd.DataFrame) -> None:
        k = self.batches
        documents.to_parquet(self._file("documents", k), index=False)
        sentences.to_parquet(self._file("sentences", k), index=False)
        self.batch_of.update(dict.fromkeys(documents["doc_id"], k))
        self.batches += 1

    def rows_of(
        self, name: str, doc_ids: list[str], order: list[str] | None = None
    ) -> pd.DataFrame:
        """The rows of `name` (documents or sentences) for `doc_ids` (unknown ones left out),
        sorted by `order` when given."""
        wanted = set(doc_ids)
        parts = [
            pd.read_parquet(self._file(name, k), filters=[("doc_id", "in", sorted(wanted))])
            for k in sorted({self.batch_of[d] for d in wanted if d in self.batch_of})
        ]
        if not parts:
            return to_frame([], name)
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        return frame.sort_values(order, kind="stable").reset_index(drop=True) if order else frame

    def insert_into(self, writer: Writer) -> None:
        """Load every batch into the new database's `documents` and `sentences`, in order: one
        insert per batch on one thread, written to the file every CHECKPOINT_EVERY batches, so
        that DuckDB keeps a few batches in memory, not the corpus."""
        writer.con.execute("SET threads = 1")
        try:
            for name in ("documents", "sentences"):
                for k in range(self.batches):
                    writer.insert(name, f"read_parquet({quote_literal(str(self._file(name, k)))})")
                    if k % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1:
                        writer.con.execute("CHECKPOINT")
        finally:
            writer.con.execute("RESET threads")

    def files(self) -> dict[str, list[Path]]:
        """The Parquet files of each table, in batch order."""
        return {
            n: [self._file(n, k) for k in range(self.batches)] for n in ("documents", "sentences")
        }

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
