"""`stancemap update`: import what is new from every source of `sources.yaml`, rebuild, publish.

One cycle: read and check `sources.yaml` (a bad file stops the cycle before anything is
fetched); import each source in turn with the import's duplicate rules, feed links imported
before not fetched again; a source that fails is named on stderr with the reason and the others
still run; then build (unchanged articles keep their claims, and a build whose inputs did not
change is skipped), which writes the database, the page and the feed, all or nothing. The
cycle's status is 1 when any source failed, 0 otherwise.

`every` repeats cycles until SIGTERM or SIGINT: a signal while waiting stops at once; a signal
during a cycle lets it finish and then stops; a second one abandons it (the build's own
all-or-nothing publish leaves the previous outputs as they were).
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
import time
from dataclasses import dataclass
from typing import TextIO

from pipeline.errors import InputError
from pipeline.fingerprint import up_to_date
from pipeline.ingest.run import Options, import_sources
from pipeline.ingest.store import ArticleStore
from pipeline.live.sources import Source, load_sources
from pipeline.locks import build_lock
from pipeline.paths import FEED, PAGE, Paths, check_outputs


@dataclass
class Cycle:
    imported: int = 0
    skipped: int = 0
    failed: int = 0  # refusals (unreachable, HTTP errors, bad feeds or records), build problems
    built: bool = False
    recorded: int = 0  # entries the build added to the change log (and the feed)

    @property
    def status(self) -> int:
        return 1 if self.failed else 0


def run_cycle(
    paths: Paths,
    out: TextIO | None = None,
    err: TextIO | None = None,
    lock_timeout: float = 600.0,
) -> Cycle:
    """One update; raises InputError when `sources.yaml` or the raw folder is bad."""
    out = out or sys.stdout
    err = err or sys.stderr
    sources = load_sources(paths.raw)
    check_outputs(paths)
    # one update at a time per database: two concurrent imports would both write a new article
    with build_lock(paths.db.with_name(paths.db.name + ".update"), lock_timeout):
        return _locked_cycle(paths, sources, out, err, lock_timeout)


def _locked_cycle(
    paths: Paths, sources: list[Source], out: TextIO, err: TextIO, lock_timeout: float
) -> Cycle:
    started = time.perf_counter()
    cycle = Cycle()
    store = ArticleStore.open(paths.raw / "articles", False, dt.date.today())
    for source in sources:
        print(f"source {source.number}/{len(sources)}: {source.name}", file=err)
        opts = Options(source.mapping, source.published, source.update, skip_known=True)
        tally = import_sources([source.target], paths.raw, opts, out, err, store=store)
        cycle.imported += tally.imported
        cycle.skipped += tally.skipped
        cycle.failed += tally.refused
    if not cycle.imported and up_to_date(paths.raw, paths.db, paths.reports):
        print(
            f"nothing new: {paths.db}, {paths.reports / PAGE} and "
            f"{paths.reports / FEED} are up to date ({time.perf_counter() - started:.2f} s)",
            file=err,
        )
        return cycle
    from pipeline.build import build  # the heavy libraries, only when there is work

    try:
        result = build(paths, lock_timeout)
    except InputError as exc:  # a bad raw file: the articles stay, the outputs are untouched
        for problem in exc.problems:
            print(f"error: {problem}", file=err)
        print(
            f"the build failed: {paths.db}, the page and the feed are unchanged; the articles "
            f"imported now ({cycle.imported}) are kept in {paths.raw / 'articles'}",
            file=err,
        )
        cycle.failed += len(exc.problems)
        return cycle
    cycle.built = True
    cycle.recorded = result.recorded_changes
    print(result.summary(paths, time.perf_counter() - started), file=err)
    if advice := result.advice(paths.raw):
        print(advice, file=err)
    entries = f"{cycle.recorded} new entr{'y' if cycle.recorded == 1 else 'ies'}"
    print(f"feed: {entries} in {paths.reports / FEED}", file=err)
    return cycle


def summary(cycle: Cycle) -> str:
    return f"update: imported {cycle.imported}, skipped {cycle.skipped}, {cycle.failed} failed" + (
        "" if cycle.built else ", nothing rebuilt"
    )


def update(paths: Paths, lock_timeout: float = 600.0) -> int:
    """`stancemap update` without `--every`: one cycle, its status."""
    cycle = run_cycle(paths, lock_timeout=lock_timeout)
    print(summary(cycle), file=sys.stderr)
    return cycle.status


class _Stop:
    """Signals turned into a request to stop: the first finishes the cycle, a second abandons
    it."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.in_cycle = False

    def __call__(self, signum, frame) -> None:
        if self.event.is_set() and self.in_cycle:
            raise KeyboardInterrupt
        self.event.set()
        if self.in_cycle:
            print(
                f"{signal.Signals(signum).name}: stopping after this update (again to abandon it)",
                file=sys.stderr,
            )


def every(
    paths: Paths, minutes: float, cycles: int | None = None, lock_timeout: float = 600.0
) -> int:
    """Run a cycle every `minutes` (start to start) until stopped; 0 on a clean stop. A cycle
    that fails (bad sources.yaml, bad raw file) is reported and the loop goes on: the next
    cycle may find it fixed. `cycles` limits the number of cycles (for tests and benchmarks)."""
    stop = _Stop()
    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    period = minutes * 60
    done = 0
    try:
        while not stop.event.is_set():
            began = time.monotonic()
            stop.in_cycle = True
            try:
                print(summary(run_cycle(paths, lock_timeout=lock_timeout)), file=sys.stderr)
            except InputError as exc:
                for problem in exc.problems:
                    print(f"error: {problem}", file=sys.stderr)
                print("this update failed; the previous outputs are unchanged", file=sys.stderr)
            finally:
                stop.in_cycle = False
            done += 1
            if cycles is not None and done >= cycles:
                break
            wait = max(0.0, period - (time.monotonic() - began))
            if not stop.event.is_set():
                print(f"next update in {wait:.0f} s", file=sys.stderr, flush=True)
            stop.event.wait(wait)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    print("stopped", file=sys.stderr)
    return 0
