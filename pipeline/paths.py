"""Where a build reads and writes, and the check that those places can work, before any work.

Kept apart from `build` so that commands which often have nothing to do (an update with no
news) can check their outputs without importing the pipeline's heavy libraries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Collector

PAGE = "index.html"  # the report's page, in the report folder
FEED = "changes.atom"  # the Atom feed of stance changes, beside it


@dataclass(frozen=True)
class Paths:
    raw: Path
    db: Path
    reports: Path


def check_outputs(paths: Paths) -> None:
    """Output locations that cannot work are input errors, found before any work is done."""
    problems = Collector()
    if paths.db.is_dir():
        problems.add(str(paths.db), "is a folder; --db must name a database file")
    if paths.reports.exists() and not paths.reports.is_dir():
        problems.add(str(paths.reports), "is a file; --reports must name a folder")
    for parent in (paths.db.parent, paths.reports.parent):
        existing = next((p for p in [parent, *parent.parents] if p.exists()), None)
        if existing is not None and not existing.is_dir():
            problems.add(str(existing), "is a file, so the output folder cannot be made there")
    problems.raise_if_any()
    paths.db.parent.mkdir(parents=True, exist_ok=True)
