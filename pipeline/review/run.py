"""`review`: run the stages in memory and write the worksheet and its HTML view (atomically)."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.build import run_stages
from pipeline.review.page import render
from pipeline.review.worksheet import to_csv, worksheet


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_worksheet(raw: Path, out: Path) -> tuple[Path, Path, int]:
    frame = worksheet(run_stages(raw))
    html_path = out.with_suffix(".html")
    _write(out, to_csv(frame))
    _write(html_path, render(frame, f"Review worksheet: {raw}"))
    return out, html_path, len(frame)
