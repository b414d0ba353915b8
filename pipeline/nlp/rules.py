"""Dependency rules: who takes which stance on a demand named in a parsed sentence.

From the demand term the walk climbs the dependency tree to the root. Every lexicon cue on the way
("rejected", "calls for", "unacceptable") multiplies the sign; a reverser ("give up", "scrap")
turns it round; a negation the parse attaches to a cue ("did not accept") turns it round; a hedge,
a softening modal ("could accept"), a hedging phrase ("in principle"), a condition ("only if ...")
or a "but" clause with a qualifier makes it ambiguous. Each rule below finds the speaker of one
construction and is named for it; the name is stored in `claims.rule`:

- `subject_of_cue`   the active subject of a cue verb, through coordination and control
                     ("the union and the mayor reject X", "refused to accept X",
                     "urged the union to accept X")
- `passive_agent`    the "by" agent of a passive cue ("X was approved by both partners")
- `carrier_noun`     the owner of a position noun ("the ministry's demand for X",
                     "a proposal by the EU")
- `relative_clause`  a cue inside a clause on the demand ("the cap favoured by the ministry",
                     "X, which the union rejects") or on the speaker ("the union, which rejects X")
- `predicative`      a cue predicated of the demand ("X is unacceptable to the union")
- `reported_speech`  the sayer of a clause that has no speaker of its own ("X is a non-starter,
                     the union said")
- `frame`            a position noun as subject of a listing verb ("Their demands include X",
                     "A second precondition is X")
Cross-sentence rules (list leads, issuers) live in `frames.py`. A demand inside a condition
("only if the union accepts X") is hypothetical: no claim. Non-parties never speak: only codebook
aliases, pronouns or role nouns that resolve to one, and people or texts owned by one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipeline.nlp.vocabulary import SIGN, Found, Vocabulary

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
PREDICATE_DEPS = ("acomp", "attr", "oprd", "prep", "advmod", "dobj", "xcomp", "npadvmod")
RISE_TO_VERB = (
    "prep",
    "pobj",
    "acomp",
    "attr",
    "dobj",
    "prt",
    "advmod",
    "oprd",
    "amod",
    "npadvmod",
    "compound",
    "pcomp",
    "det",
)
_INFINITIVE = ("xcomp", "advcl", "acl", "ccomp")


@dataclass(frozen=True)
class Who:
    actor_id: str
    mention: str
    how: str  # named | pronoun | role | owner | sayer | frame | list | issuer | example | ...


# A speaker reached through one of these constructions names the claim's rule, whatever verb
# construction found the noun phrase it sits in ("Big donors like Vesta balked at X").
RULE_OF_HOW = {
    "example": "like_such_as",  # "donors like Vesta", "donors such as Vesta"
    "together": "together_with",  # "the push by Norland, together with Vesta"
    "member": "role_of",  # "the president of the union"
    "group": "plural_antecedent",  # "Both leaders": the actors just named
}


@dataclass
class Sentence:
    """One parsed sentence with what the matchers found in it and the document around it."""

    span: Span
    found: Found
    vocab: Vocabulary
    resolve: Callable[[Token, tuple[str, ...], str], Who | None]  # pronouns, role nouns
    actor_at_token: dict[int, tuple[Span, str]] = field(default_factory=dict)
    cue_at_token: dict[int, tuple[Span, str, str]] = field(default_factory=dict)
    demand_tokens: set[int] = field(default_factory=set)
    # "both leaders", "the two sides": the actors just named, (token, how many) -> speakers
    group: Callable[[Token, int], tuple[Who, ...]] | None = None
    top: dict[str, str] = field(default_factory=dict)  # actor -> the top-level actor it speaks for

    def sides(self, whos: tuple[Who, ...]) -> set[str]:
        """The top-level actors the speakers speak for (an envoy for their government)."""
        return {self.top.get(w.actor_id) or w.actor_id for w in whos}

    def __post_init__(self) -> None:
        for span, actor in sorted(self.found.actors, key=lambda sa: len(sa[0])):  # longest wins
            for t in range(span.start, span.end):
                self.actor_at_token[t] = (span, actor)
        for span, stance, phrase in self.found.cues:
            for t in range(span.start, span.end):
                self.cue_at_token[t] = (span, stance, phrase)
        for span, _ in self.found.demands:
            self.demand_tokens.update(range(span.start, span.end))

    def words(self, name: str) -> frozenset[str]:
        return self.vocab.words[name]

    def words_phrases(self, name: str) -> tuple[str, ...]:
        return tuple(p.lower() for p in self.vocab.lexicon[name])

    def is_word(self, tok: Token, name: str) -> bool:
        w = self.words(name)
        return tok.lower_ in w or tok.lemma_.lower() in w


@dataclass
class Step:
    """A speaker found for the chain of cues so far."""

    speakers: tuple[Who, ...]
    sign: int
    rule: str
    cue: str
    condition: str | None
    notes: tuple[str, ...]


# -- actors named by a noun phrase ------------------------------------------------------------
def actors_named(tok: Token, s: Sentence, owner_ok: bool = True) -> tuple[Who, ...]:
    """Actors a subject or agent token names: an alias, a pronoun or role noun that resolves, or
    a spokesperson / document owned by an actor; coordinated ones included ("the union and the
    mayor")."""
    out: list[Who] = []
    for t in [tok] + [c for c in tok.conjuncts if c.i > tok.i]:
        who = _actor_of(t, s, owner_ok)
        found = (who,) if who is not None else _examples(t, s) or _group_of(t, s)
        for w in (*found, *_together(t, s)):
            if w not in out:
                out.append(w)
    return tuple(out)


def _examples(tok: Token, s: Sentence) -> tuple[Who, ...]:
    """ "Big donors like Vesta", "countries such as Vesta and Norland": the examples speak."""
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        such_as = prep.lower_ == "as" and any(
            c.lower_ == "such" for c in (*prep.children, *tok.children)
        )
        if prep.lower_ == "like" or such_as:
            objs = [o for o in prep.children if o.dep_ == "pobj"]
            if objs:
                return tuple(Who(w.actor_id, w.mention, "example") for w in _named_only(objs[0], s))
    return ()


def _named_only(tok: Token, s: Sentence) -> tuple[Who, ...]:
    """Aliases only (no pronouns, role nouns or owners), through coordination."""
    out: list[Who] = []
    for t in [tok] + [c for c in tok.conjuncts if c.i > tok.i]:
        if t.i in s.actor_at_token:
            span, actor = s.actor_at_token[t.i]
            if all(w.actor_id != actor for w in out):
                out.append(Who(actor, span.text, "named"))
    return tuple(out)


def _together(tok: Token, s: Sentence) -> tuple[Who, ...]:
    """ "Norland, together with Vesta," / "along with Vesta": the partner speaks too."""
    preps = [p for p in tok.children if p.dep_ == "prep"]
    preps += [w for p in preps if p.lower_ == "along" for w in p.children if w.lower_ == "with"]
    for prep in preps:
        if prep.dep_ == "prep" and (
            prep.lower_ == "alongside"
            or prep.head.lower_ == "along"
            or prep.lower_ == "with"
            and any(c.lower_ in ("together", "along", "jointly") for c in prep.children)
        ):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return tuple(
                        Who(w.actor_id, w.mention, "together") for w in _named_only(obj, s)
                    )
    return ()


_NUMBERS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}


def _group_of(tok: Token, s: Sentence) -> tuple[Who, ...]:
    """ "Both leaders", "the two sides", "all three parties": a plural noun that stands for the
    actors just named, when exactly that many were."""
    if s.group is None or tok.tag_ not in ("NNS", "NNPS"):
        return ()
    if not (s.is_word(tok, "speaker_nouns") or s.is_word(tok, "group_nouns")):
        return ()
    n = next(
        (
            _NUMBERS[c.lower_]
            for c in tok.children
            if c.dep_ in ("det", "predet", "nummod") and c.lower_ in _NUMBERS
        ),
        0,
    )
    if not n:
        return ()
    return tuple(Who(w.actor_id, w.mention, "group") for w in s.group(tok, n))


def _actor_of(tok: Token, s: Sentence, owner_ok: bool) -> Who | None:
    if tok.i in s.actor_at_token:
        span, actor = s.actor_at_token[tok.i]
        return Who(actor, span.text, "named")
    for child in tok.children:  # "Ana Diaz, the union's spokeswoman": the apposition
        if child.dep_ == "appos" and child.i in s.actor_at_token:
            span, actor = s.actor_at_token[child.i]
            return Who(actor, span.text, "named")
    phrase = " ".join(
        t.lower_ for t in tok.subtree if t.i <= tok.i and t.dep_ in ("det", "poss") or t.i == tok.i
    )
    kinds = (
        s.vocab.pronouns.get(tok.lower_) if tok.pos_ == "PRON" else s.vocab.role_nouns.get(phrase)
    )
    if tok.pos_ != "PRON" and (kinds is not None or s.is_word(tok, "speaker_nouns")):
        member = _member_of(tok, s)  # "the president of the union": the union, not a resolution
        if member is not None:
            return member
    if kinds is not None:
        return s.resolve(tok, kinds, "pronoun" if tok.pos_ == "PRON" else "role")
    if owner_ok and (s.is_word(tok, "speaker_nouns") or s.is_word(tok, "document_nouns")):
        owner = owner_of(tok, s)
        if owner:
            return owner
        if tok.pos_ == "NOUN" and (
            s.is_word(tok, "spokesperson_nouns")
            or (
                s.is_word(tok, "document_nouns")
                and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
            )
        ):
            # "a spokeswoman said", "the statement insisted": the actor speaking just before
            return s.resolve(
                tok, ("state", "alliance", "bloc", "organization", "group", "person"), "role"
            )
    for child in tok.children:
        if child.dep_ == "appos":
            who = _actor_of(child, s, owner_ok)
            if who:
                return who
    return None


def _member_of(noun: Token, s: Sentence) -> Who | None:
    """ "The president of the pilots' union", "the head of Vesta's delegation": the "of" owner."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.i not in s.demand_tokens:
                    who = _actor_of(obj, s, owner_ok=True)
                    if who:
                        return Who(who.actor_id, who.mention, "member")
    return None


def owners_of(noun: Token, s: Sentence) -> tuple[Who, ...]:
    """All owners of a noun: "the requests of Chile and Peru", "the push by Norland, together
    with Vesta"."""
    first = owner_of(noun, s)
    if first is None:
        return ()
    out = [first]
    for t in noun.subtree:
        if t.i in s.actor_at_token and t.i not in s.demand_tokens:
            span, actor = s.actor_at_token[t.i]
            head = s.actor_at_token.get(t.head.i)
            if t.dep_ == "conj" and head is not None and head[1] == first.actor_id:
                if all(w.actor_id != actor for w in out):
                    out.append(Who(actor, span.text, first.how))
    for w in _together(noun, s):
        if all(x.actor_id != w.actor_id for x in out):
            out.append(w)
    return tuple(out)


def owner_of(noun: Token, s: Sentence) -> Who | None:
    """Whose noun it is: "the union's", "a ministry spokesman", "by the union", "of the city"."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod", "amod") and child.i not in s.demand_tokens:
            who = _actor_of(child, s, owner_ok=False)
            if who:
                return Who(who.actor_id, who.mention, "owner" if who.how == "named" else who.how)
    preps = ("by", "from", "of", "in") + (("for",) if s.is_word(noun, "speaker_nouns") else ())
    for child in noun.children:
        if child.dep_ == "acl" and any(a.dep_ == "agent" for a in child.children):
            noun = child  # "a proposal drafted by X", "the plan put forward by X"
            break
    for child in noun.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.i not in s.demand_tokens:
                    who = _actor_of(obj, s, owner_ok=False)
                    if who:
                        return Who(
                            who.actor_id, who.mention, "owner" if who.how == "named" else who.how
                        )
    return None


# -- speakers of a cue --------------------------------------------------------------------------
def clause_head(tok: Token) -> Token:
    """The verb a noun or adjective cue belongs to ("voted *in favour of*", "*is* unacceptable")."""
    while tok.pos_ not in ("VERB", "AUX") and tok.dep_ in RISE_TO_VERB and tok.head.i != tok.i:
        tok = tok.head
    return tok


def speakers_of_cue(anchor: Token, s: Sentence) -> tuple[tuple[Who, ...], str]:
    """(speakers, rule) for a cue whose root is `anchor`, or ((), "") when the clause has none."""
    if anchor.pos_ in ("NOUN", "PROPN"):
        owners = owners_of(anchor, s)
        if owners:
            return owners, "carrier_noun"
        if anchor.dep_ not in ("attr", "oprd", "acomp", "ROOT"):
            return (), ""  # "slammed the plans for X": the verb above speaks, the walk reaches it
    verb = clause_head(anchor) if anchor.pos_ not in ("VERB", "AUX") else anchor
    if verb.pos_ not in ("VERB", "AUX") and not any(c.dep_ in SUBJECTS for c in verb.children):
        return (), ""
    if anchor.pos_ == "ADJ" or verb.i != anchor.i and anchor.dep_ in ("acomp", "attr"):
        for prep in anchor.children:  # "unacceptable to the union", "a non-starter for the union"
            if prep.dep_ == "prep" and prep.lower_ in ("to", "for"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        who = actors_named(obj, s)
                        if who:
                            return who, "predicative"
    seen = 0
    while seen < 6:
        seen += 1
        subj = [c for c in verb.children if c.dep_ in SUBJECTS]
        if subj:
            if verb.dep_ == "relcl" and subj[0].tag_ in ("WDT", "WP"):
                return actors_named(verb.head, s), "relative_clause"
            return actors_named(subj[0], s), "subject_of_cue"
        if any(c.dep_ in PASSIVE_SUBJECTS for c in verb.children) or verb.tag_ == "VBN":
            for agent in verb.children:
                if agent.dep_ == "agent":
                    for obj in agent.children:
                        if obj.dep_ == "pobj":
                            return actors_named(obj, s), "passive_agent"
            psubj = next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS), None)
            if psubj is not None:
                if s.is_word(verb, "subject_passives"):  # "are united against X"
                    return actors_named(psubj, s), "passive_subject"
                return (), ""
        if verb.dep_ in ("acomp", "attr", "oprd") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "is opposed to X": the subject of the copula
            continue
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "welcomed X and rejected Y": the shared subject
            continue
        if (
            verb.dep_ == "pcomp"
            and verb.head.dep_ == "prep"
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            verb = verb.head.head  # "opened the summit by calling for X": the subject of "opened"
            continue
        if (
            verb.dep_ in ("advcl", "xcomp")
            and verb.tag_ in ("VBG", "VBN")
            and not any(c.dep_ in ("aux", "mark") for c in verb.children)
        ):
            verb = verb.head  # "..., insisting that X": the subject of the main verb
            continue
        if verb.dep_ in _INFINITIVE and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
        ):
            if any(c.dep_ in ("dobj", "iobj") for c in verb.head.children):
                return (), ""  # "urged the union to accept X": the union is not the one who speaks
            verb = verb.head  # "refused to accept X": the subject of "refused"
            continue
        return (), ""
    return (), ""


# -- sign modifiers -------------------------------------------------------------------------------
def negation(tok: Token, s: Sentence, inside: Span | None = None) -> tuple[bool, bool]:
    """(negated, softened) by a negator the parse attaches to `tok` (or its auxiliaries), outside
    the cue span: "did not accept" is negated, "no longer insists" softened."""
    negated = softened = False
    for c in tok.children:
        if inside is not None and inside.start <= c.i < inside.end:
            continue
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and s.is_word(c, "negators")):
            negated = True
            nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
            if nxt is not None and f"{c.lower_} {nxt.lower_}" in s.words("weak_negators"):
                softened = True
        if (
            c.dep_ == "advmod"
            and c.lower_ == "longer"
            and any(g.lower_ == "no" for g in c.children)
        ):
            negated = softened = True
    return negated, softened


_LEADING = re.compile(r"^(?:[,;:]\s*|(?:but|and|yet|or)\s+)+", re.I)


def _clause_text(tok: Token) -> str:
    """A subtree's text without the conjunctions and commas it starts with."""
    return _LEADING.sub("", tok.doc[tok.left_edge.i : tok.right_edge.i + 1].text)


def condition_of(tok: Token, s: Sentence) -> str | None:
    """The text of a condition attached to `tok` ("... only if X", "provided that X")."""
    conditions = sorted(s.words_phrases("conditions"), key=len, reverse=True)
    exceptions = s.words_phrases("condition_exceptions")
    for c in tok.children:  # "as long as X" hangs from "long" (advmod)
        if c.dep_ in ("advcl", "prep", "conj", "advmod") and c.i > tok.i:
            text = _clause_text(c)
            low = text.lower()
            if any(low.startswith(e) for e in exceptions):
                continue
            if any(low == p or low.startswith(p + " ") for p in conditions):
                return text.rstrip(".;:,")
    return None


def inside_condition(tok: Token, s: Sentence) -> bool:
    """The token sits in a conditional clause: "... only if the union accepts X"."""
    return condition_clause(tok, s) is not None


def condition_clause(tok: Token, s: Sentence) -> tuple[Token, str] | None:
    """The conditional clause the token sits in and the condition phrase that opens it ("only if",
    "on condition that"), or None."""
    conditions = sorted(s.words_phrases("conditions"), key=len, reverse=True)
    single = {p for p in conditions if " " not in p}
    for c in [tok, *tok.ancestors]:
        low = _clause_text(c).lower()
        opener = next((p for p in conditions if low == p or low.startswith(p + " ")), None)
        mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ in single), None)
        if mark is not None:  # "whether he would endorse X", "if the union accepts X"
            return c, opener or mark.lower_
        if c.dep_ in ("advcl", "conj", "prep") and opener is not None:
            return c, opener  # "..., only on condition that the company submits X"
    return None


def _hedged(anchor: Token, cue_span: Span, s: Sentence) -> str | None:
    """Why a cue is softened to ambiguous, or None."""
    if any(c.dep_ == "aux" and s.is_word(c, "hedge_modals") for c in anchor.children):
        return "softened by a modal"
    spans = s.found.phrases.get("hedge_modifiers", [])
    lo, hi = anchor.left_edge.i, anchor.right_edge.i
    if any(lo <= h.start and h.end <= hi + 1 for h in spans):
        return "hedged"
    for c in anchor.children:
        if c.dep_ == "conj" and any(
            g.dep_ == "cc" and g.lower_ in ("but", "yet") for g in [*anchor.children, *c.children]
        ):
            q = [
                p
                for p in s.found.phrases.get("qualifiers", [])
                if c.left_edge.i <= p.start and p.end <= c.right_edge.i + 1
            ]
            own = any(t.i in s.demand_tokens for t in c.subtree)  # "but called Y problematic"
            if q and not own:
                return f"qualified by a 'but' clause ('{q[0].text}')"
            if not own and _judges(c, s):
                return f"qualified by a 'but' clause ('{_clause_text(c)}')"
    if anchor.dep_ == "ccomp" and s.is_word(anchor.head, "speech_verbs"):
        for c in anchor.head.children:  # 'said X is "welcome, but it is crumbs"'
            if c.dep_ == "conj" and c.i > anchor.i and _judges(c, s, pronoun_only=True):
                if any(g.dep_ == "cc" and g.lower_ in ("but", "yet") for g in anchor.head.children):
                    return f"qualified by a 'but' clause ('{_clause_text(c)}')"
    return None


_BACK = frozenset(("it", "they", "this", "that", "these", "those"))


def _judges(clause: Token, s: Sentence, pronoun_only: bool = False) -> bool:
    """A "but" clause that judges what came before: "but called the housing part a promise to
    make a promise" (a verdict with a predicate), "but it is crumbs" (a copula on a pronoun that
    points back), "but rejected the timetable" (a reject cue). Not a clause of another speaker
    ("but the union rejected it")."""
    subj = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
    if subj is not None and subj.lower_ not in _BACK:
        return False
    if subj is not None and clause.lemma_ == "be":
        return any(c.dep_ in ("attr", "acomp") for c in clause.children)
    if pronoun_only:
        return False
    if clause.pos_ == "VERB" and any(c.dep_ == "oprd" for c in clause.children):
        return True  # "called Y a promise to make a promise"
    return any(s.cue_at_token.get(t.i, (None, ""))[1] == "reject" for t in clause.subtree)


def cue_sign(anchor: Token, cue: tuple[Span, str, str], s: Sentence) -> tuple[int, list[str]]:
    span, stance, _ = cue
    sign = SIGN[stance]
    notes = []
    negated, softened = negation(anchor, s, span)
    verb = clause_head(anchor)
    if verb.i == anchor.i and anchor.dep_ in ("acomp", "attr", "oprd"):
        verb = anchor.head  # "is not opposed to"
    if anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ not in ("attr", "oprd", "acomp"):
        verb = anchor  # "would not drop its demand for X": the verb's negation is the next level
    if not negated and verb.i != anchor.i:
        negated, softened = negation(verb, s, span)  # "is not acceptable", "did not vote for"
    if negated:
        sign = 0 if softened else -sign
        notes.append("softened by a weak negator" if softened else "negated")
    why = _hedged(anchor, span, s) or (_hedged(verb, span, s) if verb.i != anchor.i else None)
    if why and sign != 0:
        sign = 0
        notes.append(why)
    return sign, notes
