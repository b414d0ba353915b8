"""Stage the analyst codings: every `codings/*.csv` record with its file and line.

Steps: read each CSV (UTF-8, BOM and CRLF allowed) with strict quoting; check the header has the
required columns (extra columns are ignored); check each record has its required cells and a known
stance spelling (synonyms resolved). References to documents, actors and demands, and the quote's
place in its document, are checked in core, where those tables meet.

A file with a `decision` column is a review worksheet. Nothing in it is dropped without a word: a
row with an empty decision is either an analyst coding (`decision = "added"`: it has a stance and
no extractor column filled, so it was typed in by hand or is a candidate passage given a stance)
or left out with a warning naming its file and line, counted in the build's summary line.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pandas as pd

from pipeline.errors import Collector, InputError, Problem
from pipeline.schema import EVIDENCE_STANCES, STANCE_SYNONYMS
from pipeline.staging.textio import read_text
from pipeline.validate import to_frame, validate

REQUIRED = ("document", "actor", "demand", "stance", "quote")
OPTIONAL = ("attribution", "coder", "note", "decision")
ACCEPT = ("accept", "accepted", "ok", "keep", "confirm", "confirmed")
REJECT = ("reject", "rejected", "wrong", "drop", "delete", "x")
EXTRACTOR = ("claim_id", "rule", "confidence", "cue")  # filled only on the extractor's own rows


def _read_csv(
    text: str, shown: str, rel: str, problems: Collector, skipped: list[Problem]
) -> list[dict]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        header = next(reader, None)
        if header is None:
            problems.add(shown, "file is empty; expected a header line: " + ",".join(REQUIRED), 1)
            return []
        names = [h.strip().lower() for h in header]
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            problems.add(
                shown,
                f"header lacks column(s): {', '.join(missing)} (found: {', '.join(header)})",
                1,
            )
            return []
        doubled = sorted({n for n in names if names.count(n) > 1 and n in REQUIRED + OPTIONAL})
        if doubled:
            problems.add(shown, f"header names column(s) twice: {', '.join(doubled)}", 1)
            return []
        index = {name: names.index(name) for name in REQUIRED + OPTIONAL if name in names}
        extractor = [names.index(name) for name in EXTRACTOR if name in names]
        line = reader.line_num + 1
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header):
                problems.add(
                    shown,
                    f"record has {len(record)} fields but the header has "
                    f"{len(header)}; is a comma inside an unquoted cell?",
                    start,
                )
                continue
            cells = {
                name: (record[i].strip() if i < len(record) else "") for name, i in index.items()
            }
            decision, stance_text = None, cells["stance"]
            if "decision" in index and not cells["decision"]:  # a worksheet row left open
                reason = _undecided(cells, record, extractor)
                if reason is not None:
                    skipped.append(Problem(shown, reason, start, "decision"))
                    continue
                decision = "added"
            elif "decision" in index:  # a review worksheet: the decision says what counts
                decision, stance_text = _decision(cells["decision"], cells["stance"])
                if decision is None:
                    problems.add(
                        shown,
                        f"unknown decision {cells['decision']!r} (use accept, reject, or the "
                        f"right stance: {', '.join(EVIDENCE_STANCES)})",
                        start,
                        "decision",
                    )
                    continue
                cells["stance"] = stance_text
            row_ok = True
            for name in REQUIRED:
                if not cells[name]:
                    problems.add(shown, "is required but empty", start, name)
                    row_ok = False
            stance = STANCE_SYNONYMS.get(cells["stance"].lower())
            if cells["stance"] and stance is None:
                problems.add(
                    shown,
                    f"unknown stance {cells['stance']!r} (use one of: "
                    f"{', '.join(EVIDENCE_STANCES)})",
                    start,
                    "stance",
                )
                row_ok = False
            if row_ok:
                rows.append(
                    {
                        "source_file": rel,
                        "source_line": start,
                        **cells,
                        "stance": stance,
                        **{o: cells.get(o) or None for o in OPTIONAL},
                        "decision": decision,
                    }
                )
    except csv.Error as exc:
        problems.add(shown, f"broken CSV: {exc}", reader.line_num or 1)
    return rows


def _undecided(cells: dict[str, str], record: list[str], extractor: list[int]) -> str | None:
    """Why a worksheet row with an empty decision is left out, or None when it is taken as an
    analyst coding: a row with a stance and nothing extracted behind it (no `claim_id`, `rule`,
    `confidence` or `cue`: typed in by hand, or a candidate passage whose stance was filled)."""
    if not cells["stance"] and not cells["quote"]:
        return "empty, and the row has no stance and no quote; left out"
    if any(i < len(record) and record[i].strip() for i in extractor):
        return (
            "empty, so this extracted claim is not reviewed and is left out (write accept, "
            "reject or the right stance; a stance column alone is not a decision)"
        )
    if not cells["stance"]:
        return (
            "empty and no stance given, so this passage is left out (write its stance, or reject)"
        )
    return None


def _decision(decision: str, stance: str) -> tuple[str | None, str]:
    """(accept | reject | correct | None, the stance to record) of a worksheet row."""
    word = decision.strip().lower()
    if word in ACCEPT:
        return "accept", stance
    if word in REJECT:
        return "reject", stance or "ambiguous"  # the stance of a rejected row is not used
    if word in STANCE_SYNONYMS:
        return "correct", word
    return None, stance


def stage_codings(
    raw: Path, problems: Collector, skipped: list[Problem] | None = None
) -> pd.DataFrame:
    """Every well-formed coding record of the raw folder (none when `codings/` is absent); the
    problems of the others go to `problems`. Worksheet rows left undecided (see `_undecided`)
    go to `skipped`, one per row, and are printed as warnings."""
    rows: list[dict] = []
    skipped = [] if skipped is None else skipped
    before = len(skipped)
    folder = raw / "codings"
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        shown = str(path)
        try:
            text = read_text(path, shown)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        rows += _read_csv(text, shown, str(path.relative_to(raw)), problems, skipped)
    for line in undecided_warnings(skipped[before:]):
        print(line, file=sys.stderr)
    return validate("codings", to_frame(rows, "codings"))


SHOWN_PER_FILE = 5  # undecided rows told one by one; the rest of a file on one line


def _ranges(lines: list[int]) -> str:
    """'12-15, 20, 31-32': line numbers, runs joined."""
    runs: list[list[int]] = []
    for n in sorted(lines):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def undecided_warnings(skipped: list[Problem]) -> list[str]:
    """The warnings for worksheet rows left out: the first few of each file one by one, the
    others of that file on one line with every line number (a worksheet copied back whole
    would otherwise print hundreds of lines; no row goes unnamed)."""
    out: list[str] = []
    by_file: dict[str, list[Problem]] = {}
    for problem in skipped:
        by_file.setdefault(problem.file, []).append(problem)
    for file, problems in by_file.items():
        out += [f"warning: {p}" for p in problems[:SHOWN_PER_FILE]]
        reasons: dict[str, list[int]] = {}
        for p in problems[SHOWN_PER_FILE:]:
            reasons.setdefault(p.message, []).append(p.line or 0)
        for reason, lines in reasons.items():
            n = len(lines)
            out.append(
                f"warning: {file}: field 'decision': {n} more row{'s' * (n != 1)} "
                f"(line{'s' * (n != 1)} {_ranges(lines)}): {reason}"
            )
    return out
