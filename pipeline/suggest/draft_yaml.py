"""Write draft codebook entries as YAML with the evidence in comments, not in fields.

A draft entry is a dict of codebook fields plus two comment keys: `NOTES` (lines written above
the entry: counts, an example, where `part_of` came from) and `ALIAS_NOTES` (alias or term ->
why it is proposed, written beside it). Only codebook fields become YAML keys, so an entry copied
as it is into the codebook builds without "field not used" warnings.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

NOTES = "#notes"
ALIAS_NOTES = "#alias-notes"


def times(n: int) -> str:
    """ "once", "3 times", "never": counts as the comments say them."""
    return {0: "never", 1: "once"}.get(n, f"{n} times")


def _value(value) -> str:
    """One scalar or a flow list as YAML on one line (quoted where YAML needs it)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9)
    return text.removesuffix("\n...\n").strip()


def _comment(text: str) -> str:
    return "# " + " ".join(str(text).split())


def entries_yaml(key: str, rows: list[dict]) -> str:
    """`key:` and the entries, each with its notes above it and per-item notes beside it."""
    lines = [f"{key}:"]
    for row in rows:
        lines.append("")
        lines += ["  " + _comment(n) for n in row.get(NOTES, ())]
        first = True
        for field, value in row.items():
            if field.startswith("#"):
                continue
            lead = "  - " if first else "    "
            first = False
            notes = row.get(ALIAS_NOTES, {})
            if isinstance(value, list) and any(v in notes for v in value):
                lines.append(f"{lead}{field}:")
                for v in value:
                    note = f"  {_comment(notes[v])}" if v in notes else ""
                    lines.append(f"      - {_value(v)}{note}")
            else:
                lines.append(f"{lead}{field}: {_value(value)}")
    return "\n".join(lines) + "\n"


def write(path: Path, header: str, key: str, rows: list[dict]) -> None:
    """Write atomically (a hidden temporary file moved into place)."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(header + entries_yaml(key, rows), encoding="utf-8")
    os.replace(tmp, path)
