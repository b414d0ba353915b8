"""Demand candidates: the phrases that the lexicon's support and reject cues govern in the parse.

For every cue ("demands", "calls for", "rejected", "wants ... lifted") the governed phrase is its
object: the direct object's noun phrase, the object of the cue's preposition ("calls for X"), or a
to-infinitive with its object ("wants written pledge to stop X" gives "stop X"). Phrases are grouped
by the lemma of their last noun (the thing demanded: "halt to dam construction" and "stop dam
construction" share "construction"), counted, split into supporting and rejecting mentions, and
kept with their surface forms (the `terms` an analyst would copy) and one example sentence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

SKIP_LEFT = ("det", "poss", "predet", "case", "punct", "cc", "preconj")
MAX_WORDS = 8


@dataclass
class DemandCandidate:
    key: str
    terms: Counter = field(default_factory=Counter)
    supports: int = 0
    rejects: int = 0
    example: str = ""

    @property
    def count(self) -> int:
        return self.supports + self.rejects


_CLAUSES = ("relcl", "acl", "appos", "advcl", "conj", "cc")


def _phrase(head: Token) -> Span | None:
    """The noun phrase of `head` without determiners, clauses or coordination, kept short."""

    def inside(t: Token) -> bool:
        while t.i != head.i:
            if t.dep_ in _CLAUSES:
                return False
            t = t.head
        return True

    keep = [t for t in head.subtree if inside(t)]
    while keep and (keep[0].dep_ in SKIP_LEFT or keep[0].is_punct):
        keep = keep[1:]
    while keep and (keep[-1].is_punct or keep[-1].dep_ in ("cc", "prep", "case")):
        keep = keep[:-1]
    if not keep:
        return None
    start, end = keep[0].i, keep[-1].i + 1
    if end - start > MAX_WORDS or any(
        t.is_punct and t.text not in ("-", "’", "'") for t in head.doc[start:end]
    ):
        return None
    return head.doc[start:end]


def governed(anchor: Token, cue: Span) -> list[Span]:
    """Phrases a cue governs: its object, its preposition's object ("calls *for* X", "opposition
    *to* X"; not "rejected X *on Monday*"), an infinitive's object."""
    out: list = []
    for c in anchor.children:
        if c.dep_ in ("dobj", "attr", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
            out.append(c)
        elif c.dep_ == "prep" and (cue.start <= c.i < cue.end or anchor.pos_ != "VERB"):
            out += [
                g
                for g in c.children
                if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME", "CARDINAL")
            ]
        elif c.dep_ in ("xcomp", "ccomp", "acl") and c.pos_ == "VERB":
            obj = next((g for g in c.children if g.dep_ == "dobj"), None)
            if obj is not None:
                span = _phrase(obj)
                if span is not None:
                    out.append(c.doc[c.i : span.end])  # "stop dam construction"
                    continue
    for c in list(out):
        if isinstance(c, Token):
            for obj in c.children:  # "pledge to stop X": the acl's own object
                if obj.dep_ == "acl" and obj.pos_ == "VERB":
                    inner = next((g for g in obj.children if g.dep_ == "dobj"), None)
                    if inner is not None and (span := _phrase(inner)) is not None:
                        out.append(obj.doc[obj.i : span.end])
    spans = []
    for x in out:
        span = _phrase(x) if isinstance(x, Token) else x
        if span is not None:
            spans.append(span)
    return spans


def _key(span: Span) -> str | None:
    nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN") and t.is_alpha]
    return nouns[-1].lemma_.lower() if nouns else None


def candidates(docs, cue_spans, reference_nouns: frozenset[str]) -> list[DemandCandidate]:
    """Demand candidates from parsed docs; `cue_spans(doc)` gives (span, stance) of the cues;
    a phrase that is only a position noun ("the demands") is a reference, not a demand."""
    found: dict[str, DemandCandidate] = {}
    for doc in docs:
        for span, stance in cue_spans(doc):
            if stance == "hedge":
                continue
            anchor = span.root
            for phrase in governed(anchor, span):
                key = _key(phrase)
                if key is None or (
                    len(phrase) == 1
                    and phrase[0].pos_ != "PROPN"
                    and phrase[0].lemma_.lower() in reference_nouns
                ):
                    continue  # "reject the demands", "backed the idea": a reference, no demand
                c = found.setdefault(key, DemandCandidate(key))
                c.terms[phrase.text] += 1
                if stance == "support":
                    c.supports += 1
                else:
                    c.rejects += 1
                if not c.example:
                    c.example = anchor.sent.text.strip()
    return sorted(found.values(), key=lambda c: (-c.count, c.key))
