"""Progress on long builds: one line per stage on a terminal, nothing in CI or when piped."""

from __future__ import annotations

import contextlib
import os
import sys
import time

LARGE = 500  # articles from which a build reports its stages


class Progress:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    @classmethod
    def for_corpus(cls, n_articles: int) -> Progress:
        return cls(n_articles >= LARGE and sys.stderr.isatty() and not os.environ.get("CI"))

    @contextlib.contextmanager
    def stage(self, name: str):
        if not self.enabled:
            yield
            return
        print(f"{name} ...", end="", file=sys.stderr, flush=True)
        started = time.perf_counter()
        yield
        print(f" done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


QUIET = Progress(False)
