"""A wide raw folder for testing the compact matrix: 40 top-level actors × 40 demands (the bench's
synthetic generator), 40 short dense articles, so the matrix has positions and empty cells and
the page builds in seconds. Deterministic (seeded)."""

from __future__ import annotations

from pathlib import Path

N_ACTORS, N_DEMANDS, N_ARTICLES = 40, 40, 40


def write_wide_raw(raw: Path) -> Path:
    from pipeline.bench import generate

    generate(N_ARTICLES, raw, n_actors=N_ACTORS, n_demands=N_DEMANDS, paragraphs=40)
    return raw
