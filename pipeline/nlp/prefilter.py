"""Candidate sentences before parsing: one Aho-Corasick scan per sentence (pyahocorasick).

Parsing costs about a millisecond per ten words, and most sentences of a news article name no
demand; a linear-time multi-pattern scan picks the few the parser must read. A sentence is cut
into word tokens; everything between tokens counts as one space; phrases are cut the same way,
lower-cased, and put with their variants into one automaton. Short all-capital aliases such as
"US" keep their case ("us" is a pronoun), in a second automaton over the original case.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import ahocorasick
import pandas as pd

from pipeline.lexicon import Lexicon, inflections

_TOKEN = re.compile(r"[\w'’$€£%&+]+(?:\.[\w'’$€£%&+]+)*")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    value: Any
    text: str


def tokens(text: str) -> list[str]:
    return [t.replace("’", "'") for t in _TOKEN.findall(text)]


def _variants(words: list[str], possessive: bool, plural: bool) -> set[str]:
    """The phrase with an optional "'s" on its words and, for terms, a plural ending."""
    options: list[list[str]] = []
    for i, w in enumerate(words):
        last = i == len(words) - 1
        forms = [w]
        if (possessive or plural) and (last or i < 4) and w[-1:].isalnum():
            forms += [w + "'s", w + "'"]
        if plural and last and w[-1:].isalpha():
            forms += [w + "s", w + "es"]
        options.append(forms)
    out = {""}
    for forms in options:
        out = {f"{o} {f}".strip() for o in out for f in forms}
    return out


def _case_sensitive(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 3 and all(c.isupper() for c in letters)


class Matcher:
    """Named phrase sets compiled into one automaton (plus one for case-sensitive phrases)."""

    def __init__(self) -> None:
        self._keys: dict[bool, dict[str, list]] = {
            False: defaultdict(list),
            True: defaultdict(list),
        }
        self._auto: dict[bool, ahocorasick.Automaton | None] = {}

    def add(
        self, name: str, phrase: str, value, possessive=False, plural=False, case_sensitive=False
    ) -> None:
        words = tokens(phrase) if case_sensitive else tokens(phrase.lower())
        if not words:
            return
        suffix = phrase.startswith(("n'", "n’"))  # "n't" ends a word: "don't", "won't"
        for key in _variants(words, possessive, plural):
            self._keys[case_sensitive][key].append((name, value, len(key), suffix))

    def compile(self) -> Matcher:
        for cs, keys in self._keys.items():
            if keys:
                auto = ahocorasick.Automaton()
                for key, payload in keys.items():
                    auto.add_word(key, payload)
                auto.make_automaton()
                self._auto[cs] = auto
            else:
                self._auto[cs] = None
        return self

    def scan(self, text: str) -> dict[str, list[Match]]:
        """Every match in `text` (overlapping ones included), by phrase set name."""
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        out: dict[str, list[Match]] = defaultdict(list)
        if not spans:
            return out
        originals = [text[a:b].replace("’", "'") for a, b in spans]
        starts, pos = [], 0
        for tok in originals:
            starts.append(pos)
            pos += len(tok) + 1
        for cs, auto in self._auto.items():
            if auto is None:
                continue
            norm = " ".join(originals if cs else [t.lower() for t in originals])
            if len(norm) != pos - 1:  # lower() changed a length (rare scripts): keep the case
                norm = " ".join(originals)
            for end, payload in auto.iter(norm):
                stop = end + 1
                if stop < len(norm) and norm[stop] != " ":
                    continue
                for name, value, length, suffix in payload:
                    begin = stop - length
                    if begin > 0 and norm[begin - 1] != " " and not suffix:
                        continue
                    first = bisect.bisect_right(starts, begin) - 1
                    last = bisect.bisect_right(starts, stop - 1) - 1
                    a = spans[first][0] + (begin - starts[first])
                    b = spans[last][1]
                    out[name].append(Match(a, b, value, text[a:b]))
        return out


class Prefilter:
    """Cheap questions asked of every sentence before anything is parsed: does it hold a word
    that could end a demand term, or a phrase that refers back to demands? Where are the actor
    aliases in the whole text (for pronouns)? A superset of what the parse-level matchers find:
    the last word of each term in every inflected form, so a sentence the parser would match is
    never skipped."""

    def __init__(self, lexicon: Lexicon, aliases: pd.DataFrame, terms: pd.DataFrame):
        m = Matcher()
        for term in terms["term"]:
            words = tokens(term.lower())
            if words:
                for form in inflections(words[-1]):
                    m.add("demand_words", form, None, plural=True)
        for number, phrases in lexicon["demand_references"].items():
            for phrase in phrases:
                m.add("refs", phrase, number)
        for alias, actor in zip(aliases["alias"], aliases["actor_id"], strict=True):
            m.add("actors", alias, actor, possessive=True, case_sensitive=_case_sensitive(alias))
        self.matcher = m.compile()

    def scan(self, text: str) -> dict[str, list[Match]]:
        return self.matcher.scan(text)
