"""The extractor on small inline articles: one behaviour per case, exact claims expected."""
from __future__ import annotations

import pytest

from pipeline.build import raw_lexicon, run_staging
from pipeline.core.extract import extract_claims
from pipeline.core.patterns import build_patterns

ACTORS = """actors:
  - {id: union, name: Dockers Union, kind: group, aliases: [the union, dockers]}
  - {id: diaz, name: Ana Diaz, kind: person, part_of: union, aliases: [Diaz]}
  - {id: acme, name: Acme, kind: organization, aliases: [the company, management]}
  - {id: city, name: City Hall, kind: organization, aliases: [the mayor's office]}
"""
DEMANDS = """demands:
  - {id: raise, label: Pay rise, terms: [pay rise, wage increase], opposite_terms: [wage freeze]}
  - {id: shifts, label: Longer shifts, terms: [longer shifts]}
  - {id: robots, label: Automation limits, terms: [automation limits]}
"""


def extract(tmp_path, body: str, lexicon: str | None = None):
    raw = tmp_path / "raw"
    (raw / "articles").mkdir(parents=True)
    (raw / "codebook").mkdir()
    (raw / "codebook/actors.yaml").write_text(ACTORS, encoding="utf-8")
    (raw / "codebook/demands.yaml").write_text(DEMANDS, encoding="utf-8")
    if lexicon:
        (raw / "codebook/lexicon.yaml").write_text(lexicon, encoding="utf-8")
    (raw / "articles/a.md").write_text(f"---\npublished: 2026-01-01\n---\n{body}\n", encoding="utf-8")
    lx = raw_lexicon(raw)
    f = run_staging(raw, lx)
    return extract_claims(f["documents"], f["sentences"], f["actors"],
                          build_patterns(lx, f["actor_aliases"], f["demand_terms"]))


CASES = {
    "plain demand": ("The union demands a pay rise.", {("union", "raise", "supports")}),
    "negated support": ("Acme does not accept a pay rise.", {("acme", "raise", "rejects")}),
    "negated rejection": ("Acme is not opposed to a pay rise.", {("acme", "raise", "supports")}),
    "partial negation is a hedge": ("Acme is not entirely opposed to a pay rise.",
                                    {("acme", "raise", "ambiguous")}),
    "hedge": ("Acme hinted at a wage increase.", {("acme", "raise", "ambiguous")}),
    "opposite term reverses": ("The union called any wage freeze unacceptable.",
                               {("union", "raise", "supports")}),
    "condition, and a demand inside it is no stance": (
        "Acme accepts a pay rise, but only if the union accepts longer shifts.",
        {("acme", "raise", "ambiguous")}),
    "list items inherit the lead": (
        "The union is seeking:\n- a pay rise;\n- automation limits.",
        {("union", "raise", "supports"), ("union", "robots", "supports")}),
    "pronoun refers to the last fitting actor": (
        "Ana Diaz spoke on Monday. She rejected longer shifts.", {("diaz", "shifts", "rejects")}),
    "actors joined by and share the cue": (
        "The union and City Hall back a pay rise.",
        {("union", "raise", "supports"), ("city", "raise", "supports")}),
    "no cue, no claim": ("Talks with the union on a pay rise resumed.", set()),
    "object of a preposition is not the speaker": (
        "After talks with Acme, the union demanded automation limits.",
        {("union", "robots", "supports")}),
    "reverser between cue and demand": ("The union refuses to give up automation limits.",
                                        {("union", "robots", "supports")}),
    "cue after the demand, agent after by": ("A pay rise was rejected by Acme.",
                                             {("acme", "raise", "rejects")}),
    "modal with negation": ("Acme will not introduce automation limits.",
                            {("acme", "robots", "rejects")}),
    "a superseded position is not evidence": (
        "Acme, which had opposed a pay rise for years, now backs it.", {("acme", "raise", "supports")}),
    "back-reference to the demand named before": (
        "The union wants a pay rise. City Hall backed the demand.",
        {("union", "raise", "supports"), ("city", "raise", "supports")}),
    "but-clause qualification makes it ambiguous": (
        "Acme welcomed the pay rise but said it must be fully funded.",
        {("acme", "raise", "ambiguous")}),
    "mixed stances in one sentence are ambiguous": (
        "Acme rejected automation limits but hinted at automation limits for night shifts.",
        {("acme", "robots", "ambiguous")}),
    "a counter-offer is not the demand": ("The union rejected the company's wage increase offer.",
                                          set()),
    "a reverser right after the demand": ("The union wants automation limits scrapped.",
                                          {("union", "robots", "rejects")}),
    "evaluative word after the demand": ("Acme called a wage freeze essential.",
                                         {("acme", "raise", "rejects")}),
    "softened opposition is ambiguous": ("Acme softened its opposition to a pay rise.",
                                         {("acme", "raise", "ambiguous")}),
    "anonymous source, actor inside the attribution is not the speaker": (
        "According to sources close to Acme, the union wants a pay rise.",
        {("union", "raise", "supports")}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_extraction_case(tmp_path, name):
    body, expected = CASES[name]
    got = {(c["actor_id"], c["demand_id"], c["stance"]) for c in extract(tmp_path, body)}
    assert got == expected


def test_evidence_fields(tmp_path):
    body = "According to sources close to Acme, the union wants a pay rise, but only if talks resume."
    [c] = extract(tmp_path, body)
    assert c["quote"] == body
    assert c["attribution_kind"] == "anonymous"
    assert c["attribution"] == "According to sources close to Acme"
    assert c["condition"] == "but only if talks resume"
    assert c["stance"] == "ambiguous"
    assert c["cue"] == "wants" and c["demand_term"] == "pay rise"
    assert c["top_actor_id"] == "union" and c["confidence"] < 0.9


def test_codebook_lexicon_extends_the_cues(tmp_path):
    body = "The union clamoured for a pay rise."
    assert extract(tmp_path, body) == []
    got = extract(tmp_path / "b", body, lexicon="extra_support: [clamour for, clamoured for]\n")
    assert [(c["actor_id"], c["stance"]) for c in got] == [("union", "supports")]


def test_parallel_extraction_equals_serial(tmp_path, monkeypatch):
    from pipeline.bench import generate
    from pipeline.core import extract as ex

    raw = tmp_path / "bench"
    generate(ex.PARALLEL_MIN_DOCS + 20, raw, paragraphs=8)
    lx = raw_lexicon(raw)
    f = run_staging(raw, lx)
    patterns = build_patterns(lx, f["actor_aliases"], f["demand_terms"])
    monkeypatch.setenv("STANCEMAP_WORKERS", "1")
    serial = extract_claims(f["documents"], f["sentences"], f["actors"], patterns)
    monkeypatch.setenv("STANCEMAP_WORKERS", "2")
    parallel = extract_claims(f["documents"], f["sentences"], f["actors"], patterns)
    assert len(serial) > 500
    assert parallel == serial
