"""Command line: parse arguments, call the library, turn errors into messages and exit codes.

Exit status: 0 success, 1 bad input (each problem on stderr as file:line: field: message),
2 bad command line, 3 unexpected failure (set STANCEMAP_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path

from pipeline.errors import InputError

DEFAULTS = {"raw": "data/raw", "db": "data/processed/stances.duckdb", "reports": "reports"}
STAGES = {
    "stage": "parse the raw folder into the staging tables "
    "(documents, sentences, codebook, codings)",
    "claims": "resolve codings and extract claims from the staged tables",
    "stances": "resolve the claims into the stance matrix and its history",
}


def _raw_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw", default=DEFAULTS["raw"], help="raw folder (default: %(default)s)")


def _paths_args(p: argparse.ArgumentParser) -> None:
    _raw_arg(p)
    p.add_argument("--db", default=DEFAULTS["db"], help="DuckDB file (default: %(default)s)")
    p.add_argument(
        "--reports", default=DEFAULTS["reports"], help="report folder (default: %(default)s)"
    )
    p.add_argument(
        "--lock-timeout",
        type=float,
        default=float(os.environ.get("STANCEMAP_LOCK_TIMEOUT", 600)),
        help="seconds to wait for another build (default: %(default)s)",
    )


def _min_claims(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of claims, got {text!r}")
    return int(text)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _network_args(p: argparse.ArgumentParser) -> None:
    """Options of the report's networks (exports and drawing); the tables stay complete."""
    p.add_argument(
        "--min-claims",
        type=_min_claims,
        default=1,
        metavar="N",
        help="networks: leave out actors and demands with fewer than N claims in use "
        "(default: %(default)s)",
    )
    p.add_argument(
        "--as-of",
        type=_day,
        metavar="YYYY-MM-DD",
        help="networks as they stood on that date: each actor's latest stance on or before it "
        "(default: the latest evidence)",
    )


def parser() -> argparse.ArgumentParser:
    # `stancemap` when run as the installed command, `python -m pipeline` otherwise
    prog = "stancemap" if Path(sys.argv[0]).name == "stancemap" else "python -m pipeline"
    root = argparse.ArgumentParser(
        prog=prog,
        description=(
            "stancemap: news articles about a negotiation -> an evidence-backed stance matrix."
        ),
    )
    sub = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser(
        "build",
        help="run every stage and publish the database and the report",
        description="Example: python -m pipeline build --raw data/raw",
    )
    _paths_args(b)
    _network_args(b)
    b.add_argument(
        "--rules-only",
        action="store_true",
        help="extract with the rules alone: the stance model does not speak",
    )
    b.add_argument(
        "--force",
        action="store_true",
        help="rebuild even when no input changed since the last build",
    )
    b.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where extraction runs: local processes, or Dask (default: %(default)s)",
    )
    b.add_argument(
        "--dask-scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default: a local cluster)",
    )
    b.add_argument(
        "--dask-workdir",
        metavar="DIR",
        type=Path,
        help="with --engine dask: where documents are written as Parquet for the "
        "workers; must be readable by every worker (default: beside the database)",
    )
    for name, text in STAGES.items():
        s = sub.add_parser(
            name,
            help=text,
            description=(
                f"{text[0].upper()}{text[1:]}. Later tables are emptied until their stage runs. "
                f"Example: python -m pipeline {name}"
            ),
        )
        _paths_args(s)
    r = sub.add_parser(
        "report",
        help="render the report from the database as it is",
        description="Example: python -m pipeline report --db data/processed/stances.duckdb",
    )
    _paths_args(r)
    _network_args(r)
    e = sub.add_parser(
        "extract",
        help="print the claims the extractor finds, as CSV (writes nothing)",
        description="Example: python -m pipeline extract --raw data/raw --doc my-article",
    )
    _raw_arg(e)
    e.add_argument("--doc", action="append", help="only this doc-id (repeatable)")
    e.add_argument(
        "--rules-only",
        action="store_true",
        help="the rules alone: the stance model does not speak",
    )
    rv = sub.add_parser(
        "review",
        help="write a review worksheet (CSV + HTML) of what extraction proposes",
        description="Example: python -m pipeline review --raw data/raw --out reports/review/ws.csv"
        " ; fill `decision` (accept, reject or the right stance) and save it into codings/",
    )
    _raw_arg(rv)
    rv.add_argument(
        "--out",
        default="reports/review/worksheet.csv",
        help="worksheet CSV; the HTML view goes beside it (default: %(default)s)",
    )
    cb = sub.add_parser(
        "codebook",
        help="draft codebook entries from the articles (suggest), or check a codebook (check)",
        description="Example: python -m pipeline codebook suggest --raw my-case",
    )
    cb_sub = cb.add_subparsers(dest="codebook_command", required=True, metavar="ACTION")
    sg = cb_sub.add_parser(
        "suggest",
        help="write codebook/suggested-actors.yaml and suggested-demands.yaml (never over yours)",
        description="Actors from named entities, demands from what cues govern, with counts.",
    )
    _raw_arg(sg)
    sg.add_argument("--limit", type=int, default=40, help="demand candidates kept (default: 40)")
    ck = cb_sub.add_parser(
        "check",
        help="warn about terms and aliases that would defeat the matcher (file:line: field:)",
        description="Terms holding an alias or a cue, aliases inside other actors' aliases, "
        "terms also in opposite_terms, phrases the articles never use, too generic terms. "
        "Exit status 0 whatever it finds. Example: python -m pipeline codebook check --raw my-case",
    )
    _raw_arg(ck)
    lx = sub.add_parser(
        "lexicon",
        help="print the cue words in force (built in plus the case's codebook/lexicon.yaml)",
        description="Grouped by kind, so you see what to add to codebook/lexicon.yaml. "
        "Example: python -m pipeline lexicon --raw my-case",
    )
    _raw_arg(lx)
    _add_import(sub)
    _add_update(sub)
    ex = sub.add_parser(
        "export",
        help="write the built database in another tool's format (--dna: a DNA 3.0 database)",
        description="Example: python -m pipeline export --dna checked.dna "
        "--db data/processed/stances.duckdb",
    )
    ex.add_argument("--dna", required=True, type=Path, metavar="FILE", help="new DNA file")
    ex.add_argument(
        "--db", default=DEFAULTS["db"], type=Path, help="database (default: %(default)s)"
    )
    df = sub.add_parser(
        "diff",
        help="print the stances that differ between two databases (what a build compares)",
        description="Example: python -m pipeline diff old.duckdb data/processed/stances.duckdb",
    )
    df.add_argument("old", type=Path, help="the earlier database")
    df.add_argument("new", type=Path, help="the later database (names come from it)")
    t = sub.add_parser(
        "train",
        help="train the stance model: the bundled one, or with --raw a case's own from its codings",
        description="Examples: python -m pipeline train   (rebuilds the bundled model from "
        "pipeline/learn/corpus, as make train does); python -m pipeline train --raw my-case   "
        "(adds my-case's codings and filled worksheet rows, writes my-case/model/)",
    )
    t.add_argument("--raw", type=Path, help="a raw folder whose analyst decisions to learn from")
    t.add_argument("--data", type=Path, help="folder of *.jsonl labelled pairs (default: bundled)")
    t.add_argument("--out", type=Path, help="without --raw: where to write the model")
    d = sub.add_parser(
        "docs",
        help="write the data dictionary into README.md from the schema",
        description="Example: python -m pipeline docs --readme README.md",
    )
    d.add_argument("--readme", default="README.md")
    return root


def _run(args) -> int:
    if args.command == "docs":
        from pipeline.docs import update_readme

        changed = update_readme(Path(args.readme))
        print(f"{args.readme}: data dictionary {'updated' if changed else 'already up to date'}")
        return 0
    if args.command == "extract":
        return _extract(args)
    if args.command == "train":
        return _train(args)
    if args.command == "diff":
        from pipeline.report.changes import diff_text

        sys.stdout.write(diff_text(args.old, args.new))
        return 0
    if args.command == "import":
        return _import(args)
    if args.command == "update":
        return _update(args)
    if args.command == "export":
        from pipeline.export.dna import export_dna

        docs, statements = export_dna(args.db, args.dna)
        print(f"wrote {args.dna}: {docs} documents, {statements} statements", file=sys.stderr)
        return 0
    if args.command == "lexicon":
        from pipeline.cues import listing

        sys.stdout.write(listing(Path(args.raw)))
        return 0
    if args.command == "review":
        from pipeline.review.run import write_worksheet

        csv_path, html_path, n = write_worksheet(Path(args.raw), Path(args.out))
        if n:
            print(f"wrote {csv_path} and {html_path} ({n} rows)", file=sys.stderr)
        else:
            print(
                f"nothing left to decide: every extracted claim is covered by a coding and no "
                f"candidate passage is open (wrote {csv_path} and {html_path} without rows)",
                file=sys.stderr,
            )
        return 0
    if args.command == "codebook" and args.codebook_command == "check":
        return _check(args)
    if args.command == "codebook":
        from pipeline.suggest.codebook import suggest

        actors, demands, n_actors, n_demands = suggest(Path(args.raw), args.limit)
        print(
            f"wrote {actors} ({n_actors} actors) and {demands} ({n_demands} demands)",
            file=sys.stderr,
        )
        return 0
    if args.command == "build" and not args.force:
        from pipeline.fingerprint import options_key, up_to_date
        from pipeline.learn.model import rules_key

        options = options_key(args.min_claims, args.as_of) + rules_key(args.rules_only)
        if up_to_date(Path(args.raw), Path(args.db), Path(args.reports), options):
            print(
                f"{args.db} and {args.reports}/index.html are up to date (no input changed); "
                "--force rebuilds anyway",
                file=sys.stderr,
            )
            return 0
    from pipeline import build as b

    paths = b.Paths(Path(args.raw), Path(args.db), Path(args.reports))
    started = time.perf_counter()
    if args.command == "build":
        result = b.build(
            paths,
            args.lock_timeout,
            b.Engine(args.engine, args.dask_scheduler, args.dask_workdir),
            b.NetworkOptions(args.min_claims, args.as_of),
            args.rules_only,
        )
        print(result.summary(paths, time.perf_counter() - started), file=sys.stderr)
        if advice := result.advice(Path(args.raw)):
            print(advice, file=sys.stderr)
    elif args.command == "report":
        written = b.render_only(paths, b.NetworkOptions(args.min_claims, args.as_of))
        print(f"wrote {', '.join(str(paths.reports / w) for w in written)}", file=sys.stderr)
    else:
        b.run_one_stage(args.command, paths, args.lock_timeout)
        print(f"{args.command}: wrote {paths.db}", file=sys.stderr)
    return 0


def _check(args) -> int:
    """`codebook check`: the warnings on stdout, then the summary line."""
    from pipeline import build as b
    from pipeline.check.codebook import summary
    from pipeline.check.run import findings

    raw = Path(args.raw)
    lexicon = b.raw_lexicon(raw)
    found = findings(raw, b.run_staging(raw, lexicon), lexicon)
    for finding in found:
        print(finding)
    print(summary(found))
    return 0


def _train(args) -> int:
    from pipeline.learn import run as learn

    data = args.data or learn.BASE_DATA
    if args.raw is None:
        doc = learn.train_base(data, args.out)
        t, v = doc["trained_on"], doc["trained_on"]["validation"]
        lines = [
            f"wrote {args.out or 'the bundled model'}: {t['examples']} pairs from "
            f"{t['negotiations']} negotiations; threshold {doc['threshold']:.2f}"
        ]
        for name, key in (
            ("held-out negotiations", "held_out_at_threshold"),
            ("dev corpus", "dev_at_threshold"),
        ):
            if key in v:
                a = v[key]
                lines.append(
                    f"  {name}: {a['stated']} stances stated, {a['right']} right "
                    f"(precision {a['precision']:.3f}, recall {a['recall']:.3f})"
                )
        print("\n".join(lines), file=sys.stderr)
        return 0
    r = learn.train_case(args.raw, data)
    learnt = ", ".join(f"{n} {k}" for k, n in r.pairs.items() if n)
    if r.path is None:
        print(
            f"{args.raw}: nothing to learn from ({r.codings} codings"
            + (
                f", {r.unmatched} whose sentence does not name both actor and demand"
                if r.codings
                else ""
            )
            + "); no model written, builds keep the model they had",
            file=sys.stderr,
        )
        return 0
    print(
        f"wrote {r.path} from {r.codings} codings ({learnt}"
        + (
            f"; {r.unmatched} whose sentence does not name both actor and demand"
            if r.unmatched
            else ""
        )
        + f"); builds of {args.raw} use it",
        file=sys.stderr,
    )
    return 0


def _extract(args) -> int:
    from pipeline import build as b
    from pipeline.nlp.extract import Extractor, extract_claims, raisers_of

    raw = Path(args.raw)
    lexicon = b.raw_lexicon(raw)
    f = b.run_staging(raw, lexicon)
    docs = f["documents"]
    if args.doc:
        docs = docs[docs["doc_id"].isin(args.doc)]
    from pipeline.learn.model import model_for

    stance_model = None if args.rules_only else model_for(raw)
    rows = extract_claims(
        docs,
        f["sentences"],
        Extractor(
            lexicon,
            f["actors"],
            f["actor_aliases"],
            f["demand_terms"],
            f["memberships"],
            stance_model,
            raisers_of(f["demands"]),
        ),
    )
    import pandas as pd

    cols = [
        "doc_id",
        "sentence_no",
        "actor_id",
        "demand_id",
        "stance",
        "rule",
        "confidence",
        "cue",
        "demand_term",
        "actor_mention",
        "attribution_kind",
        "condition",
        "quote",
    ]
    pd.DataFrame(rows, columns=cols).to_csv(sys.stdout, index=False)
    return 0


def _add_import(sub) -> None:
    """`import SOURCE...`: saved pages, folders, URLs, feeds and corpus exports -> articles/."""
    import datetime as dt

    def day(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None

    def pair(text: str) -> tuple[str, str]:
        from pipeline.ingest.tables import FIELDS

        field, sep, column = text.partition("=")
        if not sep or field not in FIELDS or not column:
            raise argparse.ArgumentTypeError(
                f"{text!r}: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}"
            )
        return field, column

    i = sub.add_parser(
        "import",
        help="import news (saved pages, URLs, RSS/Atom feeds, CSV/JSONL/Parquet) as articles",
        description=(
            "Write <raw>/articles/<doc-id>.md for each article found. Exit status 0 when no "
            "source was refused, 1 when any was (the good ones are written all the same). "
            "Example: python -m pipeline import pages/ feed-urls... --raw my-case"
        ),
    )
    i.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="saved page (.html), folder of pages, http(s) URL of a page or feed, "
        "or a .csv/.jsonl/.ndjson/.parquet export",
    )
    _raw_arg(i)
    i.add_argument(
        "--map",
        type=pair,
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="column of an export holding a field, e.g. --map text=body (repeatable)",
    )
    i.add_argument(
        "--published", type=day, metavar="YYYY-MM-DD", help="date for sources that have none"
    )
    i.add_argument(
        "--update", action="store_true", help="rewrite articles imported before if they changed"
    )


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number of minutes above 0, got {text!r}")
    return value


def _add_update(sub) -> None:
    """`update`: every source of <raw>/sources.yaml imported, then an incremental build."""
    u = sub.add_parser(
        "update",
        help="import what is new from <raw>/sources.yaml, rebuild and publish (feed included)",
        description=(
            "One update: import what is new from every source of <raw>/sources.yaml, rebuild "
            "(unchanged articles are not re-read) and publish the page and reports/changes.atom. "
            "Exit status 1 when any source failed (the others are imported and built all the "
            "same), 0 otherwise. With --every, repeat until SIGTERM or SIGINT. "
            "Example: python -m pipeline update --raw my-case --every 30"
        ),
    )
    _paths_args(u)
    u.add_argument(
        "--every",
        type=_minutes,
        metavar="MINUTES",
        help="repeat: one update per period (start to start) until stopped",
    )
    u.add_argument("--cycles", type=int, help=argparse.SUPPRESS)  # tests: stop after N cycles


def _update(args) -> int:
    from pipeline.live.update import every, update
    from pipeline.paths import Paths

    paths = Paths(Path(args.raw), Path(args.db), Path(args.reports))
    if args.every is None:
        return update(paths, args.lock_timeout)
    return every(paths, args.every, args.cycles, args.lock_timeout)


def _import(args) -> int:
    from pipeline.ingest.run import Options, import_sources

    opts = Options(dict(args.map), args.published, args.update)
    tally = import_sources(args.sources, Path(args.raw), opts)
    return 1 if tally.refused else 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        n = len(exc.problems)
        print(f"{n} problem{'s' * (n != 1)} found; nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: never a bare traceback
        if os.environ.get("STANCEMAP_DEBUG"):
            traceback.print_exc()
        print(
            f"error: unexpected failure ({type(exc).__name__}: {exc}); nothing was written. "
            "Set STANCEMAP_DEBUG=1 to see the traceback.",
            file=sys.stderr,
        )
        return 3
