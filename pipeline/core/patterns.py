"""One multi-pattern matcher for everything the extractor looks for in a sentence.

A sentence is cut into word tokens (letters, digits, apostrophes, %, currency signs; a dot only
inside a token, as in "U.S"); everything between tokens (spaces, hyphens, quote marks, commas)
counts as one space. Every phrase of the codebook (aliases, demand terms) and of the lexicon (cues,
negators, attribution phrases ...) is cut the same way, lower-cased, and put with its variants
(possessive "the union's", plural "tariffs", inflected cues) into one Aho-Corasick automaton, so a
sentence is scanned once whatever the size of the codebook. Short all-capital aliases such as
"US" keep their case ("us" is a pronoun), in a second automaton over the original case.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick
import pandas as pd

from pipeline.lexicon import Lexicon, inflections

_TOKEN = re.compile(r"[\w'’$€£%&+]+(?:\.[\w'’$€£%&+]+)*")
LIST_SETS = ("negators", "weak_negators", "reversers", "conditions", "condition_exceptions",
             "modals", "subordinators", "past_markers", "qualifiers", "hedge_modifiers",
             "relative_pronouns", "counter_nouns", "anonymous", "spokesperson", "speech_verbs",
             "reported", "attribution_openers")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    value: object
    text: str


def tokens(text: str) -> list[str]:
    return [t.replace("’", "'") for t in _TOKEN.findall(text)]


def merge(*groups: list[Match]) -> list[Match]:
    """Matches without overlaps: the longest wins, then the leftmost."""
    kept: list[Match] = []
    for m in sorted((m for g in groups for m in g), key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def join_same(matches: list[Match], text: str, key) -> list[Match]:
    """Overlapping matches whose `key(value)` is equal become one ("halt to dam construction" and
    "dam construction upstream" are one mention of one demand); then `merge`."""
    joined: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, m.end)):
        last = joined[-1] if joined else None
        if last and m.start < last.end and key(m.value) == key(last.value):
            end = max(last.end, m.end)
            joined[-1] = Match(last.start, end, last.value, text[last.start:end])
        else:
            joined.append(m)
    return merge(joined)


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
        self._keys: dict[bool, dict[str, list]] = {False: defaultdict(list), True: defaultdict(list)}
        self._auto: dict[bool, ahocorasick.Automaton | None] = {}

    def add(self, name: str, phrase: str, value, possessive=False, plural=False,
            case_sensitive=False) -> None:
        words = tokens(phrase) if case_sensitive else tokens(phrase.lower())
        if not words:
            return
        suffix = phrase.startswith(("n'", "n’"))  # "n't" ends a word: "don't", "won't"
        for key in _variants(words, possessive, plural):
            self._keys[case_sensitive][key].append((name, value, len(key), suffix))

    def compile(self) -> "Matcher":
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


@dataclass(frozen=True)
class Patterns:
    matcher: Matcher
    prepositions: frozenset[str]
    clause_breaks: re.Pattern  # the lexicon's breaks, ";" and spaced dashes, longest first

    def scan(self, text: str) -> dict[str, list[Match]]:
        return self.matcher.scan(text)


def build_patterns(lexicon: Lexicon, aliases: pd.DataFrame, terms: pd.DataFrame) -> Patterns:
    """Everything the extractor matches, compiled once per build."""
    m = Matcher()
    for alias, actor in zip(aliases["alias"], aliases["actor_id"]):
        m.add("actors", alias, actor, possessive=True, case_sensitive=_case_sensitive(alias))
    for demand, term, polarity in zip(terms["demand_id"], terms["term"], terms["polarity"]):
        m.add("demands", term, (demand, polarity, term), plural=True)
    for stance in ("support", "reject", "hedge"):
        for phrase in lexicon[stance]:
            for form in inflections(phrase):
                m.add("cues", form, (stance, phrase))
    for phrase, kinds in lexicon["pronouns"].items():
        m.add("references", phrase, ("pronoun", tuple(kinds)), possessive=True)
    for phrase, kinds in lexicon["role_nouns"].items():
        m.add("references", phrase, ("role", tuple(kinds)), possessive=True)
    for number, phrases in lexicon["demand_references"].items():
        for phrase in phrases:
            m.add("demand_refs", phrase, number)
    for name in LIST_SETS:
        for phrase in lexicon[name]:
            for form in (inflections(phrase) if name == "reversers" else [phrase]):
                m.add(name, form, phrase)
    breaks = sorted(set(lexicon["clause_breaks"]) | {";", " — ", " – ", " - "}, key=len, reverse=True)
    return Patterns(m.compile(), frozenset(w.lower() for w in lexicon["prepositions"]),
                    re.compile("|".join(map(re.escape, breaks)), re.IGNORECASE))
