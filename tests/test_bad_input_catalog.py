"""Every class of bad raw input: exit 1, one exact located message, no traceback, nothing changed.
And inputs that look odd but are valid still build."""

from __future__ import annotations

import shutil

import pytest
from badinputs import CATALOG
from conftest import SEED_RAW, digest, query, run_build


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A good build whose outputs every failed build must leave byte-identical."""
    out = tmp_path_factory.mktemp("previous")
    assert run_build(SEED_RAW, out) == 0
    return out


def test_catalog_has_forty_distinct_classes():
    names = [name for name, _, _ in CATALOG]
    assert len(names) == len(set(names)) >= 40


@pytest.mark.parametrize("name", [name for name, _, _ in CATALOG])
def test_bad_input(name, tmp_path, previous, capsys):
    _, edit, expected = next(entry for entry in CATALOG if entry[0] == name)
    raw = tmp_path / "raw"
    shutil.copytree(SEED_RAW, raw)
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = digest(out)
    edit(raw)
    capsys.readouterr()
    code = run_build(raw, out)
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors[0] == expected.format(raw=raw)
    assert err.splitlines()[-1].endswith("found; nothing was written.")
    assert digest(out) == before
    assert not [p for p in out.rglob(".*tmp-*")]


def _with(tmp_path, edit):
    raw = tmp_path / "raw"
    shutil.copytree(SEED_RAW, raw)
    edit(raw)
    assert run_build(raw, tmp_path / "out") == 0
    return tmp_path / "out/db/stances.duckdb"


def _stances(db):
    return query(db, "SELECT actor_id, demand_id, stance FROM stances ORDER BY ALL")


@pytest.fixture(scope="module")
def reference(previous):
    return _stances(previous / "db/stances.duckdb")


def test_bom_and_crlf_build_the_same(tmp_path, reference):
    def edit(raw):
        for path in list(raw.rglob("*.md")) + list(raw.rglob("*.yaml")) + list(raw.rglob("*.csv")):
            text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
            path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))

    db = _with(tmp_path, edit)
    assert _stances(db).equals(reference)
    text = query(db, "SELECT text FROM documents")["text"][0]
    assert "\r" not in text and not text.startswith("\ufeff")


def test_quote_style_whitespace_and_alias_case_are_forgiven(tmp_path):
    def edit(raw):
        (raw / "codings").joinpath("putin-peace-terms.csv").write_text(
            "document,actor,demand,stance,quote,extra column\n"
            "putin-peace-terms,THE KREMLIN,ukraine-neutrality,Supports,"
            '"Ukraine\'s   neutrality,\n ensuring it does not join",whatever\n',
            encoding="utf-8",
        )

    db = _with(tmp_path, edit)
    c = query(db, "SELECT actor_id, stance, quote FROM claims WHERE origin = 'coded'")
    assert list(c.itertuples(index=False, name=None)) == [
        ("russia", "supports", "Ukraine’s neutrality, ensuring it does not join")
    ]


def test_absent_codings_folder_builds_from_extraction(tmp_path):
    db = _with(tmp_path, lambda raw: shutil.rmtree(raw / "codings"))
    origins = query(db, "SELECT DISTINCT origin FROM claims")
    assert list(origins["origin"]) == ["extracted"]
