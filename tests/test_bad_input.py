"""Problems are collected, not stopped at: every bad record of every raw file in one report.
(One class of bad input per case is in test_bad_input_catalog.py.)"""

from __future__ import annotations

from conftest import digest, run_build


def test_several_problems_reported_together(raw_copy, tmp_path, capsys):
    out = tmp_path / "out"
    assert run_build(raw_copy, out) == 0
    before = digest(out)
    csv = raw_copy / "codings/putin-peace-terms.csv"
    text = csv.read_text(encoding="utf-8")
    text = text.replace(
        "putin-peace-terms,Russia,sanctions-relief,supports",
        "putin-peace-terms,Russia,sanction-relief,backs",
        1,
    )
    text = text.replace(
        "putin-peace-terms,Kyiv,halt-nato-expansion", "no-such-doc,Kyiv,halt-nato-expansion", 1
    )
    csv.write_text(text, encoding="utf-8")
    art = raw_copy / "articles/putin-peace-terms.md"
    art.write_text(
        art.read_text(encoding="utf-8").replace("outlet: Newslooks", "outlet: [a, b]"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert run_build(raw_copy, out) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {art}:4: field 'outlet': must be a single line of text",
        f"error: {csv}:4: field 'stance': unknown stance 'backs' (use one of: supports, rejects, "
        "ambiguous)",
        f"error: {csv}:13: field 'document': unknown document 'no-such-doc' (no "
        "articles/no-such-doc.md)",
        "3 problems found; nothing was written.",
    ]
    assert digest(out) == before
