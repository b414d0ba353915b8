"""The extractor against the coded evaluation corpus: quality may not fall below what it reached."""

from __future__ import annotations

import pytest
from conftest import ROOT

from pipeline.evaluate import score

# Reached on 2026-11-25 by the dependency-parse extractor with 133 articles about 43 negotiations
# (the word-window rules had 0.90 on the first 42, which they were fitted to, and 0.50 and 0.49
# on the blind rounds 6 and 7): 0.687 (four classes), 0.635 (supports/rejects/ambiguous).
# Issue 18 (speaker rules for wire-copy constructions, verb-class lexicon, commitments): 0.709
# (four classes), 0.659 (supports/rejects/ambiguous), stated positions 302 of 342 (0.883).
# Round 8 (12 folders in the manner of real wire copy, blind 0.448 S/R/A) then joined the corpus,
# with the raiser rule and the fixes of its study: 179 articles, 55 negotiations, 0.680 (four
# classes), 0.613 (S/R/A), stated positions 449 of 524 right (0.857), cell precision supports
# 0.88, rejects 0.75. The harder round lowers the corpus-wide figures; these floors hold them.
FLOOR_MACRO_F1 = 0.67
FLOOR_MACRO_F1_EVIDENCE = 0.60


@pytest.fixture(scope="module")
def s():
    return score(ROOT / "data" / "eval")


def test_cell_level_macro_f1_does_not_regress(s):
    assert s.macro_f1_cells >= FLOOR_MACRO_F1, s.cell_errors.to_string()
    assert s.macro_f1_cells_evidence >= FLOOR_MACRO_F1_EVIDENCE
    # precision first: a wrong position in a published matrix is worse than a missing one
    assert s.stated[1] / s.stated[0] >= 0.85  # reached: 449 of 524 (0.857)
    assert s.stated[1] >= 445  # found and right: 449 of 667 gold stated positions
    assert s.cells.loc["supports", "precision"] >= 0.87
    assert s.cells.loc["rejects", "precision"] >= 0.74


def test_codings_are_withheld_from_the_extractor(tmp_path):
    """Gold that contradicts every stance in the text: a leak of the codings into extraction
    would score perfectly; a real evaluation scores no evidence cell right."""
    import shutil

    from conftest import FIXTURES

    folder = tmp_path / "corpus" / "harbor"
    shutil.copytree(FIXTURES / "harbor", folder)
    (folder / "codings").mkdir()
    (folder / "codings" / "gold.csv").write_text(
        "document,actor,demand,stance,quote\n"
        "harbor-talks-open,union,pay-rise,rejects,The Dockworkers Union demands a 6% pay rise\n"
        "harbor-talks-open,port,pay-rise,supports,The Port Authority rejected the pay rise\n"
        "harbor-deal-near,port,pay-rise,rejects,The Port Authority has now agreed to a pay rise\n",
        encoding="utf-8",
    )
    scores = score(tmp_path / "corpus")
    assert scores.confusion.loc["rejects", "supports"] == 2  # union and port: gold rejects
    assert scores.cells.loc["supports", "precision"] == 0.0
    assert scores.claims.loc["rejects", "tp_gold"] == 0


def test_seed_matrix_from_extraction_alone_equals_the_coded_one(tmp_path):
    import shutil

    from conftest import SEED_RAW

    shutil.copytree(SEED_RAW, tmp_path / "corpus" / "seed")
    seed = score(tmp_path / "corpus")
    assert seed.cell_errors.empty, seed.cell_errors.to_string()
    assert int(seed.confusion.to_numpy().trace()) == 30
