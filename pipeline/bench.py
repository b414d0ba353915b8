"""Corpora and timings: `python -m pipeline.bench generate|run|imports|profile|all|stress`.

`generate` writes a raw folder of N articles. By default (`--realistic`) they read like news:
about 600 words in 20 to 40 sentences, most of them background that names actors and no demand,
a few with a stance in varied constructions, over a codebook of 25 actors and 40 demands; so only
a small share of the text is parsed, as with real news. `--synthetic` keeps the older corpus of
short sentences, 40% of them claims: it measures the extractor on dense claims (24 per article),
which news does not have. Both write the stances meant to `truth.csv`, so a run also checks them.
`run` builds a raw folder stage by stage and reports wall time, words parsed and peak memory.
`imports` times the bare import of the libraries the pipeline uses, in a fresh interpreter.
`profile` prints a cProfile top list of the claims stage (one process).
`all` (`make bench`) writes bench/RESULTS.md; `stress` times pathological inputs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

WORDS = (
    "amber cobalt delta ember falcon granite harbor indigo juniper kestrel lumen meridian "
    "nimbus onyx prairie quartz raven sierra tundra umber vesper willow yarrow zephyr"
).split()
THINGS = (
    "tariff cuts|grain quota|border crossing|water rights|pension reform|fishing zone|"
    "power grid|rail link|debt relief|port access|visa waiver|gas pipeline|troop pullback|"
    "ceasefire line|prisoner release|aid corridor|mining licence|tax holiday|"
    "patent waiver|data sharing|arms embargo|election monitors|refugee returns|"
    "seed subsidies|bank guarantee|"
    "airspace access|satellite slots|customs union|wage floor|housing fund"
).split("|")
SUPPORT = (
    "{a} demands {t}.",
    "{a} has called for {t}.",
    "{a} insists on {t}.",
    "{a} is pushing for {t}, officials said.",
    "{a} backed {t} on Monday.",
    "{a} said it wants {t} before any deal.",
)
REJECT = (
    "{a} rejects {t}.",
    "{a} has ruled out {t}.",
    "{a} dismissed {t} as unworkable.",
    "{a} will not accept {t}.",
    "{a} firmly opposes {t}.",
)
HEDGE = (
    "{a} hinted at {t}.",
    "{a} is open to discussing {t}.",
    "{a} accepts {t}, but only if talks resume.",
    "{a} is not entirely opposed to {t}.",
)
FILLER = (
    "Talks resumed in the capital on {d}.",
    "Negotiators met for six hours.",
    "Markets were calm after the announcement.",
    "The next round is scheduled for next month.",
    "Observers said progress was slow.",
)


def _codebook(rng: random.Random, n_actors: int, n_demands: int):
    actors, demands = [], []
    for i in range(n_actors):
        kind = ["Republic", "League", "Union", "Council"][i % 4]
        name = f"{WORDS[i % len(WORDS)].title()} {kind}"
        if i >= len(WORDS):
            name += f" {i // len(WORDS) + 1}"
        actors.append(
            {
                "id": f"actor-{i}",
                "name": name,
                "kind": ["state", "alliance", "group", "organization"][i % 4],
                "aliases": [name, f"{name} officials"],
            }
        )
        leader = f"Leader {i} {WORDS[(i + 7) % len(WORDS)].title()}"
        actors.append(
            {
                "id": f"actor-{i}-leader",
                "name": leader,
                "kind": "person",
                "part_of": f"actor-{i}",
                "aliases": [f"Leader {i} {WORDS[(i + 7) % len(WORDS)].title()}"],
            }
        )
    for j in range(n_demands):
        thing = THINGS[j % len(THINGS)] + ("" if j < len(THINGS) else f" {j // len(THINGS) + 1}")
        demands.append(
            {
                "id": f"demand-{j}",
                "label": thing.capitalize(),
                "category": ["security", "economy", "rights"][j % 3],
                "raised_by": [f"actor-{j % n_actors}"],
                "terms": [thing, f"the {thing} plan"],
            }
        )
    return actors, demands


def _yaml_list(key: str, rows: list[dict]) -> str:
    out = [f"{key}:"]
    for r in rows:
        out.append(f"  - id: {r['id']}")
        for k, v in r.items():
            if k != "id":
                out.append(
                    f"    {k}: {v!r}"
                    if not isinstance(v, list)
                    else f"    {k}: [{', '.join(repr(x) for x in v)}]"
                )
    return "\n".join(out).replace("'", '"') + "\n"


def generate(
    docs: int,
    out: Path,
    seed: int = 7,
    n_actors: int = 40,
    n_demands: int = 40,
    paragraphs: int = 60,
) -> None:
    """Write a raw folder of `docs` articles (~5 KB each) and its truth.csv."""
    rng = random.Random(seed)
    actors, demands = _codebook(rng, n_actors, n_demands)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "codebook").mkdir(parents=True, exist_ok=True)
    (out / "codebook/actors.yaml").write_text(_yaml_list("actors", actors), encoding="utf-8")
    (out / "codebook/demands.yaml").write_text(_yaml_list("demands", demands), encoding="utf-8")
    tops = [a for a in actors if "part_of" not in a]
    with open(out / "truth.csv", "w", newline="", encoding="utf-8") as handle:
        truth = csv.writer(handle)
        truth.writerow(["doc_id", "actor_id", "demand_id", "stance"])
        for n in range(docs):
            doc_id = f"doc-{n:06d}"
            day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
            lines = []
            for _ in range(paragraphs):
                if rng.random() < 0.6:
                    lines.append(rng.choice(FILLER).format(d=day))
                    continue
                actor = rng.choice(tops)
                demand = rng.choice(demands)
                stance, templates = rng.choice(
                    (("supports", SUPPORT), ("rejects", REJECT), ("ambiguous", HEDGE))
                )
                lines.append(rng.choice(templates).format(a=actor["name"], t=demand["terms"][0]))
                truth.writerow([doc_id, actor["id"], demand["id"], stance])
            body = "\n\n".join(lines)
            (out / "articles" / f"{doc_id}.md").write_text(
                f"---\ntitle: Synthetic report {n}\npublished: {day}\noutlet: Bench Wire\n"
                f"---\n{body}\n",
                encoding="utf-8",
            )


# ---------------------------------------------------------------------------------------------
# The realistic generator: news-like articles where most sentences name actors but no demand.

# (id, name, kind, aliases, part_of)
REAL_ACTORS: tuple[tuple[str, str, str, tuple[str, ...], str | None], ...] = (
    ("norland", "Norland", "state", ("Norland", "Brenholm", "Norlandic government"), None),
    ("estavia", "Estavia", "state", ("Estavia", "Corvin", "Estavian government"), None),
    ("maravia", "Maravia", "state", ("Maravia", "Selmo", "Maravian government"), None),
    ("tulsany", "Tulsany", "state", ("Tulsany", "Okram", "Tulsanian government"), None),
    ("vesland", "Vesland", "state", ("Vesland", "Ridhaven", "Veslandic government"), None),
    ("quorvia", "Quorvia", "state", ("Quorvia", "Pellin", "Quorvian government"), None),
    (
        "maritime-compact",
        "Northern Maritime Compact",
        "alliance",
        ("Northern Maritime Compact", "Maritime Compact"),
        None,
    ),
    ("coastal-forum", "Coastal States Forum", "bloc", ("Coastal States Forum",), None),
    (
        "harbor-employers",
        "Harbor Employers Association",
        "organization",
        ("Harbor Employers Association", "Harbor Employers"),
        None,
    ),
    (
        "fisheries-board",
        "International Fisheries Board",
        "organization",
        ("International Fisheries Board", "Fisheries Board"),
        None,
    ),
    ("ridgeway-energy", "Ridgeway Energy", "organization", ("Ridgeway Energy",), None),
    (
        "dock-federation",
        "Dock Workers Federation",
        "group",
        ("Dock Workers Federation", "the dock federation"),
        None,
    ),
    ("green-shore", "Green Shore Coalition", "group", ("Green Shore Coalition",), None),
    ("upland-farmers", "Upland Farmers Guild", "group", ("Upland Farmers Guild",), None),
    ("tenants-league", "Civic Tenants League", "group", ("Civic Tenants League",), None),
    ("varga", "Ilse Varga", "person", ("Ilse Varga", "President Varga", "Varga"), "norland"),
    ("prell", "Tomas Prell", "person", ("Tomas Prell", "Prell"), "norland"),
    ("denko", "Aurel Denko", "person", ("Aurel Denko", "Prime Minister Denko", "Denko"), "estavia"),
    ("sorn", "Leda Sorn", "person", ("Leda Sorn", "Minister Sorn", "Sorn"), "maravia"),
    ("kessi", "Omar Kessi", "person", ("Omar Kessi", "President Kessi", "Kessi"), "tulsany"),
    ("malo", "Rhea Malo", "person", ("Rhea Malo", "Chancellor Malo"), "vesland"),
    ("alder", "Piet Alder", "person", ("Piet Alder", "Envoy Alder"), "quorvia"),
    ("brask", "Nadia Brask", "person", ("Nadia Brask", "Brask"), "maritime-compact"),
    ("harlan", "Joss Harlan", "person", ("Joss Harlan", "Harlan"), "dock-federation"),
    ("tolland", "Mira Tolland", "person", ("Mira Tolland", "Tolland"), "harbor-employers"),
)
# (category, first term, second term); the first term is what the articles mostly use
REAL_DEMANDS: tuple[tuple[str, str, str], ...] = (
    ("fisheries", "higher cod quotas", "cod quota increase"),
    ("fisheries", "spawning ground closures", "closure of the spawning grounds"),
    ("fisheries", "joint fishing patrols", "joint patrols at sea"),
    ("fisheries", "trawler licence fees", "fees for trawler licences"),
    ("fisheries", "bycatch limits", "limits on bycatch"),
    ("fisheries", "herring moratorium", "moratorium on herring fishing"),
    ("fisheries", "fleet renewal fund", "fund for fleet renewal"),
    ("trade", "grain tariff cuts", "tariff cuts on grain"),
    ("trade", "customs union", "common customs area"),
    ("trade", "port access rights", "access to the northern ports"),
    ("trade", "timber export quotas", "export quotas on timber"),
    ("trade", "anti-dumping duties", "duties on dumped steel"),
    ("trade", "free trade zone", "duty-free zone"),
    ("trade", "rules of origin reform", "reform of the rules of origin"),
    ("energy", "gas pipeline extension", "extension of the gas pipeline"),
    ("energy", "offshore wind leases", "leases for offshore wind"),
    ("energy", "electricity interconnector", "power interconnector"),
    ("energy", "fuel price cap", "cap on fuel prices"),
    ("energy", "nuclear plant closure", "closure of the nuclear plant"),
    ("energy", "coal exit", "exit from coal"),
    ("energy", "grid subsidy", "subsidies for the grid"),
    ("labour", "dock pay rise", "pay rise for dock crews"),
    ("labour", "four-day week", "shorter working week"),
    ("labour", "pension guarantee", "guaranteed pensions"),
    ("labour", "automation limits", "limits on automation"),
    ("labour", "redundancy protection", "protection against redundancies"),
    ("labour", "overtime premium", "higher overtime pay"),
    ("labour", "training levy", "levy for apprentice training"),
    ("environment", "emissions cap", "cap on emissions"),
    ("environment", "marine reserve", "protected marine reserve"),
    ("environment", "ballast water rules", "rules on ballast water"),
    ("environment", "plastic packaging ban", "ban on plastic packaging"),
    ("environment", "coastal restoration fund", "fund for coastal restoration"),
    ("environment", "carbon border tax", "border carbon levy"),
    ("security", "troop pullback", "withdrawal of troops"),
    ("security", "demilitarised zone", "buffer zone"),
    ("security", "prisoner exchange", "exchange of prisoners"),
    ("security", "ceasefire monitors", "international monitors"),
    ("security", "arms embargo", "embargo on arms"),
    ("security", "halt to naval drills", "suspension of naval drills"),
)
CITIES = "Brenholm Corvin Selmo Okram Ridhaven Pellin Lindqvist Harrowgate Tessary Marrow".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
ORDINALS = "second third fourth fifth sixth seventh".split()
OUTLETS = ("Harbor Wire", "Northern Ledger", "Coastal Times", "The Meridian Post")
TAILS = (
    "",
    "",
    "",
    ", according to the published schedule",
    ", a person who attended the session said",
    " after a short break in the late morning",
    ", the second such change this month",
    ", in a sign of how slowly the process has moved",
    " as the delegations prepared for another long evening",
)
# Background: names actors (and their people), never a demand term nor any term's last word.
BACKGROUND = (
    "Delegations from {A} and {B} arrived in {city} on {weekday} for the {nth} round of talks",
    "The talks, hosted by {A} in an old conference hall near the waterfront, are expected to "
    "run until {weekday}",
    '{P} told reporters outside the conference centre that the mood was "businesslike" and '
    "that nobody expected a breakthrough before the weekend",
    "Heavy rain and a delayed flight meant that the {A} delegation arrived almost two hours late",
    "A spokesperson for {A} declined to comment on the schedule or on the make-up of its team",
    "{A} and {B} last met in {city} in the autumn, when the discussions broke off after two days",
    "Journalists waited in the lobby for most of the afternoon while the doors stayed closed",
    "{P}, who has led the {A} team for several years, flew in from {city} the night before",
    "Security around the venue was tight, with several streets closed to traffic for the day",
    "Officials from {A} spent the morning in bilateral meetings with their counterparts from {B}",
    "The host government provided interpreters in four languages and a room for the press",
    "A joint press conference planned for the evening was cancelled at short notice",
    "{P} thanked the hosts for their hospitality and praised the organisation of the meeting",
    "Outside, a small group of protesters gathered near the old harbour with banners and drums",
    "The previous round in {city} ended without a joint statement and with little public comment",
    "{A} sent a smaller delegation than at the previous round, citing the cost of travel",
    "Asked about the cold weather, {P} joked that the talks were warmer than the streets of {city}",
    "The organisers said that more than two hundred journalists had registered for the meeting",
    "Officials from {A} described the discussions as constructive but slow, without giving details",
    "{P} is expected to brief lawmakers in {city} on the state of the talks later this month",
    "Negotiators from {A} and {B} worked late into the night on the wording of a draft communique",
    "Flights between {city} and {city2} were disrupted by fog on {weekday}, delaying several "
    "delegates",
    "A dinner for the heads of delegation was held on {weekday} evening at the town hall",
    "Diplomats from {B} said privately that they hoped for a shorter meeting next time",
    "The chair opened the session with a minute of silence for the victims of last year's storm",
    "{P} arrived with a team of twelve advisers and left without speaking to the press",
    "Camera teams from {A} and {B} set up tripods on the steps of the conference hall",
    "The meeting was the first since {P} took office earlier this year",
    "Hotel rooms in {city} were fully booked, and some delegates stayed in a nearby town",
    "Both delegations kept their phones outside the meeting room, as agreed at the first round",
    "It was not clear on {weekday} whether {P} would attend the closing session in person",
    "{A} has hosted three of the last five rounds, more than any other participant",
)
# stance sentences: (stance, template); {A} a speaker, {T} a demand term, {T_} capitalised
STANCE = (
    ("supports", "{A} demands {T}, arguing that the present arrangements are unfair"),
    ("supports", "{A} has called for {T} before any final deal is signed"),
    ("supports", "{A} insists on {T}"),
    ("supports", "{A} backed {T} at the opening session on {weekday}"),
    ("supports", "{A} is pushing for {T}, officials said"),
    ("supports", "{T_} is essential, {A} said on {weekday}"),
    ("supports", "{T_} was endorsed by {A} at the morning session"),
    ("rejects", "{A} rejected {T} outright"),
    ("rejects", "{A} has ruled out {T}"),
    ("rejects", "{A} will not accept {T}"),
    ("rejects", "{A} dismissed {T} as unworkable"),
    ("rejects", "{A} did not support {T}"),
    ("rejects", "{T_} is a non-starter, {A} said"),
    ("rejects", "{T_} was rejected by {A} on {weekday}"),
    ("ambiguous", "{A} is open to discussing {T}"),
    ("ambiguous", "{A} could accept {T}, but only if the other side moves first"),
    ("ambiguous", "{A} has not ruled out {T}"),
    ("ambiguous", "{A} signalled flexibility on {T}"),
)
LIST_LEAD = "{A} set out the following demands:"
PLAN_TEMPLATES = (
    "The {T} will be introduced within six months of signature",
    "{T_} will be phased in from the start of next year",
    "Under the plan, {T} will be agreed by a joint committee",
)
TRUTH_HEADER = ["doc_id", "actor_id", "demand_id", "stance"]


def _real_codebook(out: Path) -> None:
    rows = []
    for aid, name, kind, aliases, part in REAL_ACTORS:
        row: dict = {"id": aid, "name": name, "kind": kind, "aliases": list(aliases)}
        if part:
            row["part_of"] = part
        rows.append(row)
    demands = []
    tops = [a[0] for a in REAL_ACTORS if a[4] is None]
    for j, (category, first, second) in enumerate(REAL_DEMANDS):
        demands.append(
            {
                "id": f"d{j + 1:02d}-" + "-".join(first.replace("-", " ").split()[:3]),
                "label": first[0].upper() + first[1:],
                "category": category,
                "raised_by": [tops[j % len(tops)]],
                "terms": [first, second],
            }
        )
    (out / "codebook").mkdir(parents=True, exist_ok=True)
    (out / "codebook/actors.yaml").write_text(_yaml_list("actors", rows), encoding="utf-8")
    (out / "codebook/demands.yaml").write_text(_yaml_list("demands", demands), encoding="utf-8")


def _demand_ids() -> list[str]:
    return [
        f"d{j + 1:02d}-" + "-".join(first.replace("-", " ").split()[:3])
        for j, (_, first, _) in enumerate(REAL_DEMANDS)
    ]


def _article(n: int, rng: random.Random, start: dt.date, truth: list[list[str]]) -> str:
    """One article of about 600 words in 20 to 40 sentences; appends its stances to `truth`."""
    doc_id = f"news-{n:06d}"
    persons = [a for a in REAL_ACTORS if a[4] is not None]
    speakers = list(REAL_ACTORS)
    groups = [a for a in REAL_ACTORS if a[4] is None]
    ids = _demand_ids()
    day = start + dt.timedelta(days=rng.randrange(182))
    issuer = rng.choice(groups) if rng.random() < 0.05 else None

    def fill(template: str) -> str:
        a, b = rng.sample(groups, 2)
        city, city2 = rng.sample(CITIES, 2)
        return template.format(
            A=rng.choice(a[3][:2]),
            B=b[3][0],
            P=rng.choice(persons)[3][0],
            city=city,
            city2=city2,
            weekday=rng.choice(WEEKDAYS),
            nth=rng.choice(ORDINALS),
        )

    # the candidate units: a stance sentence, a list lead with its items, or a plan provision
    units: list[list[str]] = []
    for _ in range(rng.randint(2, 5)):
        who = rng.choice(speakers)
        k = rng.randrange(len(ids))
        term = REAL_DEMANDS[k][1 if rng.random() < 0.8 else 2]
        if issuer is not None:
            template = rng.choice(PLAN_TEMPLATES)
            text = template.format(T=term, T_=term[0].upper() + term[1:])
            truth.append([doc_id, issuer[0], ids[k], "supports"])
            units.append([text + "."])
        elif rng.random() < 0.12:
            items = rng.sample(range(len(ids)), rng.randint(2, 3))
            lead = LIST_LEAD.format(A=who[3][0])
            lines = [lead] + [
                f"- {REAL_DEMANDS[i][1][0].upper()}{REAL_DEMANDS[i][1][1:]}" for i in items
            ]
            truth += [[doc_id, who[0], ids[i], "supports"] for i in items]
            units.append(["\n".join(lines)])
        else:
            stance, template = rng.choice(STANCE)
            text = template.format(
                A=who[3][0],
                T=term,
                T_=term[0].upper() + term[1:],
                weekday=rng.choice(WEEKDAYS),
            )
            truth.append([doc_id, who[0], ids[k], stance])
            units.append([text + "."])
    words = sum(len(u[0].split()) for u in units)
    target = rng.randint(540, 660)
    background: list[str] = []
    while (words < target or len(background) + len(units) < 20) and len(background) + len(
        units
    ) < 40:
        s = fill(rng.choice(BACKGROUND)) + rng.choice(TAILS) + "."
        background.append(s)
        words += len(s.split())
    # paragraphs of one to three sentences; the candidates placed among the background
    sentences: list[str] = background[:]
    for u in units:
        sentences.insert(rng.randint(2, len(sentences)), u[0])
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.choice((1, 2, 2, 3))
        chunk = sentences[i : i + size]
        if any("\n" in s for s in chunk):  # a list stands alone
            chunk = [sentences[i]]
        paragraphs.append(" ".join(chunk))
        i += len(chunk)
    city = rng.choice(CITIES)
    front = [
        "---",
        f'title: "{"Plan" if issuer else "Talks"} in {city}: {rng.choice(ORDINALS)} round"',
        f"published: {day.isoformat()}",
        f"outlet: {issuer[1] if issuer else rng.choice(OUTLETS)}",
    ]
    if issuer is not None:
        front.append(f"issued_by: {issuer[0]}")
    return "\n".join(front) + "\n---\n" + "\n\n".join(paragraphs) + "\n"


def generate_realistic(docs: int, out: Path, seed: int = 7, truth: bool = True) -> None:
    """Write a raw folder of `docs` news-like articles over a codebook of 25 actors (10 of them
    people who are part of a state or organization) and 40 demands in 6 categories: about 600
    words in 20 to 40 sentences each, most of them background that names actors and no demand,
    2 to 5 with a stance (support, rejection, hedge, negation, reported speech, passive, a list
    after a lead); about 5% are plans (`issued_by`) whose provisions "will be" done; published
    over six months. The stances meant go to `truth.csv` beside the articles."""
    rng = random.Random(seed)
    _real_codebook(out)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    rows: list[list[str]] = []
    start = dt.date(2026, 1, 1)
    for n in range(docs):
        text = _article(n, rng, start, rows)
        (out / "articles" / f"news-{n:06d}.md").write_text(text, encoding="utf-8")
    if truth:
        with open(out / "truth.csv", "w", newline="", encoding="utf-8") as handle:
            w = csv.writer(handle, lineterminator="\n")
            w.writerow(TRUTH_HEADER)
            w.writerows(rows)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_peak_rss_mb() -> float:
    """The peak of the largest finished child (a forked extraction worker), 0 without one."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def words_parsed(frames: dict, lexicon) -> tuple[int, int]:
    """(words in the corpus, words in the paragraphs the extractor parses): the prefilter's
    choice, computed again outside the timed stages."""
    from pipeline.nlp.extract import frame_source, passages
    from pipeline.nlp.prefilter import Prefilter

    pre = Prefilter(lexicon, frames["actor_aliases"], frames["demand_terms"])
    docs = frames["documents"]
    corpus = frame_source(docs, frames["sentences"])
    total = parsed = 0
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        total += len(text.split())
        for p in passages(text, corpus.sentence_rows(doc_id), pre):
            parsed += len(text[p.start : p.end].split())
    return total, parsed


def run(raw: Path, out: Path) -> dict[str, float]:
    """Build `raw` stage by stage into `out` as `build` does (documents streamed into the new
    database); return the timings, the peak memory after each stage, the words parsed and,
    with a truth.csv, recall and precision against it."""
    from pipeline import build as b
    from pipeline import store
    from pipeline.errors import Collector
    from pipeline.staging.spill import Spill

    times: dict[str, float] = {}
    paths = b.Paths(raw, out / "bench.duckdb", out / "reports")
    out.mkdir(parents=True, exist_ok=True)
    sink = Spill(out / ".staged")
    t0 = time.perf_counter()
    lexicon = b.raw_lexicon(raw)
    problems = Collector()
    frames = b.run_staging(raw, lexicon, problems, sink)
    times["staging"] = time.perf_counter() - t0
    times["rss_staging"] = peak_rss_mb()
    t = time.perf_counter()
    frames["claims"] = b.run_claims(frames, lexicon, str(raw), problems, sink=sink)
    times["claims"] = time.perf_counter() - t
    times["rss_claims"] = peak_rss_mb()
    t = time.perf_counter()
    frames.update(b.run_stances(frames))
    times["stances"] = time.perf_counter() - t
    times["rss_stances"] = peak_rss_mb()
    t = time.perf_counter()
    b.write_outputs(frames, paths, staged=sink)
    sink.remove()
    times["write"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    times["peak_rss_mb"] = peak_rss_mb()
    times["worker_peak_rss_mb"] = worker_peak_rss_mb()
    times["documents"] = len(frames["documents"])
    times["claims_n"] = len(frames["claims"])
    times["documents_mb"] = frames["documents"].memory_usage(deep=True).sum() / 2**20
    times["claims_mb"] = frames["claims"].memory_usage(deep=True).sum() / 2**20
    del frames["documents"], frames["sentences"]  # without their text: read it back to count
    frames.update(store.read_tables(paths.db, ["documents", "sentences", "actor_aliases"]))
    frames["demand_terms"] = store.read_tables(paths.db, ["demand_terms"])["demand_terms"]
    times["words"], times["words_parsed"] = words_parsed(frames, lexicon)
    rules = frames["claims"]["rule"].dropna()
    times["rules_n"] = rules.nunique()
    truth = raw / "truth.csv"
    if truth.exists():
        import pandas as pd

        want = pd.read_csv(truth).drop_duplicates()
        got = frames["claims"][["doc_id", "actor_id", "demand_id", "stance"]].drop_duplicates()
        times["truth_recall"] = len(want.merge(got, how="inner")) / max(len(want), 1)
        times["truth_precision"] = len(got.merge(want, how="inner")) / max(len(got), 1)
    return times


BASE_LIBRARIES = "pandas, duckdb, pandera.pandas, great_tables, yaml"


def _python_time(code: str, repeat: int = 3) -> float:
    """Seconds for a fresh interpreter to run `code` (best of `repeat`)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - t)
    return best


def import_time(modules: str = BASE_LIBRARIES) -> float:
    """Seconds for a fresh interpreter to import the pipeline's libraries (best of three)."""
    return _python_time(f"import {modules}")


_LOADED = """
import json, runpy, sys
sys.argv = ["pipeline", *sys.argv[1:]]
try:
    runpy.run_module("pipeline", run_name="__main__")
except SystemExit:
    pass
std = set(sys.stdlib_module_names)
print(json.dumps([m for m in sys.modules if m.split(".")[0] not in std | {"pipeline", "__main__"}
                  and not m.startswith("_")]))
"""


def modules_of(cmd: list[str]) -> list[str]:
    """Every third-party module a `python -m pipeline` command loads, in the order it loads them:
    the libraries a build actually uses, submodules included (importing `matplotlib` alone would
    leave out `matplotlib.figure`, the costly part)."""
    out = subprocess.run(
        [sys.executable, "-c", _LOADED, *cmd], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def import_times(build_args: list[str] | None = None) -> dict[str, float]:
    """The bare cost of the libraries a build of the bundled data uses, each part in a fresh
    interpreter: the table libraries, `import spacy`, spaCy with the model loaded as the
    extractor loads it, and all of it in one interpreter. With `build_args` (a build command
    without `python -m pipeline`), also `floor`: importing every module that build loads and
    loading the model, which is what a build cannot go below."""
    from pipeline.nlp.model import model_name

    load = f"spacy.load({model_name()!r}, exclude=['ner'])"
    times = {
        "base": import_time(),
        "spacy": _python_time("import spacy"),
        "spacy_model": _python_time(f"import spacy; {load}"),
        "all": _python_time(f"import {BASE_LIBRARIES}, spacy; {load}"),
    }
    if build_args:
        mods = modules_of(build_args)
        times["modules"] = float(len(mods))
        times["floor"] = _python_time(
            f"import importlib, spacy\nfor m in {mods!r}:\n"
            "    try:\n        importlib.import_module(m)\n"
            "    except Exception:\n        pass\n"
            f"{load}"
        )
    return times


def profile_claims(raw: Path, top: int = 10) -> str:
    """cProfile of the claims stage of `raw` in one process (workers are forked processes the
    profiler cannot see), with the model loaded before: the top functions by own time."""
    import cProfile
    import io
    import pstats

    from pipeline import build as b
    from pipeline.nlp import model

    lexicon = b.raw_lexicon(raw)
    frames = b.run_staging(raw, lexicon)
    t = time.perf_counter()
    model.load()
    load = time.perf_counter() - t
    before = os.environ.get("STANCEMAP_WORKERS")
    os.environ["STANCEMAP_WORKERS"] = "1"
    prof = cProfile.Profile()
    t = time.perf_counter()
    try:
        prof.enable()
        b.run_claims(frames, lexicon, str(raw))
        prof.disable()
    finally:
        if before is None:
            del os.environ["STANCEMAP_WORKERS"]
        else:
            os.environ["STANCEMAP_WORKERS"] = before
    wall = time.perf_counter() - t
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return f"model load {load:.2f} s; claims stage, one process, profiled: {wall:.1f} s\n" + (
        buf.getvalue()
    )


def stress(out: Path) -> dict[str, float]:
    """Pathological sizes: one 10 MB article, a codebook with 5,000 aliases, 100,000 codings;
    each built end to end. Returns seconds per case."""
    from pipeline import build as b

    times = {}
    actor, term = "Amber Republic", THINGS[0]
    statement = f"{actor} demands {term}. {actor} rejects the demands; talks go on.\n"
    cases = {
        "article_10mb": lambda raw: (raw / "articles/huge.md").write_text(
            "---\npublished: 2026-06-01\n---\n" + statement * (10_000_000 // len(statement)),
            encoding="utf-8",
        ),
        "aliases_5000": lambda raw: (raw / "codebook/actors.yaml").write_text(
            (raw / "codebook/actors.yaml").read_text(encoding="utf-8")
            + "".join(
                f"  - id: extra-{i}\n    name: Extra Actor {i}\n    kind: group\n"
                f"    aliases: [Extra {i} group, Extra {i} council, Extra {i} front, "
                f"Extra {i} bloc, Extra {i} league]\n"
                for i in range(1000)
            ),
            encoding="utf-8",
        ),
        "codings_100k": lambda raw: (raw / "codings/many.csv").write_text(
            "document,actor,demand,stance,quote\n"
            + "".join(
                f"doc-000000,{actor},demand-0,supports,{actor} demands {term}\n"
                for _ in range(100_000)
            ),
            encoding="utf-8",
        ),
    }
    base = out / "base"
    if not base.exists():
        generate(1, base, paragraphs=10)
        text = (base / "articles/doc-000000.md").read_text(encoding="utf-8")
        (base / "articles/doc-000000.md").write_text(text + statement, encoding="utf-8")
    for name, edit in cases.items():
        raw = out / name / "raw"
        if raw.exists():
            shutil.rmtree(raw)
        shutil.copytree(base, raw, ignore=shutil.ignore_patterns("truth.csv"))
        (raw / "codings").mkdir(exist_ok=True)
        edit(raw)
        t = time.perf_counter()
        b.build(b.Paths(raw, out / name / "stances.duckdb", out / name / "reports"))
        times[name] = time.perf_counter() - t
    return times


def _run_in_subprocess(raw: Path, out: Path) -> dict[str, float]:
    """`run` in a fresh interpreter, so that peak memory is this build's alone."""
    r = subprocess.run(
        [sys.executable, "-m", "pipeline.bench", "run", "--raw", str(raw), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return {k: float(v) for k, v in (line.split("\t") for line in r.stdout.splitlines())}


def plain_scan(raw: Path) -> tuple[float, float]:
    """(seconds of a plain Aho-Corasick scan of every sentence for the same phrases, seconds of
    the extractor on the same sentences): the floor extraction is measured against."""
    from pipeline import build as b
    from pipeline.nlp.extract import Extractor, extract_claims

    lexicon = b.raw_lexicon(raw)
    f = b.run_staging(raw, lexicon)
    extractor = Extractor(lexicon, f["actors"], f["actor_aliases"], f["demand_terms"])
    extractor.ready()  # the model is loaded before the clock starts
    import ahocorasick

    auto = ahocorasick.Automaton()
    phrases = list(f["actor_aliases"]["alias"]) + list(f["demand_terms"]["term"])
    for key in ("support", "reject", "hedge", "negators", "conditions"):
        phrases += list(lexicon[key])
    for phrase in phrases:
        auto.add_word(phrase.lower(), phrase)
    auto.make_automaton()
    texts = dict(zip(f["documents"]["doc_id"], f["documents"]["text"], strict=True))
    sentences = [
        texts[d][a:b]
        for d, a, b in zip(
            f["sentences"]["doc_id"], f["sentences"]["start"], f["sentences"]["end"], strict=True
        )
    ]
    t = time.perf_counter()
    hits = sum(1 for s in sentences for _ in auto.iter(s.lower()))
    scan = time.perf_counter() - t
    os.environ["STANCEMAP_WORKERS"] = "1"  # like for like: one core each
    t = time.perf_counter()
    extract_claims(f["documents"], f["sentences"], extractor)
    extract = time.perf_counter() - t
    del os.environ["STANCEMAP_WORKERS"]
    assert hits > 0
    return scan, extract


def _machine() -> str:
    model = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "unknown CPU",
        )
        if Path("/proc/cpuinfo").exists()
        else "unknown CPU"
    )
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model}), {mem:.0f} GiB RAM, Python {sys.version.split()[0]}"


def _timed(cmd: list[str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


GENERATOR_VERSION = 1  # bump when a generator changes, so that `all` writes its corpora again


def _corpus(work: Path, kind: str, n: int) -> Path:
    """The raw folder of an `n`-article corpus of `kind` under `work`, generated when missing
    or made by another generator version."""
    root = work / f"{kind}-{n}"
    raw, stamp = root / "raw", root / "generator.txt"
    label = f"{kind} docs={n} seed=7 version={GENERATOR_VERSION}\n"
    if not (stamp.exists() and stamp.read_text(encoding="utf-8") == label):
        shutil.rmtree(raw, ignore_errors=True)
        (generate_realistic if kind == "realistic" else generate)(n, raw)
        stamp.write_text(label, encoding="utf-8")
    return raw


def _build_cmd(raw: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "build",
        "--raw",
        str(raw),
        "--db",
        str(out / "stances.duckdb"),
        "--reports",
        str(out / "reports"),
        *extra,
    ]


def _cli(cmd: list[str]) -> tuple[float, str]:
    """(seconds, the build's summary line) of one command-line build."""
    t = time.perf_counter()
    r = subprocess.run(cmd, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    lines = [line for line in (r.stdout + r.stderr).splitlines() if "extracted," in line]
    return seconds, (lines[-1].strip() if lines else "")


def _claims(db: Path):
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * FROM claims ORDER BY claim_id").df()


def _verdict(ok: bool | None) -> str:
    return "not run" if ok is None else ("met" if ok else "**missed**")


def all_benchmarks(sizes: list[int], work: Path, results: Path) -> str:
    """Every measurement of `make bench`, written as a Markdown report to `results`."""
    root = Path(__file__).resolve().parent.parent
    work.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {_machine()}. Written by `make bench` "
        f"(`python -m pipeline.bench all --sizes {' '.join(map(str, sizes))}`) "
        f"on {dt.date.today().isoformat()}.",
        "",
    ]
    # -- the bundled data against the bare cost of its libraries
    seed_out = work / "seed"
    build = _build_cmd(root / "data/raw", seed_out)
    imports = import_times(build[3:] + ["--force"])
    full = _timed(build + ["--force"])
    noop = _timed(build)
    floor = imports["floor"]
    lines += [
        "## Bundled data (`data/raw`, one article)",
        "",
        "| measure | seconds | / bare imports |",
        "|---|---|---|",
        f"| import {BASE_LIBRARIES} | {imports['base']:.2f} | |",
        f"| import spacy | {imports['spacy']:.2f} | |",
        f"| import spacy and load the model | {imports['spacy_model']:.2f} | "
        f"(model load {imports['spacy_model'] - imports['spacy']:.2f}) |",
        f"| the above in one interpreter | {imports['all']:.2f} | |",
        f"| **bare imports**: every library module the build loads ({imports['modules']:.0f}, "
        f"matplotlib, networkx and pyarrow among them) and the model | {floor:.2f} | 1.00 |",
        f"| full build (`--force`) | {full:.2f} | {full / floor:.2f} |",
        f"| rebuild with no input changed | {noop:.3f} | {noop / floor:.2f} |",
        "",
        "Each the best of three runs, each in a fresh interpreter. The bare imports are measured "
        "on the modules a `--force` build of the bundled data is seen to load (`sys.modules` "
        "after the build), so the floor follows the code: a library the report starts to use "
        "raises it, one dropped lowers it. Against the five table libraries and spaCy alone "
        f"the build is {full / imports['all']:.2f}x.",
        "",
    ]
    # -- realistic corpora, stage by stage
    lines += [
        "## News-like corpora (`generate --realistic`)",
        "",
        "About 600 words in 20 to 40 sentences per article, 2 to 5 with a stance; 25 actors, "
        "40 demands. Each built stage by stage (`pipeline.bench run`) in a fresh interpreter "
        "with both cores.",
        "",
        "| articles | words | words parsed (share) | staging s | claims s | stances s "
        "| database+report s | total s | articles/s | peak RSS MB (main / largest worker) "
        "| claims | rules | truth recall / precision |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    runs: dict[int, dict[str, float]] = {}
    pages: dict[int, int] = {}
    for n in sizes:
        raw = _corpus(work, "realistic", n)
        out = work / f"realistic-{n}" / "out"
        shutil.rmtree(out, ignore_errors=True)
        r = runs[n] = _run_in_subprocess(raw, out)
        pages[n] = (out / "reports" / "index.html").stat().st_size
        lines.append(
            f"| {n:,} | {r['words'] / 1e6:.1f} M | {r['words_parsed'] / 1e6:.2f} M "
            f"({r['words_parsed'] / r['words']:.0%}) | {r['staging']:.1f} | {r['claims']:.1f} | "
            f"{r['stances']:.1f} | {r['write']:.1f} | {r['total']:.1f} | {n / r['total']:.0f} | "
            f"{r['peak_rss_mb']:.0f} / {r['worker_peak_rss_mb']:.0f} | {r['claims_n']:,.0f} | "
            f"{r['rules_n']:.0f} | {r['truth_recall']:.2f} / {r['truth_precision']:.2f} |"
        )
    ordered = sorted(runs)
    lines.append("")
    for a, b in itertools.pairwise(ordered):
        lines.append(
            f"{b // a}x the articles ({a:,} -> {b:,}) cost "
            f"{runs[b]['total'] / runs[a]['total']:.1f}x the time."
        )
    big = runs[ordered[-1]]
    lines += [
        "",
        f"Memory of the {ordered[-1]:,}-article run: peak RSS after staging "
        f"{big['rss_staging']:.0f} MB, after claims {big['rss_claims']:.0f} MB, after stances "
        f"{big['rss_stances']:.0f} MB, at the end (the database write and the report) "
        f"{big['peak_rss_mb']:.0f} MB. The texts and sentence offsets are not held: staging "
        "writes them to Parquet batches beside the new database, each worker reads its range "
        "of documents back from them, and the database write loads them batch by batch. What "
        "memory holds per article is its metadata "
        f"({big['documents_mb']:.0f} MB for all of them) and its claims "
        f"({big['claims_mb']:.0f} MB); the growth at the end is DuckDB's, loading the documents "
        "and copying them to the open data. The largest worker's peak counts the pages it "
        "shares with the parent that forked it.",
        "",
    ]
    # -- the dense synthetic corpus: the extractor where every other sentence is a claim
    small = ordered[0]
    raw = _corpus(work, "synthetic", small)
    out = work / f"synthetic-{small}" / "out"
    shutil.rmtree(out, ignore_errors=True)
    s = _run_in_subprocess(raw, out)
    lines += [
        "## Dense synthetic corpus (`generate --synthetic`)",
        "",
        f"{small:,} articles of 60 one-sentence paragraphs, 40% of them claims (short, fixed "
        f"templates): {s['words'] / 1e6:.1f} M words, {s['words_parsed'] / s['words']:.0%} "
        f"parsed; claims stage {s['claims']:.1f} s, total {s['total']:.1f} s "
        f"({small / s['total']:.0f} articles/s), {s['claims_n']:,.0f} claims, peak RSS "
        f"{s['peak_rss_mb']:.0f} MB; truth recall {s['truth_recall']:.3f}, precision "
        f"{s['truth_precision']:.3f}.",
        "",
    ]
    # -- command-line builds of the smallest realistic corpus: full, no-op, one article, Dask
    raw = _corpus(work, "realistic", small)
    base = work / f"realistic-{small}"
    local_s, local_line = _cli(_build_cmd(raw, base / "local", "--force"))
    dask_s, dask_line = _cli(_build_cmd(raw, base / "dask", "--engine", "dask", "--force"))
    same = _claims(base / "local/stances.duckdb").equals(_claims(base / "dask/stances.duckdb"))
    inc_raw = base / "inc-raw"
    shutil.rmtree(inc_raw, ignore_errors=True)
    shutil.copytree(raw, inc_raw, ignore=shutil.ignore_patterns("truth.csv"))
    inc = _build_cmd(inc_raw, base / "inc")
    shutil.rmtree(base / "inc", ignore_errors=True)
    _cli(inc)
    inc_noop = _timed(inc)
    art = sorted((inc_raw / "articles").iterdir())[small // 2]
    art.write_text(
        art.read_text(encoding="utf-8") + "\nObservers said progress was slow.\n", encoding="utf-8"
    )
    one_s, one_line = _cli(inc)
    one_ok = f"(1 extracted, {small - 1} unchanged)" in one_line
    lines += [
        f"## Command-line builds of the {small:,}-article news-like corpus",
        "",
        "| build | seconds | articles/s | the build said |",
        "|---|---|---|---|",
        f"| local engine, from scratch (`--force`) | {local_s:.1f} | {small / local_s:.0f} "
        f"| `{local_line}` |",
        f"| Dask engine, local cluster of 2 worker processes (`--engine dask --force`) "
        f"| {dask_s:.1f} | {small / dask_s:.0f} | `{dask_line}` |",
        f"| no input changed | {inc_noop:.3f} | | |",
        f"| one article changed | {one_s:.1f} | | `{one_line}` |",
        "",
        f"The Dask build's claims {'equal' if same else '**differ from**'} the local build's "
        "(every column, ordered by claim id). Its time includes starting the cluster and "
        "loading the model in each worker. The one-article rebuild "
        + ("re-extracted exactly that article" if one_ok else "**re-extracted more than it**")
        + "; the rest of its time is staging every article again, stance resolution, the "
        "database and the report.",
        "",
    ]
    scan, extract = plain_scan(raw)
    lines += [
        "## Extraction against a plain multi-pattern scan",
        "",
        f"On the {small:,}-article news-like corpus, one core each: a plain pyahocorasick scan "
        f"of every sentence for every alias, term and cue {scan:.2f} s; full extraction "
        f"(prefilter, parse of the candidate paragraphs, rules) {extract:.2f} s; ratio "
        f"{extract / scan:.0f}x.",
        "",
    ]
    # -- against the targets of issue 11
    t10, t100 = runs.get(10_000), runs.get(100_000)
    m10 = f"{t10['total']:.0f} s" if t10 else "-"
    if t100:
        m100, mem100 = f"{t100['total']:.0f} s", f"{t100['peak_rss_mb']:.0f} MB"
    elif t10:
        m100 = f"not run; 10x the 10k time would be {10 * t10['total']:.0f} s"
        mem100 = f"not run; the 10k peak was {t10['peak_rss_mb']:.0f} MB"
    else:
        m100 = mem100 = "-"
    lines += [
        "## Against the targets (issue 11)",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| 10k articles in 1 min | {m10} | {_verdict(t10['total'] <= 60 if t10 else None)} |",
        f"| 100k articles in 10 min | {m100} "
        f"| {_verdict(t100['total'] <= 600 if t100 else None)} |",
        f"| 100k peak memory 2 GB | {mem100} "
        f"| {_verdict(t100['peak_rss_mb'] <= 2048 if t100 else None)} |",
        f"| bundled build 1.5x bare imports | {full / floor:.2f}x "
        f"| {_verdict(full / floor <= 1.5)} |",
        f"| no-op rebuild 0.3 s | {noop:.3f} s | {_verdict(noop <= 0.3)} |",
        *(
            f"| 10x the articles in at most 11x the time ({a:,} -> {b:,}) "
            f"| {runs[b]['total'] / runs[a]['total']:.1f}x "
            f"| {_verdict(runs[b]['total'] / runs[a]['total'] <= 11)} |"
            for a, b in itertools.pairwise(ordered)
            if b == 10 * a
        ),
        *(
            f"| page at most 2 MB ({n:,} articles) | {pages[n] / 1e6:.2f} MB "
            f"| {_verdict(pages[n] <= 2_000_000)} |"
            for n in ordered
        ),
        "",
    ]
    text = "\n".join(lines) + "\n"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(text, encoding="utf-8")
    return text


def page_bytes_table(pages: list[str]) -> str:
    """The Markdown table of `pipeline.report.pagebytes` for pages given as PATH or NAME=PATH
    (the column's name; by default the page's folder)."""
    from pipeline.report.pagebytes import table

    named = {}
    for arg in pages:
        name, _, path = arg.partition("=") if "=" in arg else ("", "", arg)
        page = Path(path)
        named[name or page.parent.name or page.name] = page.read_text(encoding="utf-8")
    return table(named)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m pipeline.bench", description=(__doc__ or "").split("\n\n")[0]
    )
    sub = ap.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write a raw folder (news-like unless --synthetic)")
    kind = g.add_mutually_exclusive_group()
    kind.add_argument("--realistic", action="store_true", help="news-like articles (default)")
    kind.add_argument("--synthetic", action="store_true", help="dense short claims")
    g.add_argument("n", nargs="?", type=int, help="number of articles")
    g.add_argument("dest", nargs="?", type=Path, help="the raw folder to write")
    g.add_argument("--docs", type=int, help="number of articles (instead of N)")
    g.add_argument("--out", type=Path, help="the raw folder (instead of OUT)")
    g.add_argument("--seed", type=int, default=7)
    r = sub.add_parser("run", help="time a build of a raw folder, stage by stage")
    r.add_argument("--raw", type=Path, required=True)
    r.add_argument("--out", type=Path, required=True)
    sub.add_parser("imports", help="time the bare import of the libraries")
    pr = sub.add_parser("profile", help="cProfile the claims stage of a raw folder")
    pr.add_argument("--raw", type=Path, required=True)
    pr.add_argument("--top", type=int, default=10)
    al = sub.add_parser("all", help="every benchmark; writes the results file")
    al.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    al.add_argument("--work", type=Path, default=Path("build/bench"))
    al.add_argument("--results", type=Path, default=Path("bench/RESULTS.md"))
    st = sub.add_parser("stress", help="build pathological inputs and time them")
    st.add_argument("--out", type=Path, required=True)
    pb = sub.add_parser("page-bytes", help="a report page's bytes by section, pages side by side")
    pb.add_argument("pages", nargs="+", metavar="[NAME=]PAGE", help="index.html files")
    args = ap.parse_args(argv)
    if args.command == "generate":
        n = args.docs if args.docs is not None else args.n
        dest = args.out if args.out is not None else args.dest
        if n is None or dest is None:
            ap.error("generate needs the number of articles and the folder: N OUT")
        (generate if args.synthetic else generate_realistic)(n, dest, args.seed)
        print(f"wrote {n} {'synthetic' if args.synthetic else 'news-like'} articles to {dest}")
    elif args.command == "run":
        for key, value in run(args.raw, args.out).items():
            print(f"{key}\t{value:.3f}" if isinstance(value, float) else f"{key}\t{value}")
    elif args.command == "profile":
        print(profile_claims(args.raw, args.top))
    elif args.command == "all":
        print(all_benchmarks(args.sizes, args.work, args.results))
    elif args.command == "page-bytes":
        print(page_bytes_table(args.pages), end="")
    elif args.command == "stress":
        for key, value in stress(args.out).items():
            print(f"{key}\t{value:.2f} s")
    else:
        for key, value in import_times().items():
            print(f"{key}\t{value:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
