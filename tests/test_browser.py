"""The report in a real browser (Debian's Chromium driven by Playwright): self-contained, one row
per demand and one column per actor, cells reach their evidence, injected markup stays inert text,
no serious accessibility violation, usable at phone width; and on a large, dense corpus (25 actors
× 40 demands, ~2,300 claims) the page stays under 2 MB, its header row and demand column stick
while the matrix scrolls, category groups fold without script. Writes screenshots (and the large
page's load time) under reports/screenshots/."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED_RAW, run_build
from largecorpus import N_ACTORS, N_DEMANDS, write_large_raw

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium not installed (make test installs it)", allow_module_level=True)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    assert run_build(SEED_RAW, out) == 0
    return out / "reports/index.html"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """Markup, scripts and event handlers in every text field a raw folder can carry."""
    root = tmp_path_factory.mktemp("hostile")
    raw = root / "raw"
    shutil.copytree(SEED_RAW, raw)
    art = raw / "articles/putin-peace-terms.md"
    text = art.read_text(encoding="utf-8")
    text = text.replace('title: "Putin’s', f'title: "{HOSTILE.replace(chr(34), chr(39))} Putin’s')
    text = text.replace("outlet: Newslooks", f"outlet: '{HOSTILE}'")
    text = text.replace("language: en", 'url: "javascript:window.__pwned=3"\nlanguage: en')
    text = text.replace(
        "Russia also wants sanctions lifted", f"Russia {HOSTILE} also wants sanctions lifted"
    )
    art.write_text(text, encoding="utf-8")
    for rel, old, new in (
        ("codebook/actors.yaml", "name: NATO\n", f"name: '{HOSTILE}'\n"),
        ("codebook/demands.yaml", "label: Lifting of Western sanctions", f"label: '{HOSTILE}'"),
        ("codebook/demands.yaml", "category: rights", f"category: '{HOSTILE}'"),
        ("codebook/actors.yaml", "aliases: [NATO,", f"aliases: ['{HOSTILE}', NATO,"),
    ):
        path = raw / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    csv = raw / "codings/putin-peace-terms.csv"
    quoted = HOSTILE.replace('"', '""')
    rows = [
        r
        for r in csv.read_text(encoding="utf-8").splitlines(keepends=True)
        if "and protections for Russian speakers.,reporter" not in r
    ]
    csv.write_text(
        "".join(rows)
        .replace(
            "Russia also wants sanctions lifted,", f'"Russia {quoted} also wants sanctions lifted",'
        )
        .replace(",seed-analyst,", f',"{quoted}",', 1),
        encoding="utf-8",
    )
    assert run_build(raw, root) == 0
    return root / "reports/index.html"


def _open(browser, path: Path, **context):
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    requests = []

    def route(r):
        if not r.request.url.startswith("file://"):
            requests.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.goto(path.as_uri())
    return ctx, page, requests


def test_page_is_self_contained(browser, site):
    ctx, page, requests = _open(browser, site)
    assert page.title() == "Who demands what: stance matrix"
    assert requests == []
    assert page.locator("script").count() == 0
    ctx.close()


def test_matrix_shape_and_cells(browser, site):
    ctx, page, _ = _open(browser, site)
    matrix = page.locator("#stance-matrix")
    assert matrix.locator("tbody th.gt_row").count() == 6  # one row per demand
    assert matrix.locator("details.mgroup").count() == 4  # one folding table per category
    headers = matrix.locator("thead").first.locator("th").all_inner_texts()
    assert [h.strip() for h in headers[1:]] == [
        "Russia",
        "Ukraine",
        "NATO",
        "United States",
        "European governments",
    ]
    assert matrix.locator("tbody .cell").count() == 30
    first = matrix.locator("tbody tr").nth(1).locator(".cell").first
    assert "supports" in first.inner_text()
    ctx.close()


def test_clicking_a_cell_reaches_its_evidence(browser, site):
    ctx, page, _ = _open(browser, site)
    page.locator('a.cell[href="#ev-ukraine--ukraine-neutrality"]').click()
    assert page.url.endswith("#ev-ukraine--ukraine-neutrality")
    target = page.locator("#ev-ukraine--ukraine-neutrality")
    assert target.is_visible()
    assert "Kyiv has repeatedly rejected the idea of compromising" in target.inner_text()
    box = target.bounding_box()
    assert box is not None and -1 <= box["y"] < page.viewport_size["height"]
    ctx.close()


def test_injected_markup_stays_inert_text(browser, hostile_site):
    ctx, page, requests = _open(browser, hostile_site)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    assert page.locator("[onerror]").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    body = page.locator("body").inner_text()
    assert "<script>window.__pwned=1</script>" in body
    assert requests == []
    ctx.close()


def test_no_serious_accessibility_violation(browser, site):
    from axe_playwright_python.sync_playwright import Axe

    ctx, page, _ = _open(browser, site)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"]) for v in bad]
    ctx.close()


def test_pictures_render_with_accessible_names(browser, site):
    from axe_playwright_python.sync_playwright import Axe

    ctx, page, requests = _open(browser, site)
    svgs = page.locator("#pictures figure.picture svg")
    assert svgs.count() == 3
    for i in range(3):
        box = svgs.nth(i).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100
    for name in ("Heat map of agreement", "Timeline of stances", "Network of congruence"):
        assert page.get_by_role("img", name=re.compile(name)).count() == 1
    assert requests == []
    results = Axe().run(page, context="#pictures")
    assert results.response["violations"] == [], [
        (v["id"], v["help"]) for v in results.response["violations"]
    ]
    ctx.close()


def test_phone_width_and_screenshots(browser, site):
    ctx, page, _ = _open(browser, site, viewport={"width": 375, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1  # the matrix scrolls inside its own box, the page does not
    shots = ROOT / "reports" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "matrix-phone.png"))
    ctx.close()
    ctx, page, _ = _open(browser, site, viewport={"width": 1280, "height": 900})
    page.locator("#stance-matrix").screenshot(path=str(shots / "matrix.png"))
    pdf = page.pdf()  # the print stylesheet gives a legible document
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    ctx.close()


# The large corpus ------------------------------------------------------------------------------

SHOTS = ROOT / "reports" / "screenshots"
PAGE_BUDGET = 2_000_000  # bytes


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    """25 actors × 40 demands, 300 articles, ~2,300 claims: built once for the tests below."""
    root = tmp_path_factory.mktemp("large")
    raw = write_large_raw(root / "raw")
    assert run_build(raw, root) == 0
    return root / "reports/index.html"


def _box(page, selector: str) -> dict:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {x: r.x, y: r.y, w: r.width, h: r.height}; }",
        selector,
    )


def _on_top(page, selector: str) -> bool:
    """The element is what the reader sees at its centre (not covered, not scrolled away)."""
    return page.evaluate(
        "s => { const e = document.querySelector(s); const r = e.getBoundingClientRect();"
        " const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
        " return hit !== null && (hit === e || e.contains(hit)); }",
        selector,
    )


def test_large_page_loads_small_and_without_script(browser, large_site):
    size = large_site.stat().st_size
    assert size <= PAGE_BUDGET, f"{size:,} bytes"
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    requests = []
    page.route(
        "**/*",
        lambda r: (
            (requests.append(r.request.url), r.abort())
            if not r.request.url.startswith("file://")
            else r.continue_()
        ),
    )
    start = time.perf_counter()
    page.goto(large_site.as_uri(), wait_until="load")
    wall = time.perf_counter() - start
    timing = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd}; }"
    )
    assert requests == [] and page.locator("script").count() == 0
    matrix = page.locator("#stance-matrix")
    assert matrix.locator("tbody th.gt_stub").count() == N_DEMANDS
    assert matrix.locator("thead").first.locator("th").count() == N_ACTORS + 1
    assert matrix.locator("tbody td").count() == N_ACTORS * N_DEMANDS
    SHOTS.mkdir(parents=True, exist_ok=True)
    matrix.screenshot(path=str(SHOTS / "matrix-large.png"))
    (SHOTS / "large-load.txt").write_text(
        f"large report ({N_ACTORS} actors x {N_DEMANDS} demands, "
        f"{page.locator('li.claim').count()} claims on the page): {size:,} bytes\n"
        f"Chromium (headless, file://, 1280x900): DOMContentLoaded {timing['dom']:.0f} ms, "
        f"load {timing['load']:.0f} ms; goto() wall time {wall * 1000:.0f} ms\n",
        encoding="utf-8",
    )
    ctx.close()


def test_large_matrix_header_row_sticks_on_vertical_scroll(browser, large_site):
    ctx, page, _ = _open(browser, large_site, viewport={"width": 1280, "height": 900})
    page.locator("#stance-matrix").scroll_into_view_if_needed()
    header = "#matrix-1 thead th:nth-child(2)"
    row = "#matrix-1 tbody tr:nth-child(6) th"
    wrap, head0, row0 = (_box(page, s) for s in ("#stance-matrix", header, row))
    page.evaluate("document.getElementById('stance-matrix').scrollTop = 250")
    head1, row1 = _box(page, header), _box(page, row)
    assert row1["y"] == pytest.approx(row0["y"] - 250, abs=2)  # the rows did scroll
    assert head1["y"] == pytest.approx(wrap["y"] + 1, abs=2)  # the header sits at the box's top
    assert head0["y"] - head1["y"] < 60  # moved at most by the category line above it
    assert _on_top(page, header)
    # far down, in a later category, that category's header row holds the top of the box
    top = page.evaluate(
        "() => { const w = document.getElementById('stance-matrix');"
        " const row = document.querySelector('#matrix-3 tbody tr:nth-child(4)');"
        " w.scrollTop += row.getBoundingClientRect().top - w.getBoundingClientRect().top;"
        " const r = w.getBoundingClientRect();"
        " const h = document.elementFromPoint(r.x + 300, r.y + 6);"
        " return h && h.closest('thead') ? h.closest('div[id^=matrix-]').id : null; }"
    )
    assert top == "matrix-3"
    ctx.close()


def test_large_matrix_first_column_sticks_on_horizontal_scroll(browser, large_site):
    # 25 actors make a compact matrix that fits 1,280 px: a narrower window makes it scroll
    ctx, page, _ = _open(browser, large_site, viewport={"width": 700, "height": 900})
    page.locator("#stance-matrix").scroll_into_view_if_needed()
    stub = "#matrix-1 tbody tr:nth-child(2) th"
    cell = "#matrix-1 tbody tr:nth-child(2) td:nth-of-type(3)"
    assert page.evaluate(
        "() => { const w = document.getElementById('stance-matrix');"
        " return w.scrollWidth > w.clientWidth; }"
    )
    stub0, cell0 = _box(page, stub), _box(page, cell)
    page.evaluate("document.getElementById('stance-matrix').scrollLeft = 200")
    stub1, cell1 = _box(page, stub), _box(page, cell)
    assert cell1["x"] == pytest.approx(cell0["x"] - 200, abs=2)
    assert stub1["x"] == pytest.approx(stub0["x"], abs=2)
    assert _on_top(page, stub)
    assert _on_top(page, "#matrix-1 thead th:first-child")  # the corner stays too
    ctx.close()


def test_large_matrix_category_folds_and_unfolds(browser, large_site):
    ctx, page, _ = _open(browser, large_site, viewport={"width": 1280, "height": 900})
    group = page.locator("#stance-matrix details.mgroup").nth(1)
    rows = group.locator("tbody tr")
    assert group.get_attribute("open") is not None and rows.first.is_visible()
    later = page.locator("#matrix-3 tbody th").first
    x_before = later.bounding_box()["x"]
    group.locator("summary").click()
    assert group.get_attribute("open") is None
    assert rows.count() > 0 and not rows.first.is_visible() and not rows.last.is_visible()
    assert later.is_visible() and later.bounding_box()["x"] == pytest.approx(x_before, abs=1)
    group.locator("summary").click()
    assert group.get_attribute("open") is not None and rows.first.is_visible()
    ctx.close()


def test_large_matrix_cell_reaches_its_evidence(browser, large_site):
    ctx, page, _ = _open(browser, large_site, viewport={"width": 1280, "height": 900})
    link = page.locator("#matrix-4 a.cell").nth(30)
    href = link.get_attribute("href")
    assert href is not None and href.startswith("#ev-")
    link.click()
    assert page.url.endswith(href)
    target = page.locator(href)
    assert target.locator("li.claim").count() >= 1
    box = target.bounding_box()
    assert box is not None and -1 <= box["y"] < page.viewport_size["height"]
    ctx.close()


def test_large_page_says_what_evidence_is_left_out(browser, large_site):
    ctx, page, _ = _open(browser, large_site)
    note = page.locator("#evidence p.cap")
    assert re.search(r"\d+ cells have more, [\d,]+ claims in all are left out", note.inner_text())
    assert note.locator('a[href="data/claims.csv"]').count() == 1
    busiest = page.locator("#ev-actor-00--demand-00 li.more")
    assert re.fullmatch(r"and \d+ earlier claims, in data/claims.csv", busiest.inner_text())
    ctx.close()


def test_large_page_has_no_serious_accessibility_violation(browser, large_site):
    from axe_playwright_python.sync_playwright import Axe

    ctx, page, _ = _open(browser, large_site)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"]) for v in bad]
    ctx.close()
