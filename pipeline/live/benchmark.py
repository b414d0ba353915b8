"""Time `stancemap update` on a followed case: nothing new, and one new article among many.

`python -m pipeline.live.benchmark --docs 1000 --work DIR [--results FILE]` writes a news-like
case of DOCS articles (the bench generator) whose `sources.yaml` lists a feed served from
127.0.0.1 (nothing leaves the machine) with 20 entries, then times, each in a fresh process as
cron would run them: the first update (a full build), an update with nothing new, and one after a
new entry appears; then, for comparison, a build with nothing changed. The figures go to stdout
and, with --results, to a Markdown file.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from html import escape
from pathlib import Path

FEED_ENTRIES = 20


def _page(md: Path) -> tuple[str, str, str]:
    """(title, date, HTML page) of a generated article."""
    _, head, body = md.read_text(encoding="utf-8").split("---\n", 2)
    title = re.search(r'^title: "?(.*?)"?$', head, re.M)
    date = re.search(r"^published: (\S+)$", head, re.M)
    assert title is not None and date is not None
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title[1])}</title>'
        f'<meta property="article:published_time" content="{date[1]}T08:00:00Z"></head>'
        f"<body><article><h1>{escape(title[1])}</h1>{paragraphs}</article></body></html>"
    )
    return title[1], date[1], html


def rss(base: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (title, page name under `base`, date) items; the tests use it too."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{base}/{name}</link><pubDate>{d}</pubDate></item>"
        for t, name, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>'
        f"<link>{base}/</link>{entries}</channel></rss>"
    )


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A quiet HTTP server on 127.0.0.1 (a free port) serving `root`, in a daemon thread; the
    tests use it too. Returns the server (shut it down) and its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


def _timed_update(raw: Path, out: Path, command: str = "update") -> tuple[float, str]:
    cmd = [sys.executable, "-m", "pipeline", command, "--raw", str(raw)]
    cmd += ["--db", str(out / "stances.duckdb"), "--reports", str(out / "reports")]
    env = {**os.environ, "no_proxy": "127.0.0.1,localhost"}
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"update failed ({done.returncode}):\n{done.stderr}")
    return seconds, done.stderr.strip().splitlines()[-1]


def run(docs: int, work: Path) -> list[tuple[str, float, str]]:
    from pipeline.bench import generate_realistic

    shutil.rmtree(work, ignore_errors=True)
    raw, www, out = work / "raw", work / "www", work / "out"
    generate_realistic(docs + FEED_ENTRIES + 1, raw, truth=False)
    www.mkdir(parents=True)
    pages = []
    for md in sorted((raw / "articles").glob("*.md"))[docs:]:
        title, date, html = _page(md)
        (www / f"{md.stem}.html").write_text(html, encoding="utf-8")
        pages.append((title, f"{md.stem}.html", f"{date}T08:00:00Z"))
        md.unlink()
    httpd, base = serve(www)
    try:
        (www / "feed.xml").write_text(rss(base, pages[:FEED_ENTRIES]), encoding="utf-8")
        (raw / "sources.yaml").write_text(f"sources:\n  - url: {base}/feed.xml\n", "utf-8")
        rows = []
        seconds, last = _timed_update(raw, out)
        rows.append(
            (f"first update ({docs} articles + {FEED_ENTRIES} from the feed)", seconds, last)
        )
        seconds, last = _timed_update(raw, out)
        rows.append(("update with nothing new", seconds, last))
        (www / "feed.xml").write_text(rss(base, pages), encoding="utf-8")
        seconds, last = _timed_update(raw, out)
        rows.append((f"update with 1 new article among {docs + FEED_ENTRIES}", seconds, last))
        seconds, last = _timed_update(raw, out, "build")
        rows.append(("for comparison: `stancemap build` with nothing changed", seconds, last))
    finally:
        httpd.shutdown()
        httpd.server_close()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.live.benchmark", description=__doc__)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=Path("build/bench-update"))
    ap.add_argument("--results", type=Path)
    args = ap.parse_args(argv)
    rows = run(args.docs, args.work)
    lines = [
        f"# `stancemap update`, {args.docs:,} news-like articles (`make bench-update`)",
        "",
        f"Machine: {os.cpu_count()} cores. Each update is a fresh process, as cron runs it.",
        "",
        "| update | seconds | its last line |",
        "|---|---|---|",
        *(f"| {what} | {seconds:.2f} | `{last}` |" for what, seconds, last in rows),
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.results:
        args.results.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
