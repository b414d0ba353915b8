"""Is a build needed at all? A cheap fingerprint of everything a build reads (standard library only,
so the check costs no heavy import): each raw file's path, size and modification time, the code
and lexicon of the pipeline, and the output locations. A build that succeeded records it beside the
database; the next build with the same fingerprint and its outputs in place has nothing to do.
Report options that change the outputs (`--min-claims`, `--as-of`) enter as `options`, a string
that is empty for the defaults, so a plain build's fingerprint is unchanged by them."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pipeline.paths import FEED, PAGE

_CODE = Path(__file__).resolve().parent


def code_version() -> str:
    """Hash of the pipeline's own source, lexicon and stance model: a change invalidates every
    cache."""
    h = hashlib.sha256()
    for path in sorted(_CODE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json") and "__pycache__" not in path.parts:
            h.update(path.relative_to(_CODE).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def fingerprint(raw: Path, db: Path, reports: Path, options: str = "") -> str:
    h = hashlib.sha256()
    h.update(code_version().encode())
    h.update(f"{db.resolve()}|{reports.resolve()}|{raw.resolve()}".encode())
    if options:
        h.update(f"|{options}".encode())
    if raw.is_dir():
        for root, dirs, files in os.walk(raw):
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                st = path.lstat()
                h.update(
                    f"{path.relative_to(raw).as_posix()}|{st.st_size}|{st.st_mtime_ns}\n".encode()
                )
    return h.hexdigest()


def options_key(min_claims: int = 1, as_of: object = None) -> str:
    """The report options as they enter the fingerprint: empty for the defaults."""
    return "" if (min_claims, as_of) == (1, None) else f"min_claims={min_claims};as_of={as_of}"


def _record(db: Path) -> Path:
    return db.with_name(db.name + ".inputs.json")


def up_to_date(raw: Path, db: Path, reports: Path, options: str = "") -> bool:
    record = _record(db)
    published = (reports / PAGE).is_file() and (reports / FEED).is_file()
    if not (record.is_file() and db.is_file() and published):
        return False
    try:
        return json.loads(record.read_text())["fingerprint"] == fingerprint(
            raw, db, reports, options
        )
    except (ValueError, KeyError, OSError):
        return False


def remember(raw: Path, db: Path, reports: Path, options: str = "") -> None:
    """Record the fingerprint of a successful build (atomically, like every output)."""
    record = _record(db)
    tmp = record.with_name(f".{record.name}.tmp-{os.getpid()}")
    entry = {"fingerprint": fingerprint(raw, db, reports, options)}
    if options:
        entry["options"] = options
    tmp.write_text(json.dumps(entry) + "\n")
    os.replace(tmp, record)


def recorded_options(db: Path) -> str | None:
    """The report options of the recorded build ("" for the defaults; None: no record)."""
    try:
        return str(json.loads(_record(db).read_text()).get("options", ""))
    except (ValueError, OSError, AttributeError):
        return None


def forget(db: Path) -> None:
    _record(db).unlink(missing_ok=True)
