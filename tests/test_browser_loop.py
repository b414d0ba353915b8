"""The analyst's loop in a real browser: the review worksheet's marked passages, the "Changed
since the last build" and "Coder agreement" sections, each rendered and saved as a screenshot
under reports/screenshots/ (on the double-coded harbour fixture, after one article changed)."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, ROOT, run_build
from test_browser import ARGS, CHROMIUM, browser  # noqa: F401  (the fixture is used by name)

from pipeline.cli import main

SHOTS = ROOT / "reports" / "screenshots"


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    root = tmp_path_factory.mktemp("loop")
    raw = root / "raw"
    shutil.copytree(FIXTURES / "harbor-coded", raw)
    assert run_build(raw, root / "out") == 0
    art = raw / "articles/harbor-deal-near.md"
    art.write_text(
        art.read_text(encoding="utf-8") + "Mayor Lena Brandt now rejects the pay rise.\n",
        encoding="utf-8",
    )
    assert run_build(raw, root / "out") == 0
    assert main(["review", "--raw", str(raw), "--out", str(root / "review/worksheet.csv")]) == 0
    return root / "out/reports/index.html", root / "review/worksheet.html"


def _shot(page, selector: str, name: str) -> str:
    element = page.locator(selector)
    assert element.is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    element.screenshot(path=str(SHOTS / name))
    return element.inner_text()


def test_changes_and_agreement_sections(browser, loop):  # noqa: F811
    page = browser.new_page()
    page.goto(loop[0].as_uri())
    changes = _shot(page, "#changes", "changes-section.png")
    assert "City of Harborview" in changes and "now rejects the pay rise" in changes
    agreement = _shot(page, "#reliability", "coder-agreement-section.png")
    assert "0.32" in agreement  # overall alpha of ana and ben, pinned in test_reliability.py
    page.close()


def test_worksheet_marks_actor_cue_and_term(browser, loop):  # noqa: F811
    page = browser.new_page()
    page.goto(loop[1].as_uri())
    assert page.locator("mark.actor").count() > 0 and page.locator("mark.cue").count() > 0
    assert page.locator("mark.term").count() > 0
    _shot(page, "table", "review-worksheet.png")
    page.close()
