"""`stancemap import`: saved pages, folders, URLs and feeds, corpus exports -> articles/*.md.

Every web test talks to a server on 127.0.0.1 started here; nothing reaches the internet.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import FIXTURES, query, run_build

from pipeline.cli import main

PAGES = FIXTURES / "import" / "pages"
NOT_FOUND = FIXTURES / "import" / "not-found.html"
HARBOR_CODEBOOK = FIXTURES / "harbor" / "codebook"
TODAY = dt.date.today().isoformat()
FILLER = (
    "Negotiators met for six hours at the harbour office and agreed to meet again next week, "
    "while dockworkers waited outside in the rain for news of the talks."
)
MORE = (
    "A mediator appointed by the city council is expected to join the next round, and both "
    "sides have promised not to brief the press until the talks are over."
)


def page(
    title: str,
    body: list[str],
    date: str | None = "2026-03-02",
    url: str | None = None,
    site: str = "Harborview Courier",
) -> str:
    """A news page with the usual clutter around the article: menu, related links, comments."""
    meta = [f'<meta property="og:site_name" content="{site}">']
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}T08:00:00Z">')
    if url:
        meta.append(f'<link rel="canonical" href="{url}">')
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
{"".join(meta)}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<aside class="related"><h3>Related</h3><a href="/r">Ferry strike ends after three days</a></aside>
<div id="comments"><p>What a disgrace, the port should pay up now and stop the excuses.</p></div>
</body></html>"""


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    """Exit status, stderr lines and stdout of `stancemap import ARGS`."""
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


def articles(raw: Path) -> dict[str, tuple[dict, str]]:
    """doc-id -> (front matter, body) of every article written."""
    found = {}
    for path in sorted((raw / "articles").glob("*.md")):
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        found[path.stem] = (yaml.safe_load(head), body)
    return found


# --- saved pages and folders ------------------------------------------------------------------


def test_saved_page_keeps_the_article_and_drops_the_clutter(tmp_path, capsys):
    raw = tmp_path / "raw"
    code, err, out = run(capsys, str(PAGES / "union-pay.html"), "--raw", str(raw))
    assert code == 0
    assert err == ["imported 1, skipped 0 (duplicates), refused 0"]
    doc_id = "2026-03-02-dockworkers-we-want-our-share"
    assert out == f"imported {raw / 'articles' / doc_id}.md <- {PAGES / 'union-pay.html'}\n"
    meta, body = articles(raw)[doc_id]
    assert meta == {
        "title": 'Dockworkers: "We Want Our Share"',
        "published": dt.date(2026, 3, 2),
        "outlet": "Harborview Courier",
        "author": "Jane Reporter",
        "url": "https://courier.example/news/dockworkers-share",
        "source": str(PAGES / "union-pay.html"),
        "retrieved": dt.date.fromisoformat(TODAY),
    }
    paragraphs = body.strip().split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The union demands a pay rise. Hundreds of dockworkers")
    assert "union’s letter" in paragraphs[1]  # curly apostrophe kept
    for clutter in ("Home", "Sport", "cookies", "Related", "Ferry strike", "Great article",
                    "Comments", "Copyright", "By Jane Reporter"):  # fmt: skip
        assert clutter not in body
    text = (raw / "articles" / f"{doc_id}.md").read_text(encoding="utf-8")
    assert text.startswith(
        '---\ntitle: "Dockworkers: \\"We Want Our Share\\""\npublished: 2026-03-02\n'
    )


def test_folder_is_searched_recursively_for_pages(tmp_path, capsys):
    raw = tmp_path / "raw"
    (tmp_path / "pages").mkdir()
    shutil.copytree(PAGES, tmp_path / "pages" / "saved")
    (tmp_path / "pages" / "notes.txt").write_text("not a page", encoding="utf-8")
    code, err, _ = run(capsys, str(tmp_path / "pages"), "--raw", str(raw))
    assert code == 0
    assert err[-1] == "imported 2, skipped 0 (duplicates), refused 0"
    found = articles(raw)
    assert sorted(found) == [
        "2026-03-02-dockworkers-we-want-our-share",
        "2026-03-05-port-authority-answers-the-union",
    ]
    meta, body = found["2026-03-05-port-authority-answers-the-union"]
    assert meta["published"] == dt.date(2026, 3, 5)  # from <time datetime=...>
    assert meta["outlet"] == "Harbor Daily" and meta["url"] == "https://daily.example/port-answers"
    assert "Subscribe" not in body and "Tides this week" not in body


def test_windows_1252_page_is_decoded_by_its_meta_charset(tmp_path, capsys):
    html = page("Union’s demand", ["The union’s demand — a pay rise — stands. " + FILLER, MORE])
    path = tmp_path / "cp1252.html"
    path.write_bytes(html.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252"))
    code, err, _ = run(capsys, str(path), "--raw", str(tmp_path / "raw"))
    assert code == 0, err
    ((meta, body),) = articles(tmp_path / "raw").values()
    assert meta["title"] == "Union’s demand"
    assert body.startswith("The union’s demand — a pay rise — stands.")


# --- bad sources --------------------------------------------------------------------------------


def test_each_bad_source_is_refused_with_its_reason(tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "nodate.html").write_text(page("Talks resume", [FILLER, MORE], date=None), "utf-8")
    (bad / "latin.html").write_bytes(page("Café talks", [FILLER, MORE]).encode("latin-1"))
    (bad / "notes.html").write_text("Just some notes about the strike.\n" * 20, "utf-8")
    (bad / "scan.html").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    (bad / "huge.html").write_bytes(b"<html><body><p>" + b"x" * (11 * 1024 * 1024) + b"</p>")
    sources = [str(bad / n) for n in ("nodate", "latin", "notes", "scan", "huge")]
    sources = [s + ".html" for s in sources] + [str(NOT_FOUND), str(bad / "missing.html")]
    code, err, out = run(capsys, *sources, "--raw", str(tmp_path / "raw"))
    assert code == 1
    assert out == ""
    assert err == [
        f"error: {bad / 'nodate.html'}: no publication date found; "
        "give one with --published YYYY-MM-DD",
        f"error: {bad / 'latin.html'}: not UTF-8 and cannot be decoded (declared charset 'utf-8')",
        f"error: {bad / 'notes.html'}: not an HTML page (no HTML markup found)",
        f"error: {bad / 'scan.html'}: not an HTML page (binary data)",
        f"error: {bad / 'huge.html'}: too large (11 MB; the limit is 10 MB)",
        f"error: {NOT_FOUND}: no article text found (73 characters of main text; "
        "at least 200 needed)",
        f"error: {bad / 'missing.html'}: no such file or folder",
        "imported 0, skipped 0 (duplicates), refused 7",
    ]
    assert not (tmp_path / "raw" / "articles").exists() or not any(
        (tmp_path / "raw" / "articles").iterdir()
    )


def test_undecodable_page_without_a_charset(tmp_path, capsys):
    path = tmp_path / "old.html"
    path.write_bytes(b"<html><body><p>Caf\xe9 " + FILLER.encode() * 3 + b"</p></body></html>")
    code, err, _ = run(capsys, str(path), "--raw", str(tmp_path / "raw"))
    assert code == 1
    assert err[0] == f"error: {path}: not UTF-8 and cannot be decoded (no charset declared)"


def test_published_supplies_a_missing_date_only(tmp_path, capsys):
    (tmp_path / "a.html").write_text(page("Talks resume", [FILLER, MORE], date=None), "utf-8")
    (tmp_path / "b.html").write_text(page("Talks stall", [MORE, FILLER.upper()]), "utf-8")
    code, _, _ = run(
        capsys, str(tmp_path), "--published", "2026-04-01", "--raw", str(tmp_path / "raw")
    )
    assert code == 0
    assert sorted(articles(tmp_path / "raw")) == [
        "2026-03-02-talks-stall",  # its own date wins
        "2026-04-01-talks-resume",
    ]


def test_one_bad_source_among_good_ones(tmp_path, capsys):
    raw = tmp_path / "raw"
    code, err, _ = run(capsys, str(NOT_FOUND), str(PAGES), "--raw", str(raw))
    assert code == 1  # something was refused; the good pages are written all the same
    assert err[0].startswith(f"error: {NOT_FOUND}: no article text found")
    assert err[-1] == "imported 2, skipped 0 (duplicates), refused 1"
    assert len(articles(raw)) == 2


def test_bad_command_line(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["import", "x.html", "--published", "2 March"])
    assert exc.value.code == 2
    assert "'2 March' is not a date YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["import", "x.csv", "--map", "body"])
    assert "expected FIELD=COLUMN with FIELD one of text, title" in capsys.readouterr().err


# --- duplicates, collisions, --update ----------------------------------------------------------


def test_duplicates_by_url_and_by_text_are_skipped(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    text = [f"The union demands a pay rise. {FILLER}", MORE]
    (src / "a.html").write_text(page("Pay talks", text, url="https://x.example/pay"), "utf-8")
    # the same URL saved again (another title in the page): a duplicate by URL
    (src / "b.html").write_text(
        page(
            "Pay talks (updated)", [FILLER, MORE, FILLER.upper()], url="https://X.example/pay/#top"
        ),
        "utf-8",
    )
    # the same text in another case and spacing at another address: a duplicate by text
    shouted = [t.upper().replace(" ", "  ") for t in text]
    (src / "c.html").write_text(page("Pay Talks", shouted, url="https://y.example/p"), "utf-8")
    raw = tmp_path / "raw"
    code, err, _ = run(capsys, str(src), "--raw", str(raw))
    assert code == 0
    first = raw / "articles" / "2026-03-02-pay-talks.md"
    assert err == [
        f"skipped: {src / 'b.html'}: duplicate of {first} (same URL), imported from "
        f"{src / 'a.html'}",
        f"skipped: {src / 'c.html'}: duplicate of {first} (same text), imported from "
        f"{src / 'a.html'}",
        "imported 1, skipped 2 (duplicates), refused 0",
    ]
    # importing again finds them in the raw folder
    code, err, _ = run(capsys, str(src / "a.html"), "--raw", str(raw))
    assert err == [
        f"skipped: {src / 'a.html'}: already imported as {first} (same URL); --update rewrites it",
        "imported 0, skipped 1 (duplicates), refused 0",
    ]


def test_different_articles_with_the_same_id_get_numbered(tmp_path, capsys):
    for n in (1, 2, 3):
        body = [f"Statement number {n}. {FILLER}", MORE]
        (tmp_path / f"s{n}.html").write_text(page("Statement", body), "utf-8")
    code, _, _ = run(capsys, str(tmp_path), "--raw", str(tmp_path / "raw"))
    assert code == 0
    found = articles(tmp_path / "raw")
    assert sorted(found) == [
        "2026-03-02-statement",
        "2026-03-02-statement-2",
        "2026-03-02-statement-3",
    ]
    assert found["2026-03-02-statement-3"][1].startswith("Statement number 3.")


def test_existing_file_is_never_overwritten_without_update(tmp_path, capsys):
    src, raw = tmp_path / "p.html", tmp_path / "raw"
    src.write_text(page("Pay talks", [f"Old text. {FILLER}", MORE]), "utf-8")
    run(capsys, str(src), "--raw", str(raw))
    target = raw / "articles" / "2026-03-02-pay-talks.md"
    before = target.read_bytes()
    src.write_text(page("Pay talks", [f"Corrected text. {FILLER}", MORE]), "utf-8")
    code, err, _ = run(capsys, str(src), "--raw", str(raw))
    assert code == 0
    assert err[0] == (
        f"skipped: {src}: already imported as {target} (same source and title); "
        "--update rewrites it"
    )
    assert target.read_bytes() == before
    code, err, out = run(capsys, str(src), "--raw", str(raw), "--update")
    assert code == 0
    assert out == f"updated {target} <- {src}\n"
    assert err == ["imported 1, skipped 0 (duplicates), refused 0"]
    assert sorted(articles(raw)) == ["2026-03-02-pay-talks"]
    assert articles(raw)["2026-03-02-pay-talks"][1].startswith("Corrected text.")
    assert not [p for p in (raw / "articles").iterdir() if p.name.startswith(".")]  # no temp
    code, err, _ = run(capsys, str(src), "--raw", str(raw), "--update")
    assert err[0] == f"skipped: {src}: already imported as {target} (same text, unchanged)"


# --- URLs and feeds ---------------------------------------------------------------------------


def test_url_and_rss_feed_from_a_local_server(tmp_path, capsys, server):
    root, base = server
    shutil.copy(PAGES / "union-pay.html", root / "union.html")
    (root / "a.html").write_text(
        page("Port rejects pay rise", [FILLER, MORE], date=None, url=f"{base}/a.html"), "utf-8"
    )
    (root / "b.html").write_text(
        page("Mayor backs wage increase", [FILLER + " The mayor spoke.", MORE], date="2026-03-07"),
        "utf-8",
    )
    (root / "feed.xml").write_text(
        f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbor news</title><link>{base}/</link>
<item><title>Port rejects pay rise</title><link>{base}/a.html</link>
<pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate></item>
<item><title>Mayor backs wage increase</title><link>b.html</link></item>
</channel></rss>""",
        "utf-8",
    )
    raw = tmp_path / "raw"
    code, err, out = run(capsys, f"{base}/union.html", f"{base}/feed.xml", "--raw", str(raw))
    assert code == 0, err
    assert err == ["imported 3, skipped 0 (duplicates), refused 0"]
    found = articles(raw)
    assert sorted(found) == [
        "2026-03-02-dockworkers-we-want-our-share",
        "2026-03-04-port-rejects-pay-rise",  # the page has no date: the feed's pubDate
        "2026-03-07-mayor-backs-wage-increase",  # relative link resolved against the feed
    ]
    meta = found["2026-03-02-dockworkers-we-want-our-share"][0]
    assert meta["source"] == f"{base}/union.html"
    assert meta["url"] == "https://courier.example/news/dockworkers-share"  # canonical wins
    assert found["2026-03-07-mayor-backs-wage-increase"][0]["url"] == f"{base}/b.html"


def test_unreachable_urls(tmp_path, capsys, server):
    _, base = server
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/x.html"
    code, err, _ = run(capsys, f"{base}/gone.html", closed, "--raw", str(tmp_path / "raw"))
    assert code == 1
    assert err == [
        f"error: {base}/gone.html: unreachable (HTTP 404 File not found)",
        f"error: {closed}: unreachable (Connection refused)",
        "imported 0, skipped 0 (duplicates), refused 2",
    ]


def test_feed_links_other_than_http_are_refused(tmp_path, capsys):
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Secrets</title><link>file:///etc/passwd</link></item>"
        "<item><title>No link</title></item></channel></rss>",
        "utf-8",
    )
    code, err, _ = run(capsys, str(feed), "--raw", str(tmp_path / "raw"))
    assert code == 1
    assert err == [
        # (feedparser hands the link over as file://etc/passwd)
        "error: file://etc/passwd: the feed entry's link is not an http(s) URL",
        f"error: {feed.resolve().as_uri()}#entry-2: the feed entry has no link",
        "imported 0, skipped 0 (duplicates), refused 2",
    ]


# --- corpus exports ---------------------------------------------------------------------------

ROWS = [
    {
        "headline": "Union demands pay rise",
        "body": f"The union demands a pay rise. {FILLER}",
        "pub_date": "2026-03-02",
        "link": "https://wire.example/1",
        "publisher": "Wire",
        "byline": "A. Writer",
    },
    {
        "headline": "Port: no money",
        "body": f"The Port Authority rejected the pay rise. {FILLER}",
        "pub_date": "2026-03-03",
        "link": "https://wire.example/2",
        "publisher": "Wire",
        "byline": "",
    },
]


def write_exports(folder: Path) -> dict[str, Path]:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t (headline VARCHAR, body VARCHAR, pub_date VARCHAR, link VARCHAR, "
        "publisher VARCHAR, byline VARCHAR)"
    )
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", [list(r.values()) for r in ROWS])
    paths = {k: folder / f"corpus.{k}" for k in ("csv", "jsonl", "parquet")}
    con.execute(f"COPY t TO '{paths['csv']}' (FORMAT csv, HEADER)")
    con.execute(f"COPY t TO '{paths['jsonl']}' (FORMAT json)")
    con.execute(f"COPY t TO '{paths['parquet']}' (FORMAT parquet)")
    con.close()
    return paths


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet"])
def test_corpus_export_with_a_column_map(tmp_path, capsys, kind):
    path = write_exports(tmp_path)[kind]
    raw = tmp_path / "raw"
    code, err, _ = run(capsys, str(path), "--map", "text=body", "--raw", str(raw))
    assert code == 0, err
    found = articles(raw)
    meta, body = found["2026-03-02-union-demands-pay-rise"]
    assert meta == {
        "title": "Union demands pay rise",
        "published": dt.date(2026, 3, 2),
        "outlet": "Wire",
        "author": "A. Writer",
        "url": "https://wire.example/1",
        "source": f"{path}#record-1",
        "retrieved": dt.date.fromisoformat(TODAY),
    }
    assert body == f"The union demands a pay rise. {FILLER}\n"
    assert found["2026-03-03-port-no-money"][0]["title"] == "Port: no money"
    assert "author" not in found["2026-03-03-port-no-money"][0]


def test_export_records_without_text_or_date(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text(
        "title,content,when\n"
        f'Good one,"{FILLER}",2026-03-02\n'
        "Empty,,2026-03-02\n"
        f'Undated,"Other text. {FILLER}",\n'
        f'Odd date,"Third text. {FILLER}",next week\n',
        "utf-8",
    )
    raw = tmp_path / "raw"
    code, err, _ = run(capsys, str(path), "--map", "published=when", "--raw", str(raw))
    assert code == 1
    assert err == [
        f"error: {path}#record-2: no text (column 'content' is empty)",
        f"error: {path}#record-3: no publication date (column 'when' is empty); give one with "
        "--published YYYY-MM-DD or name the column with --map published=COLUMN",
        f"error: {path}#record-4: column 'when': 'next week' is not a date (YYYY-MM-DD)",
        "imported 1, skipped 0 (duplicates), refused 3",
    ]
    code, err, _ = run(capsys, str(path), "--map", "text=body", "--raw", str(raw))
    assert err[0] == (
        f"error: {path}: --map text=body: no column 'body' (columns: title, content, when)"
    )
    no_text = tmp_path / "n.csv"
    no_text.write_text("title,date\nA,2026-03-02\n", "utf-8")
    code, err, _ = run(capsys, str(no_text), "--raw", str(raw))
    assert err[0] == (
        f"error: {no_text}: no text column (looked for text, body, content, article; "
        "columns: title, date); name it with --map text=COLUMN"
    )


def test_export_duplicates_a_saved_page_by_text(tmp_path, capsys):
    raw = tmp_path / "raw"
    run(capsys, str(PAGES / "more" / "port-reply.htm"), "--raw", str(raw))
    existing = articles(raw)["2026-03-05-port-authority-answers-the-union"][1]
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": existing.upper(), "date": "2026-03-05"}) + "\n", "utf-8")
    code, err, _ = run(capsys, str(path), "--raw", str(raw))
    assert err[-1] == "imported 0, skipped 1 (duplicates), refused 0"
    assert "(same text)" in err[0]


# --- round trip: import -> build -> stances ---------------------------------------------------


def test_imported_pages_build_into_the_expected_stances(tmp_path, capsys):
    raw = tmp_path / "my-case"
    code, _, _ = run(capsys, str(PAGES), "--raw", str(raw))
    assert code == 0
    shutil.copytree(HARBOR_CODEBOOK, raw / "codebook")
    assert run_build(raw, tmp_path / "out") == 0
    db = tmp_path / "out" / "db" / "stances.duckdb"
    docs = query(db, "SELECT doc_id, title, outlet, url FROM documents ORDER BY doc_id")
    assert list(docs["title"]) == [
        'Dockworkers: "We Want Our Share"',
        "Port Authority answers the union",
    ]
    s = query(db, "SELECT actor_id, demand_id, stance FROM stances WHERE stance <> 'no_position'")
    cells = {(r.actor_id, r.demand_id): r.stance for r in s.itertuples()}
    assert cells[("union", "pay-rise")] == "supports"
    assert cells[("port", "pay-rise")] == "rejects"
