"""The extractor on small inline articles: one behaviour per case, exact claims expected.

The classes of issue 9 (scope, who speaks, passive agents, frames across sentences, primary
documents, nominal cues, non-actors) each have invented sentences of that shape."""

from __future__ import annotations

import pytest

from pipeline.build import raw_lexicon, run_staging
from pipeline.nlp.extract import PARALLEL_MIN_DOCS, Extractor, extract_claims

ACTORS = """actors:
  - {id: union, name: Dockers Union, kind: group, aliases: [the union, dockers]}
  - {id: diaz, name: Ana Diaz, kind: person, part_of: union, aliases: [Diaz]}
  - {id: acme, name: Acme, kind: organization, aliases: [the company, management]}
  - {id: city, name: City Hall, kind: organization, aliases: [the mayor's office]}
  - {id: ministry, name: Finance Ministry, kind: organization, aliases: [the finance ministry,
     the finance minister]}
  - {id: mediator, name: Mediator, kind: person, aliases: [the mediator]}
"""
DEMANDS = """demands:
  - {id: raise, label: Pay rise, terms: [pay rise, wage increase], opposite_terms: [wage freeze]}
  - {id: shifts, label: Longer shifts, terms: [longer shifts]}
  - {id: robots, label: Automation limits, terms: [automation limits]}
  - {id: fuel-tax, label: Scrap the fuel tax, terms: [scrap the fuel tax]}
  - {id: cap, label: A 5% cap on bonuses, terms: [5% cap]}
  - {id: amnesty, label: An amnesty, terms: [amnesty]}
  - {id: release, label: Release of prisoners, terms: [release of prisoners, free the prisoners]}
  - {id: election, label: An early election, terms: [early election]}
"""


def extract(tmp_path, body: str, lexicon: str | None = None, front: str = ""):
    raw = tmp_path / "raw"
    (raw / "articles").mkdir(parents=True)
    (raw / "codebook").mkdir()
    (raw / "codebook/actors.yaml").write_text(ACTORS, encoding="utf-8")
    (raw / "codebook/demands.yaml").write_text(DEMANDS, encoding="utf-8")
    if lexicon:
        (raw / "codebook/lexicon.yaml").write_text(lexicon, encoding="utf-8")
    (raw / "articles/a.md").write_text(
        f"---\npublished: 2026-01-01\n{front}---\n{body}\n", encoding="utf-8"
    )
    lx = raw_lexicon(raw)
    f = run_staging(raw, lx)
    return extract_claims(
        f["documents"],
        f["sentences"],
        Extractor(lx, f["actors"], f["actor_aliases"], f["demand_terms"]),
    )


CASES = {
    "plain demand": ("The union demands a pay rise.", {("union", "raise", "supports")}),
    "negated support": ("Acme does not accept a pay rise.", {("acme", "raise", "rejects")}),
    "negated rejection": ("Acme is not opposed to a pay rise.", {("acme", "raise", "supports")}),
    "partial negation is a hedge": (
        "Acme is not entirely opposed to a pay rise.",
        {("acme", "raise", "ambiguous")},
    ),
    "hedge": ("Acme hinted at a wage increase.", {("acme", "raise", "ambiguous")}),
    "opposite term reverses": (
        "The union called any wage freeze unacceptable.",
        {("union", "raise", "supports")},
    ),
    # the condition is the demand of the one who sets it; the union named in it says nothing
    "condition: the setter's demand, no stance for the one it names": (
        "Acme accepts a pay rise, but only if the union accepts longer shifts.",
        {("acme", "raise", "ambiguous"), ("acme", "shifts", "supports")},
    ),
    "list items inherit the lead": (
        "The union is seeking:\n- a pay rise;\n- automation limits.",
        {("union", "raise", "supports"), ("union", "robots", "supports")},
    ),
    "pronoun refers to the last fitting actor": (
        "Ana Diaz spoke on Monday. She rejected longer shifts.",
        {("diaz", "shifts", "rejects")},
    ),
    "actors joined by and share the cue": (
        "The union and City Hall back a pay rise.",
        {("union", "raise", "supports"), ("city", "raise", "supports")},
    ),
    "no cue, no claim": ("Talks with the union on a pay rise resumed.", set()),
    "object of a preposition is not the speaker": (
        "After talks with Acme, the union demanded automation limits.",
        {("union", "robots", "supports")},
    ),
    "reverser between cue and demand": (
        "The union refuses to give up automation limits.",
        {("union", "robots", "supports")},
    ),
    "cue after the demand, agent after by": (
        "A pay rise was rejected by Acme.",
        {("acme", "raise", "rejects")},
    ),
    "the actor's own refusal in the future tense is a rejection (issue 18)": (
        "Acme will not introduce automation limits.",
        {("acme", "robots", "rejects")},
    ),
    "a prediction about another actor is no stance": (
        "Acme said the mediator will introduce automation limits.",
        set(),
    ),
    "a superseded position is not evidence": (
        "Acme, which had opposed a pay rise for years, now backs it.",
        {("acme", "raise", "supports")},
    ),
    "back-reference to the demand named before": (
        "The union wants a pay rise. City Hall backed the demand.",
        {("union", "raise", "supports"), ("city", "raise", "supports")},
    ),
    "but-clause qualification makes it ambiguous": (
        "Acme welcomed the pay rise but said it must be fully funded.",
        {("acme", "raise", "ambiguous")},
    ),
    "mixed stances in one sentence are ambiguous": (
        "Acme rejected automation limits but hinted at automation limits for night shifts.",
        {("acme", "robots", "ambiguous")},
    ),
    "a counter-offer is not the demand": (
        "The union rejected the company's wage increase offer.",
        set(),
    ),
    "a reverser right after the demand": (
        "The union wants automation limits scrapped.",
        {("union", "robots", "rejects")},
    ),
    "evaluative word after the demand": (
        "Acme called a wage freeze essential.",
        {("acme", "raise", "rejects")},
    ),
    "softened opposition is ambiguous": (
        "Acme softened its opposition to a pay rise.",
        {("acme", "raise", "ambiguous")},
    ),
    "anonymous source, actor inside the attribution is not the speaker": (
        "According to sources close to Acme, the union wants a pay rise.",
        {("union", "raise", "supports")},
    ),
    # 1. scope: a cue inside a phrase that another verb governs
    "scope: turned down calls to do X": (
        "The finance minister turned down calls to scrap the fuel tax.",
        {("ministry", "fuel-tax", "rejects")},
    ),
    "scope: voted down another's proposal": (
        "The union voted down the company's proposal to introduce longer shifts.",
        {("union", "shifts", "rejects"), ("acme", "shifts", "supports")},
    ),
    # 2. who speaks: the object of a control verb says nothing
    "control verb: the one who presses supports": (
        "The mediator pressed the union to accept longer shifts.",
        {("mediator", "shifts", "supports")},
    ),
    "participle agent holds the position": (
        "The union rejected the 5% cap favoured by the finance ministry.",
        {("union", "cap", "rejects"), ("ministry", "cap", "supports")},
    ),
    "a passive without agent names nobody": (
        "Dockers fear they will be told to accept longer shifts.",
        set(),
    ),
    # 3. passive agents
    "passive agent": (
        "Longer shifts were approved by the union and City Hall.",
        {("union", "shifts", "supports"), ("city", "shifts", "supports")},
    ),
    # 4. frames across sentences
    "frame: precondition, their demands, a list": (
        "The union wants an amnesty as a precondition for talks. A second precondition is the "
        "release of prisoners. Their demands further include automation limits.",
        {
            ("union", "amnesty", "supports"),
            ("union", "release", "supports"),
            ("union", "robots", "supports"),
        },
    ),
    "frame: a text's list takes the speaker named before": (
        "The union issued a statement on Monday. The statement lists the following:\n"
        "- a pay rise;\n- automation limits.",
        {("union", "raise", "supports"), ("union", "robots", "supports")},
    ),
    # 6. nominal and possessive cues
    "possessive carrier noun": (
        "Acme rejected the union's demand for automation limits.",
        {("acme", "robots", "rejects"), ("union", "robots", "supports")},
    ),
    "the owner drops its own position noun": (
        "Acme has dropped its opposition to a pay rise.",
        {("acme", "raise", "supports")},
    ),
    "the owner keeps its demand": (
        "The union said it would not drop its demand for automation limits.",
        {("union", "robots", "supports")},
    ),
    "a verb above an unowned position noun speaks": (
        "The union slammed the plans for longer shifts.",
        {("union", "shifts", "rejects")},
    ),
    "a participle after a preposition shares the main verb's subject": (
        "The union opened the talks by calling for automation limits.",
        {("union", "robots", "supports")},
    ),
    "support of deputies is no actor's support": (
        "A budget motion with a pay rise has the support of 60 deputies.",
        set(),
    ),
    # 7. non-actors
    "polls and analysts are not parties": (
        "Two-thirds of surveyed voters oppose a pay rise, and analysts back automation limits.",
        set(),
    ),
    "reported speech: the sayer holds a subjectless verdict": (
        "Longer shifts are unacceptable, the union said.",
        {("union", "shifts", "rejects")},
    ),
}

ISSUED = {
    # 5. primary documents: provisions are the issuer's, whoever the sentence makes its subject
    "provisions of an offer": (
        "The union agrees to accept longer shifts for six months.\n"
        "Automation limits will be introduced in 2027.\n"
        "We will not agree to a pay rise.",
        {
            ("acme", "shifts", "supports"),
            ("acme", "robots", "supports"),
            ("acme", "raise", "rejects"),
        },
    ),
    "another's demand named in the offer stays theirs": (
        "The union's demand for automation limits would cost jobs.",
        {("union", "robots", "supports")},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_extraction_case(tmp_path, name):
    body, expected = CASES[name]
    got = {(c["actor_id"], c["demand_id"], c["stance"]) for c in extract(tmp_path, body)}
    assert got == expected


@pytest.mark.parametrize("name", list(ISSUED))
def test_issued_document_case(tmp_path, name):
    body, expected = ISSUED[name]
    got = {
        (c["actor_id"], c["demand_id"], c["stance"])
        for c in extract(tmp_path, body, front="issued_by: acme\n")
    }
    assert got == expected


def test_evidence_fields(tmp_path):
    body = (
        "According to sources close to Acme, the union wants a pay rise, but only if talks resume."
    )
    [c] = extract(tmp_path, body)
    assert c["quote"] == body
    assert c["attribution_kind"] == "anonymous"
    assert c["attribution"] == "According to sources close to Acme"
    assert c["condition"] == "only if talks resume"
    assert c["stance"] == "ambiguous"
    assert c["cue"] == "wants" and c["demand_term"] == "pay rise"
    assert c["top_actor_id"] == "union" and c["confidence"] < 0.9


def test_codebook_lexicon_extends_the_cues(tmp_path):
    body = "The union hankered after a pay rise."
    assert extract(tmp_path, body) == []
    got = extract(tmp_path / "b", body, lexicon="extra_support: [hanker after]\n")
    assert [(c["actor_id"], c["stance"]) for c in got] == [("union", "supports")]


def test_parallel_extraction_equals_serial(tmp_path, monkeypatch):
    from pipeline.bench import generate

    raw = tmp_path / "bench"
    generate(PARALLEL_MIN_DOCS + 20, raw, paragraphs=8)
    lx = raw_lexicon(raw)
    f = run_staging(raw, lx)
    ex = Extractor(lx, f["actors"], f["actor_aliases"], f["demand_terms"])
    monkeypatch.setenv("STANCEMAP_WORKERS", "1")
    serial = extract_claims(f["documents"], f["sentences"], ex)
    monkeypatch.setenv("STANCEMAP_WORKERS", "2")
    parallel = extract_claims(f["documents"], f["sentences"], ex)
    assert len(serial) > 500
    assert parallel == serial
