"""Bad input: a non-zero exit, an exact message naming file, line and field, nothing changed."""
from __future__ import annotations


import pytest

from conftest import digest, run_build




def _break_and_build(raw, out, capsys, edit):
    assert run_build(raw, out) == 0
    before = digest(out)
    edit(raw)
    capsys.readouterr()
    code = run_build(raw, out)
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert digest(out) == before  # previous database and report byte-identical
    return err.splitlines()


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_actor_in_coding(raw_copy, tmp_path, capsys):
    csv = raw_copy / "codings/putin-peace-terms.csv"
    lines = _break_and_build(raw_copy, tmp_path / "out", capsys, lambda r: _replace(
        csv, "putin-peace-terms,Russia,sanctions-relief", "putin-peace-terms,Atlantis,sanctions-relief"))
    assert lines[0] == (f"error: {raw_copy}/codings/putin-peace-terms.csv:4: field 'actor': unknown "
                        "actor 'Atlantis' (not an id or alias in codebook/actors.yaml)")
    assert lines[-1] == "1 problem found; nothing was written."


def test_quote_not_in_document(raw_copy, tmp_path, capsys):
    csv = raw_copy / "codings/putin-peace-terms.csv"
    lines = _break_and_build(raw_copy, tmp_path / "out", capsys, lambda r: _replace(
        csv, "Russia also wants sanctions lifted,", "Russia wants sanctions lifted at once,"))
    assert lines[0] == (f"error: {raw_copy}/codings/putin-peace-terms.csv:4: field 'quote': quote not "
                        "found in document 'putin-peace-terms': 'Russia wants sanctions lifted at once'")


def test_missing_published(raw_copy, tmp_path, capsys):
    art = raw_copy / "articles/putin-peace-terms.md"
    lines = _break_and_build(raw_copy, tmp_path / "out", capsys,
                             lambda r: _replace(art, "published: 2025-05-28\n", ""))
    assert lines[0] == (f"error: {art}:2: field 'published': is required (YYYY-MM-DD)")


def test_impossible_date(raw_copy, tmp_path, capsys):
    art = raw_copy / "articles/putin-peace-terms.md"
    lines = _break_and_build(raw_copy, tmp_path / "out", capsys,
                             lambda r: _replace(art, "published: 2025-05-28", "published: 2025-02-30"))
    assert lines[0] == f"error: {art}:3: field 'published': '2025-02-30' is not a real date"


def test_invalid_actor_kind_reports_codebook_line(raw_copy, tmp_path, capsys):
    path = raw_copy / "codebook/actors.yaml"
    lines = _break_and_build(raw_copy, tmp_path / "out", capsys,
                             lambda r: _replace(path, "kind: alliance", "kind: empire"))
    assert lines[0] == (f"error: {path}:23: field 'kind': 'empire' must be one of: state, alliance, "
                        "bloc, person, organization, group")


def test_alias_claimed_twice(raw_copy, tmp_path, capsys):
    path = raw_copy / "codebook/actors.yaml"
    lines = _break_and_build(raw_copy, tmp_path / "out", capsys,
                             lambda r: _replace(path, "[Ukraine, Kyiv,", "[Ukraine, Moscow,"))
    assert lines[0] == (f"error: {path}:16: field 'aliases': alias 'Moscow' is claimed by both "
                        "'russia' (line 4) and 'ukraine'")


def test_several_problems_reported_together(raw_copy, tmp_path, capsys):
    csv = raw_copy / "codings/putin-peace-terms.csv"

    def edit(r):
        _replace(csv, "putin-peace-terms,Russia,sanctions-relief,supports",
                 "putin-peace-terms,Russia,sanction-relief,backs")
        _replace(csv, "putin-peace-terms,Kyiv,halt-nato-expansion", "no-such-doc,Kyiv,halt-nato-expansion")
    lines = _break_and_build(raw_copy, tmp_path / "out", capsys, edit)
    assert lines == [
        f"error: {csv}:4: field 'stance': unknown stance 'backs' (use one of: supports, rejects, "
        "ambiguous)",
        f"error: {csv}:13: field 'document': unknown document 'no-such-doc' (no "
        "articles/no-such-doc.md)",
        "2 problems found; nothing was written.",
    ]


def test_missing_raw_folder(tmp_path, capsys):
    code = run_build(tmp_path / "nowhere", tmp_path / "out")
    assert code == 1
    assert capsys.readouterr().err.splitlines()[0] == f"error: {tmp_path}/nowhere: raw folder not found"
