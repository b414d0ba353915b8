"""The whole pipeline as functions over frames, and the atomic publish of its outputs.

`run_stages` turns a raw folder into every table; `build` validates them, writes the database and
the report to temporary paths and moves them into place only when all of it succeeded. The stage
commands reuse the same functions, reading their inputs from an existing database.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import store
from pipeline.check.run import findings as codebook_findings
from pipeline.core.claims import combine_claims
from pipeline.core.coded import coded_from
from pipeline.core.incremental import extraction_context, reusable_claims
from pipeline.errors import Collector, InputError, Problem
from pipeline.fingerprint import forget, recorded_options, remember
from pipeline.learn.model import model_for, model_label, rules_key
from pipeline.lexicon import Lexicon, load_lexicon
from pipeline.locks import build_lock
from pipeline.marts.changelog import extend_log, previous_log
from pipeline.marts.changes import compare, read_previous, snapshot
from pipeline.marts.networks import DEFAULT_OPTIONS, NetworkOptions
from pipeline.marts.reliability import reliability
from pipeline.marts.stances import resolve_stances, stance_history
from pipeline.marts.summaries import agreement
from pipeline.marts.views import view_statements
from pipeline.nlp.extract import (
    Extractor,
    StagedSource,
    extract_claim_frame,
    frame_source,
    raisers_of,
)
from pipeline.paths import Paths, check_outputs
from pipeline.progress import QUIET, Progress
from pipeline.schema import TABLES
from pipeline.staging.articles import article_batches
from pipeline.staging.case import stage_case
from pipeline.staging.codebook import stage_codebook
from pipeline.staging.codings import stage_codings
from pipeline.staging.spill import Spill
from pipeline.validate import to_frame, validate

DOWNSTREAM = {
    "stage": (
        "claims",
        "claims_overridden",
        "stance_history",
        "stances",
        "agreement",
        "stance_changes",
        "reliability",
        "build_info",
    ),
    "claims": ("stance_history", "stances", "agreement", "stance_changes", "reliability"),
    "stances": (),
}


@dataclass(frozen=True)
class Engine:
    """Where extraction runs: `local` (forked processes on this machine) or `dask` (a cluster at
    `scheduler`, or a local one; documents go to Parquet under `workdir`)."""

    name: str = "local"
    scheduler: str | None = None
    workdir: Path | None = None


def raw_lexicon(raw: Path) -> Lexicon:
    return load_lexicon(raw / "codebook" / "lexicon.yaml")


def run_staging(
    raw: Path, lexicon: Lexicon, problems: Collector | None = None, sink: Spill | None = None
) -> dict[str, pd.DataFrame]:
    """The staging tables. Problems of every raw file are collected; with no `problems` given
    they are raised at the end, otherwise the caller raises them after its own checks. With a
    `sink`, documents and sentences go to it batch by batch as they are validated, and the
    frames hold the documents without their text and no sentences (`sink.rows_of` has them)."""
    own = problems is None
    problems = Collector() if problems is None else problems
    if not raw.is_dir():
        raise InputError(Problem(str(raw), "raw folder not found"))
    codebook = stage_codebook(raw, problems)
    actor_ids = frozenset(codebook.actors["actor_id"]) if codebook is not None else None
    batches = article_batches(raw, frozenset(lexicon["abbreviations"]), problems, actor_ids)
    checked: dict[str, list[pd.DataFrame]] = {"documents": [], "sentences": []}
    failed = False
    for batch in batches:
        try:
            documents, sentences = (validate(n, f) for n, f in zip(checked, batch, strict=True))
        except InputError as exc:
            problems.extend(exc.problems)
            failed = True
            continue
        if sink is not None and not failed:
            sink.add(documents, sentences)
            documents, sentences = documents.drop(columns=["text"]), sentences.iloc[:0]
        checked["documents"].append(documents)
        checked["sentences"].append(sentences)
    undecided: list[Problem] = []
    codings = stage_codings(raw, problems, undecided)
    case = stage_case(raw, problems)
    if codebook is None or own or failed:
        problems.raise_if_any()
    assert codebook is not None  # None only with problems collected, raised just above
    frames = {
        "documents": _concat(checked["documents"], "documents", sink),
        "sentences": _concat(checked["sentences"], "sentences", sink),
        "actors": codebook.actors,
        "memberships": codebook.memberships,
        "actor_aliases": codebook.actor_aliases,
        "demands": codebook.demands,
        "demand_terms": codebook.demand_terms,
        "codings": codings,
        "build_info": _info({"undecided": len(undecided), **case}),
    }
    return frames


def _info(values: dict[str, object], carried: pd.DataFrame | None = None) -> pd.DataFrame:
    """A `build_info` frame of `values`, keeping the rows of `carried` it does not set."""
    info = pd.DataFrame({"key": list(values), "value": [str(v) for v in values.values()]})
    if carried is not None:
        info = pd.concat([info, carried[~carried["key"].isin(list(values))]], ignore_index=True)
    return validate("build_info", info)


def _concat(parts: list[pd.DataFrame], name: str, sink: Spill | None) -> pd.DataFrame:
    if not parts:
        frame = validate(name, to_frame([], name))
        return frame.drop(columns=["text"]) if sink is not None and name == "documents" else frame
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def run_claims(
    f: dict[str, pd.DataFrame],
    lexicon: Lexicon,
    raw_label: str,
    problems: Collector | None = None,
    previous: Path | None = None,
    engine: Engine = Engine(),
    sink: Spill | None = None,
    rules_only: bool = False,
) -> pd.DataFrame:
    """Coded and extracted claims; coding problems (with any collected before) are raised.
    The stance model (the raw folder's own, else the bundled one) speaks where the rules are
    silent, unless `rules_only`.
    With a `previous` database built in the same extraction context, unchanged documents keep
    their extracted claims and only the others are extracted. With a `sink` (see `run_staging`)
    the texts are read from it. Sets f["build_info"]."""
    problems = problems or Collector()
    if sink is not None:
        coded_docs = sorted(set(f["codings"]["document"].astype(str).str.strip()))
        texts = {
            "documents": sink.rows_of("documents", coded_docs),
            "sentences": sink.rows_of("sentences", coded_docs, ["doc_id", "sentence_no"]),
        }
        coded = coded_from({**f, **texts}, raw_label, problems)
    else:
        coded = coded_from(f, raw_label, problems)
    problems.raise_if_any()
    stance_model = None if rules_only else model_for(Path(raw_label))
    context = extraction_context(
        lexicon,
        f["actors"],
        f["actor_aliases"],
        f["demand_terms"],
        f.get("memberships"),
        stance_model.digest if stance_model else "rules-only",
        raisers_of(f["demands"]),
    )
    kept, unchanged = (
        reusable_claims(previous, context, f["documents"]) if previous else (None, set())
    )
    todo = f["documents"][~f["documents"]["doc_id"].isin(unchanged)]
    if engine.name == "dask":
        from pipeline.core.distributed import extract_claims_dask

        workdir = engine.workdir or (previous or Path(raw_label)).with_name(f".dask-{os.getpid()}")
        fresh = extract_claims_dask(
            todo,
            f["sentences"],
            f["actors"],
            lexicon,
            f["actor_aliases"],
            f["demand_terms"],
            context,
            workdir / "documents",
            engine.scheduler,
            memberships=f.get("memberships"),
            stance_model=stance_model,
            raisers=raisers_of(f["demands"]),
        )
    else:
        extractor = Extractor(
            lexicon,
            f["actors"],
            f["actor_aliases"],
            f["demand_terms"],
            f.get("memberships"),
            stance_model,
            raisers_of(f["demands"]),
        )
        source = (
            StagedSource(sink, list(todo["doc_id"]))
            if sink is not None
            else frame_source(todo, f["sentences"])
        )
        fresh = extract_claim_frame(source, extractor)
    parts = [p for p in (kept, fresh) if p is not None and len(p)]
    extracted = pd.concat(parts, ignore_index=True) if parts else fresh
    counts = {"documents": len(f["documents"]), "extracted": len(todo), "reused": len(unchanged)}
    f["build_info"] = _info(
        {"extraction_context": context, **counts, "stance_model": model_label(stance_model)},
        f.get("build_info"),
    )
    claims, overridden = combine_claims(coded, extracted)
    f["claims_overridden"] = validate("claims_overridden", overridden)
    return validate("claims", claims)


def run_stances(
    f: dict[str, pd.DataFrame], previous: Path | None = None
) -> dict[str, pd.DataFrame]:
    """The marts. The stances are compared with those of the database at `previous` (nothing to
    compare when it is None, missing or unreadable); `build_info` records what was compared."""
    history = validate("stance_history", stance_history(f["claims"]))
    stances = validate("stances", resolve_stances(f["actors"], f["demands"], f["claims"], history))
    before = read_previous(previous)
    now = snapshot({**f, "stances": stances})
    info = f["build_info"][f["build_info"]["key"] != "previous_build"]
    if before is not None:
        info = pd.concat([info, pd.DataFrame({"key": ["previous_build"], "value": [before.label]})])
    coders = (f["codings"], f["actors"], f["actor_aliases"], f["demands"])
    changes = validate("stance_changes", compare(before, now))
    carried = previous_log(previous)
    log = extend_log(
        carried, changes, None if before is None else before.label, {**f, "stances": stances}
    )
    recorded = pd.DataFrame({"key": ["recorded_changes"], "value": [str(len(log) - len(carried))]})
    info = pd.concat([info[info["key"] != "recorded_changes"], recorded])
    return {
        "stance_history": history,
        "stances": stances,
        "agreement": validate("agreement", agreement(stances, f["actors"])),
        "stance_changes": changes,
        "change_log": validate("change_log", log),
        "reliability": validate(
            "reliability", reliability(*coders, f["claims"], f["claims_overridden"])
        ),
        "build_info": validate("build_info", info.reset_index(drop=True)),
    }


def run_stages(
    raw: Path,
    previous: Path | None = None,
    engine: Engine = Engine(),
    progress: Progress = QUIET,
    sink: Spill | None = None,
    rules_only: bool = False,
) -> dict[str, pd.DataFrame]:
    lexicon = raw_lexicon(raw)
    problems = Collector()
    with progress.stage("staging"):
        frames = run_staging(raw, lexicon, problems, sink)
    with progress.stage(f"claims ({len(frames['documents'])} articles)"):
        frames["claims"] = run_claims(
            frames, lexicon, str(raw), problems, previous, engine, sink, rules_only
        )
    with progress.stage("stances"):
        frames.update(run_stances(frames, previous))
    return frames


def empty_tables(names) -> dict[str, pd.DataFrame]:
    return {n: validate(n, to_frame([], n)) for n in names}


def _prepare(paths: Paths) -> None:
    paths.db.parent.mkdir(parents=True, exist_ok=True)
    paths.reports.mkdir(parents=True, exist_ok=True)
    store.clean_stray_temps(paths.db.parent)
    store.clean_stray_temps(paths.reports)


def write_outputs(
    frames: dict[str, pd.DataFrame],
    paths: Paths,
    with_report: bool = True,
    options: NetworkOptions = DEFAULT_OPTIONS,
    staged: Spill | None = None,
) -> None:
    """Write the database (and the report, its networks shaped by `options`) beside the live
    ones, then move them into place. With `staged` documents and sentences (a streaming build)
    those tables are loaded from it, not from `frames`."""
    from pipeline.report.site import render_site

    _prepare(paths)
    tmp_db = store.temp_path(paths.db)
    tmp_reports = store.temp_path(paths.reports / "site")
    try:
        writer = store.Writer(tmp_db)
        try:
            if staged is not None:
                staged.insert_into(writer)
            writer.finish(frames, view_statements(frames["actors"]))
        finally:
            writer.close()
        sources = staged.files() if staged is not None else None
        written = render_site(frames, tmp_reports, tmp_db, options, sources) if with_report else []
        forget(paths.db)  # from here on the outputs no longer match the recorded inputs
        store.publish(tmp_db, paths.db)
        _publish_files(tmp_reports, written, paths.reports)
    finally:
        tmp_db.unlink(missing_ok=True)
        Path(str(tmp_db) + ".wal").unlink(missing_ok=True)
        shutil.rmtree(tmp_reports, ignore_errors=True)


def _publish_files(folder: Path, written: list[str], reports: Path) -> None:
    """Move each rendered file into the report folder, one atomic replace per file."""
    for rel in written:
        target = reports / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        store.publish(folder / rel, target)


def load_database(db: Path) -> dict[str, pd.DataFrame]:
    """Every table of an existing database, validated again before anything is built on it."""
    return {n: validate(n, f) for n, f in store.read_tables(db).items()}


@dataclass(frozen=True)
class BuildResult:
    frames: dict[str, pd.DataFrame]
    extracted: int  # documents extracted in this build
    reused: int  # unchanged documents whose claims were kept
    undecided: int = 0  # worksheet rows left out: empty decision (each printed as a warning)
    codebook_warnings: int = 0  # what `codebook check` would print (advice; the build goes on)
    recorded_changes: int = 0  # rows added to the change log (entries new in the feed)

    def summary(self, paths: Paths, seconds: float) -> str:
        """The line a build ends with: what it read, reused and found."""
        s = self.frames["stances"]
        left_out = (
            f", {self.undecided} worksheet row{'s' * (self.undecided != 1)} left out "
            "(empty decision; see the warnings above)"
            if self.undecided
            else ""
        )
        return (
            f"built {paths.db} and {paths.reports / 'index.html'}: "
            f"{len(self.frames['documents'])} documents ({self.extracted} extracted, "
            f"{self.reused} unchanged), {len(self.frames['claims'])} claims, {len(s)} cells "
            f"({(s['stance'] != 'no_position').sum()} with a position){left_out} "
            f"in {seconds:.2f} s"
        )

    def advice(self, raw: Path) -> str | None:
        """The codebook check's count, when it has anything to say."""
        n = self.codebook_warnings
        if not n:
            return None
        return (
            f"codebook check: {n} warning{'s' * (n != 1)}; run stancemap codebook check --raw {raw}"
        )


def build(
    paths: Paths,
    lock_timeout: float = 60.0,
    engine: Engine = Engine(),
    options: NetworkOptions = DEFAULT_OPTIONS,
    rules_only: bool = False,
) -> BuildResult:
    """Raw folder to database and report, all or nothing; unchanged documents are not re-read
    by the extractor. `options` shape the report's networks."""
    check_outputs(paths)
    articles = paths.raw / "articles"
    progress = Progress.for_corpus(sum(1 for _ in articles.iterdir()) if articles.is_dir() else 0)
    with build_lock(paths.db, lock_timeout):
        # the local engine keeps the staged texts on disk and reads each range back when it is
        # extracted: memory holds no corpus-sized text
        spill = (
            Spill(store.temp_path(paths.db.with_suffix(".staged")))
            if engine.name == "local"
            else None
        )
        try:
            frames = run_stages(paths.raw, paths.db, engine, progress, spill, rules_only)
            warnings = len(codebook_findings(paths.raw, frames, raw_lexicon(paths.raw), spill))
            with progress.stage("database and report"):
                write_outputs(frames, paths, options=options, staged=spill)
        finally:
            if spill is not None:
                spill.remove()
        remember(paths.raw, paths.db, paths.reports, options.fingerprint() + rules_key(rules_only))
    info = dict(zip(frames["build_info"]["key"], frames["build_info"]["value"], strict=True))
    return BuildResult(
        frames,
        int(info["extracted"]),
        int(info["reused"]),
        int(info.get("undecided", 0)),
        codebook_warnings=warnings,
        recorded_changes=int(info.get("recorded_changes", 0)),
    )


def run_one_stage(stage: str, paths: Paths, lock_timeout: float = 60.0) -> dict[str, pd.DataFrame]:
    """Re-run one stage from the database's upstream tables; later tables are emptied (stale)."""
    check_outputs(paths)
    with build_lock(paths.db, lock_timeout):
        if stage == "stage":
            frames = run_staging(paths.raw, raw_lexicon(paths.raw))
            frames["change_log"] = previous_log(paths.db)  # history is not re-derived: kept
        else:
            frames = load_database(paths.db)
            if stage == "claims":
                frames["claims"] = run_claims(frames, raw_lexicon(paths.raw), str(paths.raw))
            elif stage == "stances":
                frames.update(run_stances(frames, paths.db))
        frames.update(empty_tables(DOWNSTREAM[stage]))
        write_outputs({n: frames[n] for n in TABLES}, paths, with_report=False)
    return frames


def render_only(paths: Paths, options: NetworkOptions = DEFAULT_OPTIONS) -> list[str]:
    """Re-render the report from the database as it is (networks shaped by `options`). When the
    options differ from those of the recorded build, the record is dropped: the next build
    rebuilds rather than trust a report made another way."""
    from pipeline.report.site import render_site

    frames = load_database(paths.db)
    paths.reports.mkdir(parents=True, exist_ok=True)
    tmp = store.temp_path(paths.reports / "site")
    try:
        written = render_site(frames, tmp, paths.db, options)
        if recorded_options(paths.db) not in (None, options.fingerprint()):
            forget(paths.db)
        _publish_files(tmp, written, paths.reports)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written
