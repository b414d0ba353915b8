"""Which state a place name stands for: countries, capitals, demonyms, codes, seats of government.

The data is the `countryinfo` package (names, capitals, demonyms, alternative spellings and ISO
codes of 250 countries; MIT licence) and `seats.yaml` beside this file. A capital used as a speaker
("Paris said") or a demonym in a title ("French President") points to its state.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import yaml


def _norm(name: str) -> str:
    return " ".join(name.replace(".", "").replace("’", "'").lower().split())


@cache
def places() -> tuple[dict[str, str], dict[str, str]]:
    """(normalised place name or demonym -> country, capital-letter code -> country)."""
    out: dict[str, str] = {}
    codes: dict[str, str] = {}
    size: dict[str, int] = {}  # a name two countries share goes to the more populous one
    folder = resources.files("countryinfo").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        name = data.get("name")
        if not name:
            continue
        size[name] = int(data.get("population") or 0)
        keys = [name, data.get("demonym") or "", *(data.get("altSpellings") or [])]
        capitals = data.get("capital") or []
        for capital in [capitals] if isinstance(capitals, str) else capitals:
            keys += [capital, capital.split(" D.C")[0]]
        for key in keys:
            table = codes if key.isupper() and len(key) <= 3 else out  # "US": never "us"
            k = key if table is codes else _norm(key)
            if len(key) > 1 and (k not in table or size[table[k]] < size[name]):
                table[k] = name
    seats = yaml.safe_load(
        resources.files("pipeline.suggest").joinpath("seats.yaml").read_text(encoding="utf-8")
    )["seats"]
    for seat, capital in seats.items():
        if _norm(capital) in out:
            out.setdefault(_norm(seat), out[_norm(capital)])
    return out, codes


def country_of(name: str) -> str | None:
    """The country a name stands for ("Paris", "U.S.", "French", "the Élysée"), or None."""
    names, codes = places()
    bare = name.replace(".", "").strip()
    if bare.isupper() and len(bare) <= 3:
        return codes.get(bare)
    key = _norm(name)
    if key.startswith("the "):
        key = key[4:]
    return names.get(key)
