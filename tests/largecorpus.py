"""A large, dense raw folder for testing the report at scale: 25 actors × 40 demands in 5
categories, ~300 short articles each with several stance sentences ("The <alias> demands <term>.",
"… rejects …", "… is open to …"), spread over a year of dates. One cell (the first actor on the
first demand) is named in every article, so its evidence overflows the page's per-cell cap.

Deterministic (seeded): building it twice gives the same report bytes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

N_ACTORS, N_DEMANDS, N_ARTICLES, STANCES_PER_ARTICLE = 25, 40, 300, 8
CATEGORIES = ("security", "economy", "territory", "humanitarian", "governance")
WORDS = (
    "amber cobalt delta ember falcon granite harbor indigo juniper kestrel lumen meridian nimbus "
    "onyx prairie quartz raven sierra tundra umber vesper willow yarrow zephyr aurora"
).split()
THINGS = (
    "tariff cuts|grain quotas|border crossings|water rights|pension reform|fishing zones|"
    "power grids|rail links|debt relief|port access|visa waivers|gas pipelines|troop pullbacks|"
    "ceasefire lines|prisoner releases|aid corridors|mining licences|tax holidays|patent waivers|"
    "data sharing|arms embargoes|election monitors|refugee returns|seed subsidies|"
    "bank guarantees|airspace access|satellite slots|customs unions|wage floors|housing funds|"
    "river dredging|cable landings|school exchanges|vaccine stocks|grain silos|road tolls|"
    "museum restitution|language schools|coastal patrols|census reform"
).split("|")
TEMPLATES = (
    ("supports", "The {a} demands {t}."),
    ("rejects", "The {a} rejects {t}."),
    ("ambiguous", "The {a} is open to {t}."),
)
assert len(THINGS) == N_DEMANDS and len(WORDS) == N_ACTORS


def _yaml(key: str, rows: list[dict]) -> str:
    out = [f"{key}:"]
    for r in rows:
        out.append(f"  - id: {r['id']}")
        for k, v in r.items():
            if k != "id":
                value = "[" + ", ".join(v) + "]" if isinstance(v, list) else v
                out.append(f"    {k}: {value}")
    return "\n".join(out) + "\n"


def write_large_raw(raw: Path, seed: int = 11) -> Path:
    rng = random.Random(seed)
    names = [f"{w.title()} Republic" for w in WORDS]
    aliases = [f"{w.title()} delegation" for w in WORDS]
    actors = [
        {"id": f"actor-{i:02d}", "name": n, "kind": "state", "aliases": [n, aliases[i]]}
        for i, n in enumerate(names)
    ]
    demands = [
        {
            "id": f"demand-{j:02d}",
            "label": t.capitalize(),
            "category": CATEGORIES[j // (N_DEMANDS // len(CATEGORIES))],
            "raised_by": [f"actor-{j % N_ACTORS:02d}"],
            "terms": [t],
        }
        for j, t in enumerate(THINGS)
    ]
    (raw / "codebook").mkdir(parents=True, exist_ok=True)
    (raw / "articles").mkdir(parents=True, exist_ok=True)
    (raw / "codebook/actors.yaml").write_text(_yaml("actors", actors), encoding="utf-8")
    (raw / "codebook/demands.yaml").write_text(_yaml("demands", demands), encoding="utf-8")
    start = date(2025, 1, 1)
    for n in range(N_ARTICLES):
        day = start + timedelta(days=n * 365 // N_ARTICLES)
        lines = [TEMPLATES[n % 3][1].format(a=aliases[0], t=THINGS[0])]  # the overflowing cell
        for _ in range(STANCES_PER_ARTICLE - 1):
            _, template = rng.choice(TEMPLATES)
            lines.append(template.format(a=rng.choice(aliases), t=rng.choice(THINGS)))
        (raw / "articles" / f"report-{n:03d}.md").write_text(
            f"---\ntitle: Talks report {n}\npublished: {day.isoformat()}\noutlet: Scale Wire\n"
            f"url: https://example.org/talks/{n}\nlanguage: en\n---\n" + "\n\n".join(lines) + "\n",
            encoding="utf-8",
        )
    return raw
