"""The codebook and the lexicon as spaCy matchers, compiled once per build and per process.

Actor aliases and demand terms come from the codebook, stance cues and attribution phrases from the
lexicon; nothing here knows a domain word. Every phrase is matched twice: on `NORM` (lower case,
curly apostrophes and British spellings normalised: "Acme’s" finds "Acme") and on `LEMMA`
(inflection from the parse: the cue "reject" finds "rejected", the term "lift the ban" finds
"lifting the ban") — no generated word forms. Short all-capital aliases ("US", "EU") match on
their exact spelling only, so the pronoun "us" is not the United States.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from pipeline.lexicon import Lexicon

SIGN = {"support": 1, "reject": -1, "hedge": 0}
WORD_SETS = (
    "speech_verbs",
    "reversers",
    "carrier_nouns",
    "document_nouns",
    "speaker_nouns",
    "frame_verbs",
    "hedge_modals",
    "negators",
    "weak_negators",
    "spokesperson_nouns",
    "counter_nouns",
    "purpose_nouns",
    "subject_passives",
    "group_nouns",
    "content_nouns",
    "non_commitment_verbs",
    "truth_words",
    "falsity_words",
    "denial_verbs",
    "rumour_nouns",
    "indicating_verbs",
    "accusation_verbs",
)
PHRASE_SETS = (
    "anonymous",
    "spokesperson",
    "reported",
    "hedge_modifiers",
    "conditions",
    "condition_exceptions",
    "qualifiers",
)


def _case_sensitive(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 3 and all(c.isupper() for c in letters)


@dataclass
class Found:
    """What the matchers found in one parsed passage."""

    actors: list[tuple[Span, str]]  # (span, actor_id)
    demands: list[tuple[Span, tuple[str, str, str]]]  # (span, (demand_id, polarity, term))
    cues: list[tuple[Span, str, str]]  # (span, support|reject|hedge, lexicon phrase)
    phrases: dict[str, list[Span]]
    # an alias inside a demand term that owns its position noun ("the union's strike call"):
    # (demand span, its value, alias span, actor_id)
    owners: list[tuple[Span, tuple[str, str, str], Span, str]] = field(default_factory=list)


class Vocabulary:
    """Matchers for one codebook and lexicon; `find(doc)` runs them all over a parsed passage."""

    def __init__(self, nlp, lexicon: Lexicon, aliases: pd.DataFrame, terms: pd.DataFrame):
        self.lexicon = lexicon
        self.words = {name: frozenset(w.lower() for w in lexicon[name]) for name in WORD_SETS}
        self.pronouns = {p.lower(): kinds for p, kinds in lexicon["pronouns"].items()}
        self.role_nouns = {p.lower(): kinds for p, kinds in lexicon["role_nouns"].items()}
        self.demand_refs = {
            p.lower(): number for number, ps in lexicon["demand_references"].items() for p in ps
        }
        self._values: dict[str, tuple[str, Any]] = {}
        self._norm = PhraseMatcher(nlp.vocab, attr="NORM")
        self._lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        make = nlp.make_doc
        entries: list[tuple[str, str, object, bool]] = []  # (key, phrase, value, lemma-matched)
        for alias, actor in zip(aliases["alias"], aliases["actor_id"], strict=True):
            if _case_sensitive(alias):
                key = self._key("actor", actor)
                self._orth.add(key, [make(alias)])
            else:
                entries.append((self._key("actor", actor), alias, actor, False))
        for demand, term, polarity in zip(
            terms["demand_id"], terms["term"], terms["polarity"], strict=True
        ):
            entries.append((self._key("demand", (demand, polarity, term)), term, None, True))
        for stance in SIGN:
            for phrase in lexicon[stance]:
                entries.append((self._key("cue", (stance, phrase)), phrase, None, True))
        for noun in lexicon["carrier_nouns"]:  # "the company's proposal": the owner supports
            entries.append((self._key("cue", ("support", f"{noun} (noun)")), noun, None, True))
        for name in PHRASE_SETS:
            for phrase in lexicon[name]:
                entries.append((self._key("phrase", (name, phrase)), phrase, None, False))
        norm_docs = list(nlp.tokenizer.pipe(e[1] for e in entries))
        lemma_idx = [i for i, e in enumerate(entries) if e[3]]
        lemma_docs = dict(
            zip(
                lemma_idx, nlp.pipe((entries[i][1] for i in lemma_idx), batch_size=256), strict=True
            )
        )
        for i, (key, _, _, lemma) in enumerate(entries):
            self._norm.add(key, [norm_docs[i]])
            if lemma:
                self._lemma.add(key, [lemma_docs[i]])

    def _key(self, kind: str, value) -> str:
        key = f"{kind}|{value!r}"
        self._values[key] = (kind, value)
        return key

    def find(self, doc) -> Found:
        vocab = doc.vocab.strings
        raw: dict[str, list[tuple[Span, Any]]] = {
            "actor": [],
            "demand": [],
            "cue": [],
            "phrase": [],
        }
        seen = set()
        for matcher in (self._norm, self._lemma, self._orth):
            for match_id, start, end in matcher(doc):
                key = vocab[match_id]
                if (key, start, end) in seen:
                    continue
                seen.add((key, start, end))
                kind, value = self._values[key]
                raw[kind].append((Span(doc, start, end), value))
        demands = _longest(raw["demand"])
        taken = {t for s, _ in demands for t in range(s.start, s.end)}
        # overlapping aliases all count ("The Port" and "Port Authority" in "The Port Authority")
        actors = sorted(
            {
                (s.start, s.end): (s, v)
                for s, v in raw["actor"]
                if not any(t in taken for t in range(s.start, s.end))
            }.values(),
            key=lambda sv: (sv[0].start, sv[0].end),
        )
        taken |= {t for s, _ in actors for t in range(s.start, s.end)}
        cues = [
            (s, v[0], v[1])
            for s, v in _longest(raw["cue"])
            if not any(t in taken for t in range(s.start, s.end))
            and not (v[0] == "hedge" and len(s) == 1 and s[0].pos_ in ("NOUN", "PROPN"))
            and not (v[1].endswith(" (noun)") and s.root.pos_ != "NOUN")
        ]
        # a hedge verb used as a noun is no hedge: "a strong signal", "a hint of"
        phrases: dict[str, list[Span]] = {name: [] for name in PHRASE_SETS}
        for span, (name, _) in raw["phrase"]:
            phrases[name].append(span)
        return Found(actors, demands, cues, phrases, self._owners(raw["actor"], demands))

    def _owners(self, actors, demands) -> list[tuple[Span, tuple[str, str, str], Span, str]]:
        """Aliases inside a demand term that own its position noun: "the union's strike call"
        (possessive) or "union strike call" (compound) on a carrier noun of the lexicon. "halt to
        Acme expansion" names Acme but it owns no position noun there: no owner."""
        carriers = self.words["carrier_nouns"]
        out = []
        for dspan, value in demands:
            for aspan, actor in actors:
                if not (dspan.start <= aspan.start and aspan.end <= dspan.end):
                    continue
                root = aspan.root
                head = root.head
                if (
                    root.dep_ in ("poss", "compound")
                    and dspan.start <= head.i < dspan.end
                    and head.lemma_.lower() in carriers
                ):
                    out.append((dspan, value, aspan, actor))
        return out


def _longest(matches: list[tuple[Span, Any]]) -> list[tuple[Span, Any]]:
    """Non-overlapping matches, the longest first (spaCy's filter_spans), in text order."""
    first: dict[tuple[int, int], tuple[Span, Any]] = {}
    for span, value in matches:
        first.setdefault((span.start, span.end), (span, value))
    kept = filter_spans([span for span, _ in first.values()])
    return [first[(s.start, s.end)] for s in sorted(kept, key=lambda s: s.start)]
