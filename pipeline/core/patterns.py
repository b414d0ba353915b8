"""Compiled matchers for the extractor: codebook terms and aliases, and the lexicon's phrases.

Phrases become regular expressions that ignore case (short all-capital aliases such as "US" keep
theirs, so the pronoun "us" is not an actor), accept any whitespace, hyphen or quote mark between
words, either apostrophe, a possessive ("Moscow's") and, for demand terms, a plural. At one
position the longest phrase wins; an actor named inside a demand term is part of the demand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from pipeline.lexicon import Lexicon, inflections

_SEP = r"[\s\-‐‑–—\"“”‘’']+"
_WORD_SPLIT = re.compile(r"[\s\-‐‑–—]+")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    value: object
    text: str


def phrase_regex(phrase: str, possessive: bool = False, plural: bool = False) -> str:
    words = [w for w in _WORD_SPLIT.split(phrase.strip()) if w]
    parts = ["['’]".join(re.escape(piece) for piece in re.split(r"['’]", w)) for w in words]
    if possessive or plural:
        parts = [p + r"(?:['’]s)?" for p in parts[:-1]] + parts[-1:]
    body = _SEP.join(parts)
    if plural:
        body += r"(?:e?s)?"
    if possessive:
        body += r"(?:['’]s?)?"
    contraction = phrase.startswith(("n'", "n’"))  # "n't" ends a word: "don't", "won't"
    lead = r"(?<![\w'’])" if words and words[0][:1].isalnum() and not contraction else ""
    tail = r"(?![\w])" if words and words[-1][-1:].isalnum() else ""
    return lead + body + tail


class PhraseSet:
    """Many phrases, each with a value; `find` returns non-overlapping matches, longest first."""

    def __init__(self, phrases: list[tuple[str, object]], flags: int = re.IGNORECASE,
                 possessive: bool = False, plural: bool = False):
        ordered = sorted({p: v for p, v in phrases if p.strip()}.items(),
                         key=lambda pv: (-len(pv[0]), pv[0]))
        self.values = [v for _, v in ordered]
        self.regex = None
        if ordered:
            alts = [f"(?P<g{i}>{phrase_regex(p, possessive, plural)})" for i, (p, _) in
                    enumerate(ordered)]
            self.regex = re.compile("|".join(alts), flags)

    def find_all(self, text: str) -> list[Match]:
        """Every match, overlapping ones included (the longest at each start position)."""
        if self.regex is None:
            return []
        found, pos = [], 0
        while (m := self.regex.search(text, pos)) is not None:
            found.append(Match(m.start(), m.end(), self.values[int(m.lastgroup[1:])], m.group()))
            pos = m.start() + 1
        return found

    def find(self, text: str) -> list[Match]:
        """Longest matches first, then leftmost: "Port Authority" beats "the port" in
        "The Port Authority" although "The Port" starts earlier."""
        return merge(self.find_all(text))

    def find_joined(self, text: str, key) -> list[Match]:
        """Like `find`, but overlapping matches with the same `key(value)` become one match
        ("halt to NATO expansion" + "NATO expansion eastward" = one mention of one demand)."""
        found = sorted(self.find_all(text), key=lambda m: (m.start, m.end))
        joined: list[Match] = []
        for m in found:
            last = joined[-1] if joined else None
            if last and m.start < last.end and key(m.value) == key(last.value):
                end = max(last.end, m.end)
                joined[-1] = Match(last.start, end, last.value, text[last.start:end])
            else:
                joined.append(m)
        return merge(joined)


def merge(*groups: list[Match]) -> list[Match]:
    """Matches from several sets without overlaps: the longest wins, then the leftmost."""
    kept: list[Match] = []
    for m in sorted((m for g in groups for m in g), key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _case_sensitive(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 3 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Patterns:
    actors_ci: PhraseSet
    actors_cs: PhraseSet
    demands: PhraseSet
    cues: PhraseSet
    references: PhraseSet
    demand_refs: PhraseSet
    lists: dict[str, PhraseSet]
    prepositions: frozenset[str]
    clause_breaks: tuple[str, ...]

    def actors(self, text: str) -> list[Match]:
        return merge(self.actors_ci.find(text), self.actors_cs.find(text))


def _phrases(words, value=None, inflect=False) -> list[tuple[str, object]]:
    out = []
    for w in words:
        for form in (inflections(w) if inflect else [w]):
            out.append((form, value if value is not None else w))
    return out


def build_patterns(lexicon: Lexicon, aliases: pd.DataFrame, terms: pd.DataFrame) -> Patterns:
    """Everything the extractor matches, compiled once per build."""
    alias_pairs = list(zip(aliases["alias"], aliases["actor_id"]))
    cues = []
    for stance in ("support", "reject", "hedge"):
        cues += [(p, (stance, v)) for p, v in _phrases(lexicon[stance], inflect=True)]
    references = [(p, ("pronoun", tuple(k))) for p, k in lexicon["pronouns"].items()]
    references += [(p, ("role", tuple(k))) for p, k in lexicon["role_nouns"].items()]
    lists = {key: PhraseSet(_phrases(lexicon[key], inflect=key == "reversers"))
             for key in ("negators", "reversers", "conditions", "modals", "subordinators",
                         "past_markers", "qualifiers", "hedge_modifiers", "relative_pronouns",
                         "condition_exceptions", "weak_negators", "counter_nouns",
                         "anonymous",
                         "spokesperson", "speech_verbs", "reported", "attribution_openers")}
    demand_refs = [(p, number) for number, phrases in lexicon["demand_references"].items()
                   for p in phrases]
    return Patterns(
        actors_ci=PhraseSet([(a, i) for a, i in alias_pairs if not _case_sensitive(a)],
                            possessive=True),
        actors_cs=PhraseSet([(a, i) for a, i in alias_pairs if _case_sensitive(a)], flags=0,
                            possessive=True),
        demands=PhraseSet([(t, (d, p, t)) for d, t, p in
                           zip(terms["demand_id"], terms["term"], terms["polarity"])], plural=True),
        cues=PhraseSet(cues),
        references=PhraseSet(references, possessive=True),
        demand_refs=PhraseSet(demand_refs),
        lists=lists,
        prepositions=frozenset(w.lower() for w in lexicon["prepositions"]),
        clause_breaks=tuple(lexicon["clause_breaks"]),
    )
