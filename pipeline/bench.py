"""Synthetic corpora and timings: `python -m pipeline.bench generate|run|imports`.

`generate` writes a raw folder of N articles over a generated codebook (dozens of actors with
aliases and members, dozens of demands), from varied sentence templates whose stance is known; the
truth goes to `truth.csv` beside it, so a run is a correctness check as well as a load.
`run` builds a raw folder stage by stage and reports wall time, articles per second and peak memory.
`imports` times the bare import of the libraries the pipeline uses, in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import csv
import itertools
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


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(raw: Path, out: Path) -> dict[str, float]:
    """Build `raw` stage by stage into `out`; return the timings."""
    from pipeline import build as b
    from pipeline.errors import Collector

    times, t0 = {}, time.perf_counter()
    lexicon = b.raw_lexicon(raw)
    frames = b.run_staging(raw, lexicon, Collector())
    times["staging"] = time.perf_counter() - t0
    t = time.perf_counter()
    frames["claims"] = b.run_claims(frames, lexicon, str(raw))
    times["claims"] = time.perf_counter() - t
    t = time.perf_counter()
    frames.update(b.run_stances(frames))
    times["stances"] = time.perf_counter() - t
    t = time.perf_counter()
    b.write_outputs(frames, b.Paths(raw, out / "bench.duckdb", out / "reports"))
    times["write"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    times["documents"] = len(frames["documents"])
    times["claims_n"] = len(frames["claims"])
    times["peak_rss_mb"] = peak_rss_mb()
    truth = raw / "truth.csv"
    if truth.exists():
        import pandas as pd

        want = pd.read_csv(truth).drop_duplicates()
        got = frames["claims"][["doc_id", "actor_id", "demand_id", "stance"]].drop_duplicates()
        hits = want.merge(got, how="inner")
        times["truth_recall"] = len(hits) / max(len(want), 1)
        times["truth_precision"] = len(got.merge(want, how="inner")) / max(len(got), 1)
    return times


def import_time(modules: str = "pandas, duckdb, pandera.pandas, great_tables, yaml") -> float:
    """Seconds for a fresh interpreter to import the pipeline's libraries (best of three)."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {modules}"], check=True)
        best = min(best, time.perf_counter() - t)
    return best


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


def all_benchmarks(sizes: list[int], work: Path, results: Path) -> str:
    """Every measurement of `make bench`, written as a Markdown report to `results`."""
    root = Path(__file__).resolve().parent.parent
    work.mkdir(parents=True, exist_ok=True)
    lines = ["# Benchmark results", "", f"Machine: {_machine()}. Written by `make bench`.", ""]
    imports = import_time()
    seed_out = work / "seed"
    build = [
        sys.executable,
        "-m",
        "pipeline",
        "build",
        "--raw",
        str(root / "data/raw"),
        "--db",
        str(seed_out / "s.duckdb"),
        "--reports",
        str(seed_out / "reports"),
    ]
    full = _timed(build + ["--force"])
    noop = _timed(build)
    lines += [
        "## Bundled data",
        "",
        "| measure | seconds | ratio |",
        "|---|---|---|",
        f"| bare import of pandas, duckdb, pandera, great_tables, yaml | {imports:.2f} | 1.00 |",
        f"| full build of data/raw (`--force`) | {full:.2f} | {full / imports:.2f} |",
        f"| rebuild with no input changed | {noop:.3f} | {noop / imports:.2f} |",
        "",
    ]
    lines += [
        "## Synthetic corpora",
        "",
        "| articles | MB | staging s | claims s | stances s | write s | total s | articles/s "
        "| peak RSS MB | truth recall | truth precision |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    totals = {}
    for n in sizes:
        raw = work / f"corpus-{n}" / "raw"
        if not (raw / "truth.csv").exists():
            generate(n, raw)
        mb = sum(p.stat().st_size for p in (raw / "articles").iterdir()) / 2**20
        out = work / f"corpus-{n}" / "out"
        shutil.rmtree(out, ignore_errors=True)
        r = _run_in_subprocess(raw, out)
        totals[n] = r["total"]
        lines.append(
            f"| {n} | {mb:.0f} | {r['staging']:.1f} | {r['claims']:.1f} | "
            f"{r['stances']:.1f} | {r['write']:.1f} | {r['total']:.1f} | "
            f"{n / r['total']:.0f} | {r['peak_rss_mb']:.0f} | {r['truth_recall']:.3f} | "
            f"{r['truth_precision']:.3f} |"
        )
    ordered = sorted(totals)
    for a, b in itertools.pairwise(ordered):
        lines.append(
            f"\n{b // a}x the articles ({a} -> {b}) cost {totals[b] / totals[a]:.1f}x the time."
        )
    smallest = work / f"corpus-{ordered[0]}"
    # incremental: change one article of the smallest corpus and rebuild it
    art = next((smallest / "raw/articles").iterdir())
    art.write_text(
        art.read_text(encoding="utf-8") + "\nObservers said progress was slow.\n", encoding="utf-8"
    )
    cmd = [
        sys.executable,
        "-m",
        "pipeline",
        "build",
        "--raw",
        str(smallest / "raw"),
        "--db",
        str(smallest / "inc.duckdb"),
        "--reports",
        str(smallest / "inc-reports"),
    ]
    subprocess.run(cmd, check=True, capture_output=True)
    art.write_text(art.read_text(encoding="utf-8") + "Talks resumed.\n", encoding="utf-8")
    t = time.perf_counter()
    again = subprocess.run(cmd, check=True, capture_output=True, text=True)
    one = time.perf_counter() - t
    summary = again.stderr.strip().splitlines()[-1]
    lines += [
        "",
        "## Incremental rebuild",
        "",
        f"After one of {ordered[0]} articles changed: {one:.1f} s; the build said: `{summary}`",
    ]
    scan, extract = plain_scan(smallest / "raw")
    lines += [
        "",
        "## Extraction against a plain multi-pattern scan",
        "",
        f"On the {ordered[0]}-article corpus, one core each: plain pyahocorasick scan of "
        f"every sentence for every alias, term and cue {scan:.2f} s; full extraction "
        f"{extract:.2f} s; ratio {extract / scan:.1f}x.",
        "",
    ]
    text = "\n".join(lines) + "\n"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m pipeline.bench", description=(__doc__ or "").split("\n\n")[0]
    )
    sub = ap.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write a synthetic raw folder")
    g.add_argument("--docs", type=int, required=True)
    g.add_argument("--out", type=Path, required=True)
    g.add_argument("--seed", type=int, default=7)
    r = sub.add_parser("run", help="time a build of a raw folder, stage by stage")
    r.add_argument("--raw", type=Path, required=True)
    r.add_argument("--out", type=Path, required=True)
    sub.add_parser("imports", help="time the bare import of the libraries")
    al = sub.add_parser("all", help="every benchmark; writes the results file")
    al.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    al.add_argument("--work", type=Path, default=Path("build/bench"))
    al.add_argument("--results", type=Path, default=Path("bench/RESULTS.md"))
    st = sub.add_parser("stress", help="build pathological inputs and time them")
    st.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    if args.command == "generate":
        generate(args.docs, args.out, args.seed)
        print(f"wrote {args.docs} articles to {args.out}")
    elif args.command == "run":
        for key, value in run(args.raw, args.out).items():
            print(f"{key}\t{value:.3f}" if isinstance(value, float) else f"{key}\t{value}")
    elif args.command == "all":
        print(all_benchmarks(args.sizes, args.work, args.results))
    elif args.command == "stress":
        for key, value in stress(args.out).items():
            print(f"{key}\t{value:.2f} s")
    else:
        print(f"imports\t{import_time():.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
