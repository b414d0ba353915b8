"""Demand candidates: the phrases that the lexicon's support and reject cues govern in the parse.

For every cue ("demands", "calls for", "rejected", "wants ... lifted") the governed phrase is its
object: the direct object's noun phrase, the object of the cue's preposition ("calls for X"), or a
to-infinitive with its object ("wants written pledge to stop X" gives "stop X"). Phrases are grouped
by the lemma of their last noun (the thing demanded: "halt to dam construction" and "stop dam
construction" share "construction"), counted, split into supporting and rejecting mentions, and
kept with their surface forms (the `terms` an analyst would copy) and one example sentence.

A phrase the parse cut in two ("demands a formal halt | to depot closures") is joined again, and a
short candidate whose head noun is a word of a longer one ("formal halt" in "a formal halt to
depot closures") is merged into it: fragments of one proposal make one demand. A phrase that only
names an actor ("rejected the union") is no demand. The subject of each supporting cue is kept in
order, so the first actor that demands it can be named (`raised_by`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

ACTOR_ENTITIES = ("PERSON", "ORG", "GPE", "NORP")
JOINING = ("to", "on", "of", "for", "over", "against")
FRAGMENT_WORDS = 3
SKIP_LEFT = ("det", "poss", "predet", "case", "punct", "cc", "preconj")
MAX_WORDS = 8


@dataclass
class DemandCandidate:
    key: str
    terms: Counter = field(default_factory=Counter)
    supports: int = 0
    rejects: int = 0
    example: str = ""
    speakers: list = field(default_factory=list)  # subjects of supporting cues, in order
    words: set = field(default_factory=set)  # lemmas of the words of its terms
    verbal: dict = field(default_factory=dict)  # term starting with a verb -> the verb's lemma
    named: bool = False  # its head noun is a name ("Acme membership")

    @property
    def count(self) -> int:
        return self.supports + self.rejects


_CLAUSES = ("relcl", "acl", "appos", "advcl", "conj", "cc")


def _phrase(head: Token) -> Span | None:
    """The noun phrase of `head` without determiners, clauses or coordination, kept short."""

    def inside(t: Token) -> bool:
        while t.i != head.i:
            if t.dep_ in _CLAUSES or (t.dep_ == "prep" and _dated(t)):
                return False  # a clause, or "on Monday"
            t = t.head
        return True

    keep = [t for t in head.subtree if inside(t)]
    while keep and (keep[0].dep_ in SKIP_LEFT or keep[0].is_punct):
        keep = keep[1:]
    while keep and (
        (keep[-1].is_punct and keep[-1].text != "%") or keep[-1].dep_ in ("cc", "prep", "case")
    ):
        keep = keep[:-1]
    if not keep:
        return None
    start, end = keep[0].i, keep[-1].i + 1
    if end - start > MAX_WORDS or any(
        t.is_punct and t.text not in ("-", "’", "'", "%") for t in head.doc[start:end]
    ):
        return None
    return head.doc[start:end]


def _dated(prep: Token) -> bool:
    return any(g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def governed(anchor: Token, cue: Span) -> list[Span]:
    """Phrases a cue governs: its object, its preposition's object ("calls *for* X", "opposition
    *to* X"; not "rejected X *on Monday*"), an infinitive's object."""
    out: list = []
    joined_to: set[int] = set()  # tokens a joined object already covers
    for c in anchor.children:
        if c.i in joined_to:
            continue
        if c.dep_ in ("dobj", "attr", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
            joined = _joined(c)
            out.append(c if joined is None else joined)
            if joined is not None:
                joined_to.update(range(joined.start, joined.end))
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


def _joined(obj: Token) -> Span | None:
    """The object with the prepositional phrase the parse hung on its verb right after it:
    "demands a formal halt | to depot closures" -> "formal halt to depot closures"."""
    phrase = _phrase(obj)
    if phrase is None:
        return None
    nxt = next((p for p in obj.head.children if p.left_edge.i == phrase.end), None)
    if nxt is None or nxt.lower_ not in JOINING or nxt.dep_ != "prep" or _dated(nxt):
        if nxt is None or nxt.dep_ != "xcomp" or obj.doc[phrase.end].lower_ != "to":
            return None
        tail_head = next((g for g in nxt.children if g.dep_ == "dobj"), None)
    else:
        tail_head = next((g for g in nxt.children if g.dep_ == "pobj"), None)
    tail = _phrase(tail_head) if tail_head is not None else None
    if tail is None or tail.end - phrase.start > MAX_WORDS:
        return None
    return obj.doc[phrase.start : tail.end]


def speaker(anchor: Token) -> str | None:
    """The subject of a cue as written: its name ("Northwind Rail") or its noun phrase ("the
    union"), looking up through "wants to ..." and "said it demands ..."."""
    tok = anchor
    for _ in range(3):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "agent")), None)
        if subj is not None:
            if subj.dep_ == "agent":
                subj = next((g for g in subj.children if g.dep_ == "pobj"), None)
            if subj is None or subj.pos_ == "PRON":
                return None
            ent = next((e for e in subj.doc.ents if e.start <= subj.i < e.end), None)
            if ent is not None:
                return ent.text
            left = [t for t in subj.lefts if t.dep_ in ("det", "compound", "amod")]
            return subj.doc[left[0].i if left else subj.i : subj.i + 1].text
        if tok.dep_ not in ("xcomp", "conj", "advcl") or tok.head is tok:
            return None
        tok = tok.head
    return None


def _only_names(span: Span) -> bool:
    nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN")]
    return bool(nouns) and all(t.ent_type_ in ACTOR_ENTITIES for t in nouns)


def _merge_fragments(found: dict[str, DemandCandidate]) -> None:
    """Merge each short candidate whose head noun is a word of a longer candidate into it."""
    for key in sorted(found, key=lambda k: max(len(t.split()) for t in found[k].terms)):
        c = found[key]
        if c.named or any(len(t.split()) > FRAGMENT_WORDS for t in c.terms):
            continue
        into = next(
            (
                o
                for k, o in sorted(found.items())
                if k != key and key in o.words and max(len(t.split()) for t in o.terms) > 2
            ),
            None,
        )
        if into is None:
            continue
        into.terms.update(c.terms)
        into.supports += c.supports
        into.rejects += c.rejects
        into.speakers += c.speakers
        into.words |= c.words
        into.verbal.update(c.verbal)
        del found[key]


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
                if _only_names(phrase):
                    continue  # "rejected the union": an actor, no demand
                c = found.setdefault(key, DemandCandidate(key))
                c.terms[phrase.text] += 1
                c.words |= {t.lemma_.lower() for t in phrase if t.is_alpha}
                if phrase[0].pos_ == "VERB":
                    c.verbal[phrase.text] = phrase[0].lemma_.lower()
                c.named = c.named or phrase.root.pos_ == "PROPN"
                if stance == "support":
                    c.supports += 1
                    who = speaker(anchor)
                    if who:
                        c.speakers.append(who)
                else:
                    c.rejects += 1
                if not c.example:
                    c.example = anchor.sent.text.strip()
    _merge_fragments(found)
    return sorted(found.values(), key=lambda c: (-c.count, c.key))
