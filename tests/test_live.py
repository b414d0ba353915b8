"""Live tracking: `sources.yaml`, `stancemap update` across cycles, the Atom feed, `--every`.

A feed and its pages are served from 127.0.0.1 (nothing reaches the internet); each test edits
the served folder between updates as a newsroom would publish.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest
from conftest import FIXTURES, ROOT, digest, query, run_build

from pipeline.cli import main
from pipeline.live.benchmark import rss

TALKS = [
    "The Dockworkers Union demands a 6% pay rise and firm limits on automation at the harbor.",
    "The Port Authority rejected the pay rise on Monday, calling it unaffordable.",
    "Mayor Lena Brandt backs the wage increase, and a mediator is expected to join the next round "
    "of talks before the end of the month.",
]
DEAL = [
    "The Port Authority has now agreed to a pay rise of 4%, a spokesperson said.",
    "Both sides have promised not to brief the press until the talks are over, and a mediator "
    "appointed by the city council is expected to join the next round.",
]
FLIP_TITLE = "Port Authority on A 6% pay rise: rejects → supports"


def html_page(title: str, body: list[str], date: str) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{date}T08:00:00Z">'
        f'<meta property="og:site_name" content="Harborview Courier"></head><body>'
        f"<article><h1>{title}</h1>\n{paragraphs}\n</article></body></html>"
    )


def publish_talks(root: Path, base: str) -> None:
    (root / "talks.html").write_text(
        html_page("Dockworkers open contract talks", TALKS, "2026-03-02"), "utf-8"
    )
    (root / "feed.xml").write_text(
        rss(base, [("Talks open", "talks.html", "Mon, 02 Mar 2026 08:00:00 GMT")]), "utf-8"
    )


def publish_deal(root: Path, base: str) -> None:
    (root / "deal.html").write_text(
        html_page("Port softens its stance", DEAL, "2026-03-20"), "utf-8"
    )
    (root / "feed.xml").write_text(
        rss(
            base,
            [
                ("Port softens", "deal.html", "Fri, 20 Mar 2026 08:00:00 GMT"),
                ("Talks open", "talks.html", "Mon, 02 Mar 2026 08:00:00 GMT"),
            ],
        ),
        "utf-8",
    )


def case(tmp_path: Path, sources: str) -> Path:
    """A raw folder with the harbor codebook, no articles, and `sources.yaml`."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor" / "codebook", raw / "codebook")
    (raw / "sources.yaml").write_text(sources, encoding="utf-8")
    return raw


def update(raw: Path, out: Path, *extra: str) -> list[str]:
    return [
        "update",
        "--raw",
        str(raw),
        "--db",
        str(out / "stances.duckdb"),
        "--reports",
        str(out / "reports"),
        *extra,
    ]


def run(capsys, args: list[str]) -> tuple[int, list[str]]:
    code = main(args)
    return code, capsys.readouterr().err.splitlines()


def entries(out: Path) -> list:
    parsed = feedparser.parse((out / "reports" / "changes.atom").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed.entries


def test_a_new_article_that_flips_a_stance_reaches_the_feed(tmp_path, capsys, server):
    root, base = server
    publish_talks(root, base)
    raw = case(tmp_path, f"sources:\n  - url: {base}/feed.xml\n    name: Courier feed\n")
    out = tmp_path / "out"

    code, err = run(capsys, update(raw, out))
    assert code == 0, err
    assert err[0] == "source 1/1: Courier feed"
    assert err[-2] == f"feed: 1 new entry in {out / 'reports' / 'changes.atom'}"
    assert err[-1] == "update: imported 1, skipped 0, 0 failed"
    first = entries(out)
    assert [e.title for e in first] == [
        "First build: 4 positions (3 supports, 1 rejects) of 3 actors on 2 demands, from 1 document"
    ]

    # nothing new: the feed is not fetched again page by page, nothing is rebuilt or added
    before = digest(out / "reports")
    code, err = run(capsys, update(raw, out))
    assert code == 0, err
    assert err[-1] == "update: imported 0, skipped 1, 0 failed, nothing rebuilt"
    assert err[-2].startswith(f"nothing new: {out / 'stances.duckdb'}, ")
    assert digest(out / "reports") == before

    publish_deal(root, base)
    code, err = run(capsys, update(raw, out))
    assert code == 0, err
    assert err[-1] == "update: imported 1, skipped 1, 0 failed"
    assert err[-2] == f"feed: 1 new entry in {out / 'reports' / 'changes.atom'}"
    now = entries(out)
    assert [e.title for e in now] == [FLIP_TITLE, first[0].title]
    flip = now[0]
    assert flip.id != now[1].id and now[1].id == first[0].id  # ids are stable
    assert flip.updated.startswith("2026-03-20T00:00:00")
    links = {link.rel: link.href for link in flip.links}
    assert links == {
        "alternate": "index.html#ev-port--pay-rise",
        "related": f"{base}/deal.html",
    }
    assert "The Port Authority has now agreed to a pay rise of 4%" in flip.content[0].value
    assert "Port softens its stance — Harborview Courier, 2026-03-20" in flip.content[0].value
    assert [t.term for t in flip.tags] == ["supports"]
    assert 'id="ev-port--pay-rise"' in (out / "reports/index.html").read_text("utf-8")

    # the same change for programs, and the whole log for SQL
    feed_json = json.loads((out / "reports/changes.json").read_text("utf-8"))
    assert [(e["title"], e["before"], e["after"], e["dated"]) for e in feed_json["entries"]] == [
        (FLIP_TITLE, "rejects", "supports", "2026-03-20"),
        (first[0].title, None, None, "2026-03-02"),
    ]
    log = query(out / "stances.duckdb", "SELECT change_id, kind FROM change_log")
    assert [tuple(r) for r in log.itertuples(index=False)] == [
        ("b2/port/pay-rise", "change"),
        ("b1/first-build", "first_build"),
    ]


def test_a_failing_source_is_named_and_the_others_still_run(tmp_path, capsys, server):
    root, base = server
    publish_talks(root, base)
    raw = case(
        tmp_path,
        f"sources:\n  - url: {base}/gone.xml\n  - url: {base}/feed.xml\n  - folder: saved\n",
    )
    out = tmp_path / "out"
    code, err = run(capsys, update(raw, out))
    assert code == 1
    assert f"error: {base}/gone.xml: unreachable (HTTP 404 File not found)" in err
    assert f"error: {raw / 'saved'}: no such file or folder" in err
    assert err[-1] == "update: imported 1, skipped 0, 2 failed"
    assert [e.title for e in entries(out)][0].startswith("First build: 4 positions")

    # the feed itself fails later: named, nothing lost, the outputs stay as they were
    before = digest(out / "reports")
    (root / "feed.xml").unlink()
    code, err = run(capsys, update(raw, out))
    assert code == 1
    assert f"error: {base}/feed.xml: unreachable (HTTP 404 File not found)" in err
    assert len(list((raw / "articles").glob("*.md"))) == 1
    assert digest(out / "reports") == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: []\n", "sources.yaml:1: field 'sources': lists no source"),
        (
            "feeds:\n  - x\n",
            "sources.yaml:1: field 'sources': must have 'sources:', a list of sources",
        ),
        (
            "sources:\n  - url: ftp://example.org/feed\n",
            "sources.yaml:2: field 'url': source 1: must be an http(s) URL, got "
            "'ftp://example.org/feed'",
        ),
        (
            "sources:\n  - url: https://example.org/feed\n    folder: pages\n",
            "sources.yaml:2: source 1 must have exactly one of url, folder or file "
            "(has url and folder)",
        ),
        (
            "sources:\n  - file: wire.csv\n    map: {txt: body}\n",
            "sources.yaml:3: field 'map': source 1: unknown field 'txt'; expected one of text, "
            "title, published, url, outlet, author, language",
        ),
        (
            "sources:\n  - folder: pages\n    published: 2025-02-30\n",
            "sources.yaml:3: field 'published': source 1: '2025-02-30' is not a date YYYY-MM-DD",
        ),
        (
            "sources:\n  - url: https://example.org/feed\n    update: yes\n",
            "sources.yaml:3: field 'update': source 1: must be true or false, got 'yes'",
        ),
        ("sources:\n  - https://example.org/feed\n", "sources.yaml:1: source 1 must be a mapping"),
    ],
)
def test_bad_sources_file_is_refused_before_anything_is_fetched(tmp_path, capsys, text, message):
    raw = case(tmp_path, text)
    out = tmp_path / "out"
    code, err = run(capsys, update(raw, out))
    assert code == 1
    assert err[0].startswith(f"error: {raw}/{message}"), err
    assert err[-1].endswith("nothing was written.")
    assert not out.exists()


def test_missing_sources_file(tmp_path, capsys):
    raw = case(tmp_path, "")
    (raw / "sources.yaml").unlink()
    code, err = run(capsys, update(raw, tmp_path / "out"))
    assert code == 1
    assert err[0] == (
        f"error: {raw / 'sources.yaml'}: not found: list the case's feeds, pages, folders and files"
    )


def _env() -> dict[str, str]:
    return {**os.environ, "no_proxy": "127.0.0.1,localhost", "PYTHONPATH": str(ROOT)}


def outputs(out: Path) -> dict[str, str]:
    """Digest of the published files (the database, the page, the feed, the data)."""
    return {
        k: v for k, v in digest(out).items() if not any(p.startswith(".") for p in k.split("/"))
    }


def test_killing_an_update_midway_leaves_the_previous_outputs_whole(tmp_path, capsys, server):
    root, base = server
    publish_talks(root, base)
    raw = case(tmp_path, f"sources:\n  - url: {base}/feed.xml\n")
    out = tmp_path / "out"
    assert run(capsys, update(raw, out))[0] == 0
    before = outputs(out)

    publish_deal(root, base)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *update(raw, out)],
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # the import is done and the build has begun (it loads spaCy)
        if line.startswith("imported 1, skipped 1"):
            break
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert outputs(out) == before  # database, page and feed exactly as they were
    assert [e.title for e in entries(out)][0].startswith("First build")
    assert len(list((raw / "articles").glob("*.md"))) == 2  # the import's file is whole

    code, err = run(capsys, update(raw, out))  # the next update finishes the job
    assert code == 0, err
    assert err[-1] == "update: imported 0, skipped 2, 0 failed"
    assert [e.title for e in entries(out)][0] == FLIP_TITLE
    assert not [p for p in out.rglob(".*") if ".tmp-" in p.name]  # the killed run's temp files


def test_every_stops_cleanly_on_sigterm(tmp_path, server):
    root, base = server
    publish_talks(root, base)
    raw = case(tmp_path, f"sources:\n  - url: {base}/feed.xml\n")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *update(raw, out, "--every", "60")],
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:  # wait for the first cycle to end
        seen.append(line.rstrip("\n"))
        if line.startswith("next update in "):
            break
    proc.send_signal(signal.SIGTERM)
    rest = proc.stderr.read().splitlines()
    assert proc.wait(timeout=30) == 0
    assert "update: imported 1, skipped 0, 0 failed" in seen
    assert rest == ["stopped"]
    assert [e.title for e in entries(out)][0].startswith("First build: 4 positions")


def test_a_database_made_before_the_change_log(tmp_path, capsys):
    """`report` names what is missing; a build over it compares as usual and starts the log."""
    import duckdb

    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    out = tmp_path / "out"
    db = out / "stances.duckdb"
    args = ["--raw", str(raw), "--db", str(db), "--reports", str(out / "reports")]
    assert main(["build", *args]) == 0
    con = duckdb.connect(str(db))
    con.sql("DROP TABLE change_log")
    con.close()
    capsys.readouterr()
    assert main(["report", *args]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {db}: has no table change_log: made by another version of stancemap (or not "
        "by stancemap); `stancemap build` rebuilds it from the raw folder"
    )
    deal = raw / "articles/harbor-deal-near.md"
    deal.write_text(
        deal.read_text("utf-8").replace(
            "called any wage freeze unacceptable", "now accepts a wage freeze"
        ),
        "utf-8",
    )
    assert main(["build", *args]) == 0
    log = query(db, "SELECT change_id, title, compared_with FROM change_log")
    assert [tuple(r) for r in log.itertuples(index=False)] == [
        (
            "b1/union/pay-rise",
            "Dockworkers Union on A 6% pay rise: supports → rejects",
            "2 documents, evidence up to 2026-03-20",
        )
    ]


def test_a_build_that_fails_keeps_the_import_and_the_outputs(tmp_path, capsys, server):
    root, base = server
    publish_talks(root, base)
    raw = case(tmp_path, f"sources:\n  - url: {base}/feed.xml\n")
    out = tmp_path / "out"
    assert run(capsys, update(raw, out))[0] == 0
    before = outputs(out)
    (raw / "codings").mkdir()
    (raw / "codings" / "mine.csv").write_text(
        "document,actor,demand,stance,quote\nnot-a-doc,union,pay-rise,supports,a pay rise\n",
        encoding="utf-8",
    )
    publish_deal(root, base)
    code, err = run(capsys, update(raw, out))
    assert code == 1
    assert err[-3].startswith(f"error: {raw / 'codings' / 'mine.csv'}:2: field 'document': ")
    assert err[-2] == (
        f"the build failed: {out / 'stances.duckdb'}, the page and the feed are unchanged; the "
        f"articles imported now (1) are kept in {raw / 'articles'}"
    )
    assert err[-1] == "update: imported 1, skipped 1, 1 failed, nothing rebuilt"
    assert outputs(out) == before
    assert len(list((raw / "articles").glob("*.md"))) == 2


def test_folder_and_export_sources_with_their_options(tmp_path, capsys):
    raw = case(
        tmp_path,
        "sources:\n"
        "  - folder: saved\n"
        "  - file: wire.csv\n"
        "    map: {text: body, title: headline}\n"
        "    published: 2026-03-20\n"
        "    name: wire export\n",
    )
    (raw / "saved").mkdir()
    (raw / "saved" / "talks.html").write_text(
        html_page("Dockworkers open contract talks", TALKS, "2026-03-02"), "utf-8"
    )
    (raw / "wire.csv").write_text(
        "headline,body\nPort softens its stance," + '"' + " ".join(DEAL) + '"\n', "utf-8"
    )
    out = tmp_path / "out"
    code, err = run(capsys, update(raw, out))
    assert code == 0, err
    assert err[0] == "source 1/2: saved"  # as sources.yaml names it
    assert "source 2/2: wire export" in err
    assert sorted(p.name for p in (raw / "articles").glob("*.md")) == [
        "2026-03-02-dockworkers-open-contract-talks.md",
        "2026-03-20-port-softens-its-stance.md",
    ]
    stance = query(
        out / "stances.duckdb",
        "SELECT stance FROM stances WHERE actor_id = 'port' AND demand_id = 'pay-rise'",
    )
    assert list(stance["stance"]) == ["supports"]  # the export's article decides, dated later
    code, err = run(capsys, update(raw, out))
    assert (code, err[-1]) == (0, "update: imported 0, skipped 2, 0 failed, nothing rebuilt")


def test_feed_links_and_ids_with_and_without_a_published_address(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    out = tmp_path / "a"
    assert run_build(raw, out) == 0
    relative = feedparser.parse((out / "reports/changes.atom").read_bytes())
    assert [link.href for link in relative.feed.links] == ["changes.atom", "index.html"]
    assert relative.feed.id.startswith("urn:uuid:")

    # another case (other articles) without an address gets another id
    other = tmp_path / "other"
    shutil.copytree(FIXTURES / "harbor", other)
    (other / "articles/harbor-deal-near.md").unlink()
    assert run_build(other, tmp_path / "o") == 0
    assert (
        feedparser.parse((tmp_path / "o/reports/changes.atom").read_bytes()).feed.id
        != relative.feed.id
    )

    (raw / "case.yaml").write_text(
        "name: Harbor talks\nurl: https://example.org/harbor\n", encoding="utf-8"
    )
    assert run_build(raw, out) == 0
    parsed = feedparser.parse((out / "reports/changes.atom").read_bytes())
    assert parsed.bozo == 0
    assert parsed.feed.id == "https://example.org/harbor/changes.atom"
    assert parsed.feed.title == "Harbor talks: stance changes"
    assert [link.href for link in parsed.feed.links] == [
        "https://example.org/harbor/changes.atom",
        "https://example.org/harbor/index.html",
    ]
    assert [link.href for link in parsed.entries[0].links] == [
        "https://example.org/harbor/index.html#changes"
    ]
    capsys.readouterr()
    (raw / "case.yaml").write_text("name: Harbor talks\nurl: harbor.example\n", encoding="utf-8")
    assert run_build(raw, out) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {raw / 'case.yaml'}:2: field 'url': must be the http(s) address where the "
        "report is published, got 'harbor.example'"
    )
