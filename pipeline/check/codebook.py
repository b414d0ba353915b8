"""Warnings about a valid codebook that would still defeat the matcher, as pure functions.

Extraction reads the longest phrase: a term that holds an actor's alias or a stance cue swallows
it, and an alias inside another actor's alias is hidden by it. A phrase in both `terms` and
`opposite_terms` counts both ways, a phrase the articles never use finds nothing, and a term in a
large share of the sentences marks no demand. Phrases are compared as the prefilter's scan does
(pipeline/nlp/prefilter.py): whole words, case-insensitive except short all-capital aliases
("US"); aliases with a possessive; terms and cues with the -s, -ed and -ing forms of their first
word; terms with a plural or possessive last word.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick
import pandas as pd

from pipeline.lexicon import Lexicon, inflections
from pipeline.nlp.prefilter import _TOKEN, Match, Matcher, _case_sensitive, tokens

GENERIC_SHARE = 0.20  # a term in more than this share of the sentences...
GENERIC_MIN = 5  # ...and in at least this many is too generic
CUE_LISTS = ("support", "reject", "hedge")
KINDS = {  # summary labels (one, many), in the order of the summary line
    "alias_in_term": ("term containing an alias", "terms containing an alias"),
    "cue_in_term": ("term containing a cue", "terms containing a cue"),
    "alias_in_alias": (
        "alias inside another actor's alias",
        "aliases inside another actor's alias",
    ),
    "also_opposite": ("term also in opposite_terms", "terms also in opposite_terms"),
    "never_found": ("phrase never in the articles", "phrases never in the articles"),
    "generic": ("too generic term", "too generic terms"),
}


@dataclass(frozen=True)
class Finding:
    kind: str  # a key of KINDS
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Places:
    """Where each record's fields are written: ("actor" | "demand", id) -> (file, {field:
    line}); the field "" is the record's first line."""

    records: dict[tuple[str, str], tuple[str, dict[str, int]]]

    def at(self, kind: str, key: str, field: str) -> tuple[str, int]:
        file, lines = self.records[(kind, key)]
        return file, lines.get(field, lines[""])


@dataclass(frozen=True)
class Phrase:
    """An alias of an actor or a term of a demand, and where the codebook writes it."""

    text: str
    owner: str  # actor id or demand id
    field: str  # name, aliases, terms or opposite_terms
    file: str
    line: int

    def finding(self, kind: str, message: str) -> Finding:
        return Finding(kind, self.file, self.line, self.field, f'"{self.text}" {message}')


def aliases_of(frames: dict[str, pd.DataFrame], places: Places) -> list[Phrase]:
    names = dict(zip(frames["actors"]["actor_id"], frames["actors"]["name"], strict=True))
    out = []
    for alias, actor in zip(
        frames["actor_aliases"]["alias"], frames["actor_aliases"]["actor_id"], strict=True
    ):
        field = "name" if alias == names[actor] else "aliases"
        out.append(Phrase(alias, actor, field, *places.at("actor", actor, field)))
    return out


def terms_of(frames: dict[str, pd.DataFrame], places: Places) -> list[Phrase]:
    t = frames["demand_terms"]
    out = []
    for demand, term, polarity in zip(t["demand_id"], t["term"], t["polarity"], strict=True):
        field = "terms" if polarity == "same" else "opposite_terms"
        out.append(Phrase(term, demand, field, *places.at("demand", demand, field)))
    return out


def _add_aliases(m: Matcher, aliases: list[Phrase]) -> Matcher:
    for i, a in enumerate(aliases):
        m.add("alias", a.text, i, possessive=True, case_sensitive=_case_sensitive(a.text))
    return m


def _term_forms(term: str) -> list[str]:
    """The term with its first word's -s/-ed/-ing forms and a plural or possessive last word."""
    return [f + end for f in inflections(term) for end in ("", "s", "es", "'s", "'")]


def _cue_matcher(lexicon: Lexicon) -> Matcher:
    m = Matcher()
    for name in CUE_LISTS:
        for phrase in lexicon[name]:
            for form in inflections(phrase):
                m.add("cue", form, (name, phrase))
    for noun in lexicon["carrier_nouns"]:  # "the union's proposal": the owner supports
        m.add("cue", noun, ("carrier-noun", noun), plural=True)
    return m.compile()


def _longest(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches, the longest first, in text order."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _aliases_in(text: str, matcher: Matcher, aliases: list[Phrase]) -> dict[str, Phrase]:
    """Actor id -> the longest of its aliases found in `text`."""
    found: dict[str, Phrase] = {}
    for m in sorted(matcher.scan(text).get("alias", []), key=lambda m: m.start - m.end):
        found.setdefault(aliases[m.value].owner, aliases[m.value])
    return found


def codebook_findings(
    aliases: list[Phrase], terms: list[Phrase], top: dict[str, str], lexicon: Lexicon
) -> list[Finding]:
    """Warnings 1-4: what the codebook's own phrases do to each other (no articles needed).
    `top` maps each actor to its top-level actor: an alias inside the alias of an actor that
    counts for the same top-level actor ("Acme" in "Acme spokesperson") changes no cell."""
    out = []
    alias_matcher, cue_matcher = _add_aliases(Matcher(), aliases).compile(), _cue_matcher(lexicon)
    for t in terms:
        for actor, alias in _aliases_in(t.text, alias_matcher, aliases).items():
            out.append(
                t.finding(
                    "alias_in_term",
                    f'contains the alias "{alias.text}" of actor {actor}; inside the term it '
                    f'names no speaker, and where it owns a position noun ("X\'s call") '
                    f"extraction takes {actor} to support the demand",
                )
            )
        cues = dict.fromkeys(m.value for m in _longest(cue_matcher.scan(t.text).get("cue", [])))
        for kind, cue in cues:
            out.append(
                t.finding(
                    "cue_in_term",
                    f'contains the {kind} cue "{cue}"; inside a term it is read as part of the '
                    "term, not as a stance",
                )
            )
    for a in aliases:
        for actor, inner in _aliases_in(a.text, alias_matcher, aliases).items():
            if top[actor] != top[a.owner]:
                out.append(
                    a.finding(
                        "alias_in_alias",
                        f'contains the alias "{inner.text}" of actor {actor}; the longer alias '
                        "hides the shorter one",
                    )
                )
    same = {(t.owner, _key(t.text)): t for t in terms if t.field == "terms"}
    for t in terms:
        twin = same.get((t.owner, _key(t.text)))
        if t.field == "opposite_terms" and twin is not None:
            out.append(
                t.finding(
                    "also_opposite",
                    f'also stands in the terms of demand {t.owner} (as "{twin.text}"); a match '
                    "cannot count both for and against it",
                )
            )
    return out


def _key(text: str) -> str:
    return " ".join(text.lower().split())


class _Occurrences:
    """Which aliases and terms a sentence holds: the prefilter's word-boundary Aho-Corasick scan
    without offsets, a few C calls per sentence, cheap enough to run in every build."""

    def __init__(self, aliases: list[Phrase], terms: list[Phrase]):
        keys: dict[bool, dict[str, set[tuple[str, int]]]] = {
            False: defaultdict(set),
            True: defaultdict(set),
        }
        for i, a in enumerate(aliases):
            exact = _case_sensitive(a.text)
            for form in (a.text, a.text + "'s", a.text + "'"):
                keys[exact][_words(form, exact)].add(("alias", i))
        for i, t in enumerate(terms):
            for form in _term_forms(t.text):
                keys[False][_words(form, False)].add(("term", i))
        self.automata = []
        for exact, table in keys.items():
            table.pop("", None)
            if table:
                auto = ahocorasick.Automaton()
                for key, values in table.items():
                    auto.add_word(key, (len(key), frozenset(values)))
                auto.make_automaton()
                self.automata.append((exact, auto))

    def found(self, text: str) -> set[tuple[str, int]]:
        text = text.replace("’", "'")
        out: set[tuple[str, int]] = set()
        for exact, auto in self.automata:
            norm = " ".join(_TOKEN.findall(text if exact else text.lower()))
            for end, (length, values) in auto.iter(norm):
                begin = end + 1 - length
                if (end + 1 == len(norm) or norm[end + 1] == " ") and (
                    begin == 0 or norm[begin - 1] == " "
                ):
                    out |= values
        return out


def _words(phrase: str, exact: bool) -> str:
    return " ".join(tokens(phrase if exact else phrase.lower()))


def text_findings(
    aliases: list[Phrase], terms: list[Phrase], sentences: Iterable[str]
) -> list[Finding]:
    """Warnings 5-6: phrases no sentence holds, and terms in a large share of the sentences."""
    scanner = _Occurrences(aliases, terms)
    hits: Counter[int] = Counter()
    seen: set[int] = set()
    n = 0
    for text in sentences:
        n += 1
        for kind, i in scanner.found(text):
            if kind == "term":
                hits[i] += 1
            else:
                seen.add(i)
    if n == 0:
        return []
    never = f"occurs in none of the {n} sentences of the articles"
    out = [p.finding("never_found", never) for i, p in enumerate(aliases) if i not in seen]
    for i, t in enumerate(terms):
        if not hits[i]:
            out.append(t.finding("never_found", never))
        elif hits[i] > GENERIC_SHARE * n and hits[i] >= GENERIC_MIN:
            out.append(
                t.finding(
                    "generic",
                    f"matches in {hits[i]} of {n} sentences ({hits[i] / n:.0%}); a term in more "
                    f"than {GENERIC_SHARE:.0%} of the sentences is too generic to mark a demand",
                )
            )
    return out


def sentence_texts(documents: pd.DataFrame, sentences: pd.DataFrame) -> Iterator[str]:
    """The text of each sentence, cut from its document."""
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    for doc_id, start, end in zip(
        sentences["doc_id"], sentences["start"], sentences["end"], strict=True
    ):
        yield texts[doc_id][start:end]


def check(
    frames: dict[str, pd.DataFrame], lexicon: Lexicon, sentences: Iterable[str], places: Places
) -> list[Finding]:
    """Every warning, in file and line order (by kind within a line)."""
    aliases, terms = aliases_of(frames, places), terms_of(frames, places)
    top = dict(zip(frames["actors"]["actor_id"], frames["actors"]["top_actor_id"], strict=True))
    found = codebook_findings(aliases, terms, top, lexicon) + text_findings(
        aliases, terms, sentences
    )
    order = list(KINDS)
    return sorted(found, key=lambda f: (f.file, f.line, order.index(f.kind)))


def summary(findings: list[Finding]) -> str:
    """`codebook check: N warnings (a terms containing an alias, ...)` or `... no warnings`."""
    if not findings:
        return "codebook check: no warnings"
    counts = Counter(f.kind for f in findings)
    parts = [f"{n} {KINDS[k][n != 1]}" for k in KINDS if (n := counts[k])]
    total = len(findings)
    return f"codebook check: {total} warning{'s' * (total != 1)} ({', '.join(parts)})"
