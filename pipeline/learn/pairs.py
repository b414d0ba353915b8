"""Labelled pairs, the stance model's training data: reading and checking the JSON-lines files.

One JSON object per line: `case` (the negotiation, used to split training from validation so
that no negotiation is on both sides), `text` (one sentence), optional `context` (the sentence
before) and `pairs`, each with `actor` and `demand` (words copied from `text`; `actor_n` /
`demand_n` pick a later occurrence) and `stance` (supports, rejects, ambiguous or none). Every
problem is reported with its file, line and field; a file with problems trains nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Collector

LABELS = ("supports", "rejects", "ambiguous", "none")


@dataclass(frozen=True)
class Pair:
    """One labelled pair: character spans of the two mentions in `text`."""

    case: str
    text: str
    actor: tuple[int, int]
    demand: tuple[int, int]
    stance: str
    source: str  # file:line, for messages and audits


def _span(text: str, words: str, n: int) -> tuple[int, int] | None:
    at = -1
    for _ in range(n):
        at = text.find(words, at + 1)
        if at < 0:
            return None
    return at, at + len(words)


def read_pairs(path: Path, problems: Collector, shown: str | None = None) -> list[Pair]:
    """The pairs of one JSON-lines file; its problems go to `problems`."""
    shown = shown or str(path)
    out: list[Pair] = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(shown, f"not a JSON object ({exc.msg})", no)
            continue
        if not isinstance(rec, dict):
            problems.add(shown, "not a JSON object", no)
            continue
        text, case = rec.get("text"), rec.get("case")
        if not isinstance(text, str) or not text.strip():
            problems.add(shown, "missing or empty", no, "text")
            continue
        if not isinstance(case, str) or not case.strip():
            problems.add(shown, "missing or empty", no, "case")
            continue
        pairs = rec.get("pairs")
        if not isinstance(pairs, list) or not pairs:
            problems.add(shown, "missing or empty (a list of actor/demand/stance)", no, "pairs")
            continue
        for k, p in enumerate(pairs, start=1):
            where = f"pairs[{k}]"
            if not isinstance(p, dict):
                problems.add(shown, "not an object", no, where)
                continue
            stance = str(p.get("stance", "")).strip().lower()
            if stance not in LABELS:
                problems.add(
                    shown,
                    f"unknown stance {p.get('stance')!r} (use {', '.join(LABELS)})",
                    no,
                    f"{where}.stance",
                )
                continue
            spans = []
            for key in ("actor", "demand"):
                words, n = p.get(key), p.get(f"{key}_n", 1)
                span = (
                    _span(text, words, n)
                    if isinstance(words, str) and words and isinstance(n, int) and n >= 1
                    else None
                )
                if span is None:
                    problems.add(
                        shown,
                        f"{words!r} (occurrence {n}) not found in text",
                        no,
                        f"{where}.{key}",
                    )
                spans.append(span)
            if spans[0] and spans[1]:
                out.append(Pair(case.strip(), text, spans[0], spans[1], stance, f"{shown}:{no}"))
    return out


def data_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))


def data_hash(files: list[Path]) -> str:
    """sha256 over the files' names and bytes: recorded with the model it trained."""
    h = hashlib.sha256()
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()
