"""Property tests: arbitrary input gives a valid result or the tool's own error, never a crash;
normalizing twice changes nothing; sentences tile their document."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import SEED_RAW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.errors import Collector
from pipeline.staging.articles import parse_article
from pipeline.staging.codebook import stage_codebook
from pipeline.staging.codings import _read_csv
from pipeline.staging.sentences import split_sentences
from pipeline.staging.yamlio import YamlProblem, load_yaml
from pipeline.textnorm import fold, locate

YAMLISH = st.text(
    alphabet=st.sampled_from(list("abc:-[]{}#'\"\n 12.,|>&*!%@`?~\t") + ["é", "—"]), max_size=200
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(st.text(max_size=300), YAMLISH.map(lambda t: "---\n" + t + "\n---\nBody.\n")))
def test_front_matter_parser_never_crashes(text):
    problems = Collector()
    row = parse_article(text, "doc", "doc.md", problems)
    assert (row is None) == bool(problems.problems)
    if row is not None:
        assert row["text"].strip() and row["published"]


@SETTINGS
@given(YAMLISH)
def test_yaml_loader_raises_only_its_own_error(text):
    try:
        load_yaml(text, "x.yaml")
    except YamlProblem as exc:
        assert exc.problem.file == "x.yaml"


@SETTINGS
@given(YAMLISH, YAMLISH)
def test_codebook_parser_never_crashes(actors, demands):
    root = Path(tempfile.mkdtemp())
    try:
        (root / "codebook").mkdir()
        (root / "codebook/actors.yaml").write_text("actors:\n" + actors, encoding="utf-8")
        (root / "codebook/demands.yaml").write_text("demands:\n" + demands, encoding="utf-8")
        problems = Collector()
        book = stage_codebook(root, problems)
        assert (book is None) == bool(problems.problems)
    finally:
        shutil.rmtree(root)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            list('ab,"\n\r ') + ["document,actor,demand,stance,quote\n", "supports", "maybe"]
        ),
        max_size=60,
    ).map("".join)
)
def test_codings_parser_never_crashes(text):
    problems, skipped = Collector(), []
    rows = _read_csv(text, "c.csv", "c.csv", problems, skipped)
    for row in rows:
        assert row["stance"] in {"supports", "rejects", "ambiguous"}
        assert all(row[k] for k in ("document", "actor", "demand", "quote"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_a_build_with_any_article_body_fails_only_cleanly(body):
    root = Path(tempfile.mkdtemp())
    try:
        raw = root / "raw"
        shutil.copytree(SEED_RAW, raw)
        (raw / "articles/extra.md").write_text(
            f"---\npublished: 2025-06-01\n---\n{body}", encoding="utf-8"
        )
        code = main(
            [
                "build",
                "--raw",
                str(raw),
                "--db",
                str(root / "o/x.duckdb"),
                "--reports",
                str(root / "o/r"),
            ]
        )
        assert code == (0 if body.strip() and "\x00" not in body else 1)
    finally:
        shutil.rmtree(root)


@given(st.text(max_size=200))
def test_folding_is_idempotent(text):
    once, _ = fold(text)
    assert fold(once)[0] == once


@given(st.text(max_size=200), st.integers(0, 200), st.integers(1, 40))
def test_a_passage_is_always_located_in_its_own_text(text, start, length):
    passage = text[start : start + length]
    if passage.strip():
        span = locate(text, passage)
        assert span is not None
        assert fold(text[span[0] : span[1]])[0].strip() == fold(passage)[0].strip()


@given(
    st.lists(st.sampled_from(list("Ab. !?\n-*1)“”U.S") + ["Mr. ", "- "]), max_size=120).map("".join)
)
def test_sentences_tile_the_text_in_order(text):
    sentences = split_sentences(text, frozenset({"Mr", "U.S"}))
    last_end = 0
    for s in sentences:
        assert last_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == text[s.start : s.end].strip()
        last_end = s.end
