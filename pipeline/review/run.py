"""`review`: run the stages in memory and write the worksheet and its HTML view (atomically)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from pipeline.build import raw_lexicon, run_stages
from pipeline.learn.model import model_for
from pipeline.review.page import render
from pipeline.review.worksheet import to_csv, worksheet


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _open_rows(frame: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """The rows no coding of `codings/` has decided yet: a passage already coded or rejected for
    its document and demand (a rejected candidate leaves no claim behind) is not offered again."""

    def key(document: str, demand: str, quote: str) -> tuple[str, str, str]:
        return document.strip(), demand.strip().lower(), " ".join(quote.split()).lower()

    decided = {key(c.document, c.demand, c.quote) for c in codings.itertuples(index=False)}
    keep = pd.Series(
        [key(r.document, r.demand, r.quote) not in decided for r in frame.itertuples(index=False)],
        index=frame.index,
        dtype=bool,
    )
    return frame.loc[keep].reset_index(drop=True)


def write_worksheet(raw: Path, out: Path) -> tuple[Path, Path, int]:
    """Write the worksheet of what is still open and its HTML view; return both paths and the
    number of rows (0: nothing left to decide)."""
    frames = run_stages(raw)
    frame = _open_rows(worksheet(frames, raw_lexicon(raw), model_for(raw)), frames["codings"])
    html_path = out.with_suffix(".html")
    _write(out, to_csv(frame))
    _write(html_path, render(frame, f"Review worksheet: {raw}"))
    return out, html_path, len(frame)
