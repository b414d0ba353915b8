"""Split a document body into sentences and list items, keeping exact character offsets.

Steps: every non-empty line is a block; a line that starts with a bullet or a number is a list
item (its marker is left out of the sentence); inside a block, a sentence ends at . ! or ? followed
by space and a capital, digit or opening quote, unless the word before the stop is a known
abbreviation or a single initial ("J. Mansour", "U.S. President").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_BULLET = re.compile(r"^[ \t]*(?:[-*+•–—▪●◦]|\d{1,3}[.)]|\(?[a-z][.)])[ \t]+")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+")
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=[ \t]+[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    line_no: int
    block_no: int
    is_list_item: bool


_LAST_WORD = re.compile(r"([\w.]+)$")
_WINDOW = 48  # abbreviations are short: look at the end of the block only


def _is_abbreviation(block: str, stop: int, abbreviations: frozenset[str]) -> bool:
    start = max(0, stop - _WINDOW)
    word = _LAST_WORD.search(block, start, stop)
    if word and word.start() == start and start > 0:  # the word may go on before the window
        word = _LAST_WORD.search(block, 0, stop)
    if not word:
        return False
    token = word.group(1)
    return (
        token in abbreviations
        or (len(token) == 1 and token.isupper())
        or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token))
    )


def split_sentences(text: str, abbreviations: frozenset[str]) -> list[Sentence]:
    """Sentences of `text` as offsets; `text[s.start:s.end]` is each sentence verbatim."""
    out: list[Sentence] = []
    offset = 0
    block_no = -1
    for line_no, line in enumerate(text.split("\n"), start=1):
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        block_no += 1
        marker = _BULLET.match(line) or _HEADING.match(line)
        is_item = bool(marker) and not _HEADING.match(line)
        body_from = marker.end() if marker else 0
        cuts = [body_from]
        for m in _BOUNDARY.finditer(line, body_from):
            stop = m.start()
            if line[stop] == "." and _is_abbreviation(line, stop, abbreviations):
                continue
            cuts.append(m.end())
        cuts.append(len(line))
        for a, b in itertools.pairwise(cuts):
            piece = line[a:b]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail > lead:
                out.append(
                    Sentence(
                        line_start + a + lead, line_start + a + trail, line_no, block_no, is_item
                    )
                )
    return out
