"""`codebook check`: one small raw folder per warning, the exact lines it prints, the build's
count line, and the bundled case."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_RAW, run_build

from pipeline.cli import main

ACTORS = """\
actors:
  - id: union
    name: Dockers Union
    kind: group
    aliases: [the union]
  - id: port
    name: Port Authority
    kind: organization
    aliases: [the port]
"""
DEMANDS = """\
demands:
  - id: pay-rise
    label: Pay rise
    raised_by: [union]
    terms: [pay rise]
    opposite_terms: [wage freeze]
"""
TEXT = (
    "The union wants a pay rise. The port proposed a wage freeze. "
    "Dockers Union and Port Authority met on Monday."
)
OWNER = (
    'inside the term it names no speaker, and where it owns a position noun ("X\'s call") '
    "extraction takes {0} to support the demand"
)
CUE = "inside a term it is read as part of the term, not as a stance"


def _raw(
    tmp_path: Path,
    actors: str = ACTORS,
    demands: str = DEMANDS,
    text: str = TEXT,
    lexicon: str | None = None,
) -> Path:
    raw = tmp_path / "raw"
    (raw / "codebook").mkdir(parents=True)
    (raw / "articles").mkdir()
    (raw / "codebook/actors.yaml").write_text(actors, encoding="utf-8")
    (raw / "codebook/demands.yaml").write_text(demands, encoding="utf-8")
    if lexicon is not None:
        (raw / "codebook/lexicon.yaml").write_text(lexicon, encoding="utf-8")
    (raw / "articles/talks.md").write_text(
        f"---\ntitle: Talks\npublished: 2026-03-20\n---\n{text}\n", encoding="utf-8"
    )
    return raw


def _check(raw: Path, capsys) -> list[str]:
    capsys.readouterr()
    assert main(["codebook", "check", "--raw", str(raw)]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_clean_codebook_has_no_warnings(tmp_path, capsys):
    assert _check(_raw(tmp_path), capsys) == ["codebook check: no warnings"]


def test_term_containing_an_alias(tmp_path, capsys):
    actors = ACTORS + "  - id: us\n    name: US\n    kind: state\n"
    demands = DEMANDS.replace("[pay rise]", "[pay rise, the union's strike, help us rebuild]")
    text = TEXT + " The union's strike went on. The US said the port should help us rebuild."
    raw = _raw(tmp_path, actors, demands, text)
    # "us" is no alias of US: a short all-capital alias keeps its case, as in extraction
    assert _check(raw, capsys) == [
        f'{raw}/codebook/demands.yaml:5: terms: "the union\'s strike" contains the alias '
        f'"the union" of actor union; {OWNER.format("union")}',
        "codebook check: 1 warning (1 term containing an alias)",
    ]


def test_term_containing_a_cue_of_the_lexicon_in_force(tmp_path, capsys):
    demands = DEMANDS.replace(
        "[pay rise]", "[pay rise, the cuts they wanted, bridling at overtime, strike call]"
    )
    text = TEXT + (
        " The port restored the cuts they wanted. Crews keep bridling at overtime."
        " A strike call followed."
    )
    raw = _raw(tmp_path, demands=demands, text=text, lexicon="extra_reject: [bridle at]\n")
    file = f"{raw}/codebook/demands.yaml"
    assert _check(raw, capsys) == [
        f'{file}:5: terms: "the cuts they wanted" contains the support cue "want"; {CUE}',
        f'{file}:5: terms: "bridling at overtime" contains the reject cue "bridle at"; {CUE}',
        f'{file}:5: terms: "strike call" contains the carrier-noun cue "call"; {CUE}',
        "codebook check: 3 warnings (3 terms containing a cue)",
    ]


def test_alias_inside_another_actors_alias(tmp_path, capsys):
    actors = ACTORS + (
        "  - id: leader\n"  # a member named through its body: it counts for the union anyway
        "    name: the union's leader\n"
        "    kind: person\n"
        "    part_of: union\n"
        "  - id: g77\n"
        "    name: Group of 77\n"
        "    kind: bloc\n"
        "    aliases: [Developing countries plus China]\n"
        "  - id: china\n"
        "    name: China\n"
        "    kind: state\n"
    )
    text = TEXT + (
        " The union's leader spoke. Developing countries plus China backed the Group of 77 text."
    )
    raw = _raw(tmp_path, actors=actors, text=text)
    assert _check(raw, capsys) == [
        f'{raw}/codebook/actors.yaml:17: aliases: "Developing countries plus China" contains '
        'the alias "China" of actor china; the longer alias hides the shorter one',
        "codebook check: 1 warning (1 alias inside another actor's alias)",
    ]


def test_term_also_in_the_same_demands_opposite_terms(tmp_path, capsys):
    raw = _raw(tmp_path, demands=DEMANDS.replace("[wage freeze]", "[wage freeze, Pay Rise]"))
    assert _check(raw, capsys) == [
        f'{raw}/codebook/demands.yaml:6: opposite_terms: "Pay Rise" also stands in the terms '
        'of demand pay-rise (as "pay rise"); a match cannot count both for and against it',
        "codebook check: 1 warning (1 term also in opposite_terms)",
    ]


def test_phrases_never_in_the_articles(tmp_path, capsys):
    actors = ACTORS.replace("[the union]", "[the union, the dockers]")
    demands = DEMANDS.replace("[pay rise]", "[pay rise, higher wages, raise pay]")
    # "raise pay" is found as "raising pay", "wage freeze" as "wage freezes"
    text = TEXT.replace("a wage freeze", "wage freezes") + " Others are raising pay."
    raw = _raw(tmp_path, actors, demands, text)
    never = "occurs in none of the 4 sentences of the articles"
    assert _check(raw, capsys) == [
        f'{raw}/codebook/actors.yaml:5: aliases: "the dockers" {never}',
        f'{raw}/codebook/demands.yaml:5: terms: "higher wages" {never}',
        "codebook check: 2 warnings (2 phrases never in the articles)",
    ]


@pytest.mark.parametrize(
    ("hits", "sentences", "warned"),
    [(5, 24, True), (5, 25, False), (4, 10, False)],  # over 20% and at least 5 sentences
)
def test_too_generic_terms(tmp_path, capsys, hits, sentences, warned):
    text = TEXT + " Talk of a pay rise went on." * (hits - 1)
    text += " Nothing else happened." * (sentences - 3 - (hits - 1))
    raw = _raw(tmp_path, text=text)
    expected = [
        f'{raw}/codebook/demands.yaml:5: terms: "pay rise" matches in {hits} of {sentences} '
        f"sentences ({hits / sentences:.0%}); a term in more than 20% of the sentences is too "
        "generic to mark a demand",
        "codebook check: 1 warning (1 too generic term)",
    ]
    assert _check(raw, capsys) == (expected if warned else ["codebook check: no warnings"])


def test_an_invalid_raw_folder_is_the_usual_error(tmp_path, capsys):
    raw = _raw(tmp_path, demands=DEMANDS.replace("[union]", "[nobody]"))
    capsys.readouterr()
    assert main(["codebook", "check", "--raw", str(raw)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"error: {raw}/codebook/demands.yaml:4: field 'raised_by': unknown actor 'nobody' "
        "(not an id or alias in actors.yaml)",
        "1 problem found; nothing was written.",
    ]


def test_build_prints_the_count_only_when_there_are_warnings(tmp_path, capsys):
    warned = _raw(tmp_path / "a", actors=ACTORS.replace("[the union]", "[the union, the dockers]"))
    capsys.readouterr()
    assert run_build(warned, tmp_path / "out-a") == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if line.startswith("codebook check")] == [
        f"codebook check: 1 warning; run stancemap codebook check --raw {warned}"
    ]
    assert run_build(_raw(tmp_path / "b"), tmp_path / "out-b") == 0
    assert "codebook check" not in capsys.readouterr().err


def test_bundled_case(capsys):
    """Each checked by hand against the article: NATO and Ukraine stand inside terms of the
    demands Russia raises; the others are names, aliases and phrasings this one article does not
    use (its title says "Sanctions Relief", but titles are not sentences)."""
    a, d = f"{SEED_RAW}/codebook/actors.yaml", f"{SEED_RAW}/codebook/demands.yaml"
    never = "occurs in none of the 54 sentences of the articles"
    absent = {
        (a, 7, "aliases"): ["Russian government"],
        (a, 12, "aliases"): ["President Putin"],
        (a, 16, "aliases"): ["Kiev", "Ukrainian government", "Ukrainian officials"],
        (a, 21, "aliases"): ["Zelensky", "President Zelenskyy"],
        (a, 26, "aliases"): ["North Atlantic Treaty Organization", "NATO allies"],
        (a, 28, "name"): ["NATO spokesperson"],
        (a, 31, "aliases"): ["NATO spokesman", "NATO spokeswoman"],
        (a, 33, "name"): ["United States"],
        (a, 35, "aliases"): [
            "the White House",
            "White House",
            "U.S. administration",
            "American officials",
        ],
        (a, 44, "name"): ["European governments"],
        (a, 46, "aliases"): ["European Union", "EU", "European leaders", "Europe"],
        (d, 9, "terms"): [
            "halt NATO expansion",
            "halt to NATO's eastward expansion",
            "end to NATO enlargement",
            "halt to NATO enlargement",
        ],
        (d, 13, "opposite_terms"): ["further NATO enlargement", "further NATO expansion"],
        (d, 19, "terms"): [
            "abandon its NATO ambitions",
            "give up NATO membership",
            "renounce NATO membership",
        ],
        (d, 21, "opposite_terms"): ["NATO aspirations", "join NATO"],
        (d, 27, "terms"): ["sanctions relief", "lift sanctions", "easing of sanctions"],
        (d, 29, "opposite_terms"): ["new sanctions", "tougher sanctions", "more sanctions"],
        (d, 34, "terms"): ["unfreeze Russian assets"],
        (d, 40, "terms"): ["protection of Russian speakers", "rights of Russian speakers"],
        (d, 46, "terms"): ["four annexed regions", "annexed regions"],
    }
    holding = {
        (d, 9, "terms", "nato"): [
            "halt to NATO expansion",
            "halt NATO's eastward expansion",
            "halt NATO expansion",
            "stop NATO expansion",
            "stopping NATO expansion",
            "NATO expansion eastward",
            "NATO halt",
            "NATO's eastward expansion",
            "halt to NATO's eastward expansion",
            "end to NATO enlargement",
            "halt to NATO enlargement",
        ],
        (d, 13, "opposite_terms", "nato"): ["further NATO enlargement", "further NATO expansion"],
        (d, 19, "terms", "ukraine"): ["Ukraine's neutrality", "neutral Ukraine"],
        (d, 19, "terms", "nato"): [
            "abandon NATO ambitions",
            "abandon its NATO ambitions",
            "give up NATO membership",
            "renounce NATO membership",
        ],
        (d, 21, "opposite_terms", "nato"): [
            "aspirations for NATO membership",
            "NATO aspirations",
            "NATO membership",
            "full NATO membership",
            "join NATO",
            "NATO ambitions",
        ],
    }
    lines: dict[tuple[str, int], list[str]] = {}
    for (file, line, field, actor), terms in holding.items():  # first on a line: kind order
        alias = {"nato": "NATO", "ukraine": "Ukraine"}[actor]
        lines.setdefault((file, line), []).extend(
            f'{file}:{line}: {field}: "{t}" contains the alias "{alias}" of actor {actor}; '
            + OWNER.format(actor)
            for t in terms
        )
    for (file, line, field), phrases in absent.items():
        lines.setdefault((file, line), []).extend(
            f'{file}:{line}: {field}: "{p}" {never}' for p in phrases
        )
    expected = [x for key in sorted(lines) for x in lines[key]]
    assert _check(SEED_RAW, capsys) == expected + [
        "codebook check: 69 warnings (25 terms containing an alias, 44 phrases never in the "
        "articles)"
    ]
