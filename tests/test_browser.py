"""The report in a real browser (Debian's Chromium driven by Playwright): self-contained, one row
per demand and one column per actor, cells reach their evidence, injected markup stays inert text,
no serious accessibility violation, usable at phone width. Writes screenshots under reports/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SEED_RAW, run_build

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
    headers = matrix.locator("thead th").all_inner_texts()
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
