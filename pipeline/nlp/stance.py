"""The walk from one demand mention up the dependency tree, collecting cues and their speakers.

The result is a `Walk`: the stances that found a speaker in the sentence (`steps`), and what is
left when none did (the sign of the cues seen, or a position noun in need of an owner), for the
cross-sentence rules in `frames.py` to settle (list leads, issued documents, demand frames).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipeline.nlp.rules import (
    PASSIVE_SUBJECTS,
    PREDICATE_DEPS,
    SUBJECTS,
    Sentence,
    Step,
    actors_named,
    condition_of,
    cue_sign,
    inside_condition,
    negation,
    owner_of,
    speakers_of_cue,
)
from pipeline.nlp.vocabulary import SIGN

VERBAL_RULES = (
    "subject_of_cue",
    "passive_agent",
    "predicative",
    "relative_clause",
    "reported_speech",
)
_FRAME_SLOTS = ("attr", "dobj", "oprd", "acomp", "pobj", "appos")
_COMMITMENT = frozenset(("will", "shall", "must", "should", "'ll", "wo"))


@dataclass
class Walk:
    steps: list[Step] = field(default_factory=list)
    sign: int = 1  # the sign of everything seen, for a speaker found outside the sentence
    cues: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    frame: str | None = None  # a position noun without owner ("A second precondition is X")
    blocked: bool = False  # hypothetical or a counter-offer: no claim at all
    condition: str | None = None
    committed: bool = False  # a verb on the way has a modal ("will be cut", "shall promote")
    stance_cues: int = 0  # cues that state a position (not bare position nouns such as "plan")


_CONTENT = ("VERB", "NOUN", "ADJ", "PROPN", "AUX")


def _root_of(span: Span, prefer: tuple[str, ...] = _CONTENT) -> Token:
    """A phrase's head word, the parser's errors aside: "opposed" in "not entirely opposed to"
    (not the negation), "shifts" in "Longer shifts" (even when "Longer" hangs elsewhere)."""
    tops = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    for pos in prefer:
        for t in tops:
            if t.pos_ == pos:
                return t
    return tops[0] if tops else span.root


def _combine(sign: int, other: int) -> int:
    return 0 if sign == 0 or other == 0 else sign * other


def _is_reverser(tok: Token, s: Sentence) -> bool:
    if s.is_word(tok, "reversers"):
        return True
    prt = next((c for c in tok.children if c.dep_ == "prt"), None)
    return prt is not None and f"{tok.lemma_.lower()} {prt.lower_}" in s.words("reversers")


def _reporting_condition(anchor: Token, s: Sentence) -> str | None:
    """A condition attached to the verb that reports the clause ("said ..., but only if")."""
    for anc in anchor.ancestors:
        if s.is_word(anc, "speech_verbs"):
            return condition_of(anc, s)
    return None


def _revise_owner(w: Walk, verb: Token, s: Sentence) -> None:
    """ "Mirek dropped his opposition to X", "has not dropped its demand for X": when the owner
    of a position noun is the subject of the verb that drops (or keeps) it, the noun's stance is
    replaced by what the verb makes of it."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subject is None or not w.steps or w.steps[-1].rule != "carrier_noun":
        return
    speakers = {x.actor_id for x in actors_named(subject, s)}
    last = w.steps[-1]
    if speakers and speakers == {x.actor_id for x in last.speakers}:
        w.steps[-1] = Step(
            last.speakers,
            w.sign,
            last.rule,
            f"{last.cue} {verb.text}",
            last.condition,
            (*last.notes, f"revised by '{verb.text}'"),
        )


def walk(dspan: Span, value: tuple[str, str, str], s: Sentence) -> Walk:
    demand_id, polarity, term = value
    head = _root_of(dspan, ("NOUN", "PROPN", "VERB")) if len(dspan) > 1 else dspan[0]
    w = Walk(sign=-1 if polarity == "opposite" else 1)
    if polarity == "opposite":
        w.notes.append(f"opposite term '{term}'")
    doc = dspan.doc
    if dspan.end < len(doc) and s.is_word(doc[dspan.end], "counter_nouns"):
        w.blocked = True  # "the league's revenue split offer": a counter-offer, not the demand
        return w
    if inside_condition(head, s):
        w.blocked = True
        return w
    negated, softened = negation(head, s, dspan)
    if negated:  # "wants no land corridor"
        w.sign = 0 if softened else -w.sign
        w.notes.append("negated demand")
    for c in head.children:  # "wants X scrapped": a reverser right after the demand
        if c.dep_ in ("acl", "oprd", "xcomp") and c.i == dspan.end and _is_reverser(c, s):
            w.sign = -w.sign
            w.notes.append(f"reversed by '{c.text}'")
    for c in head.children:  # "the cap favoured by the ministry", "X, which the union rejects"
        if c.dep_ in ("acl", "relcl") and c.i in s.cue_at_token and c.i not in s.demand_tokens:
            clause_cue = s.cue_at_token[c.i]
            sign, notes = cue_sign(c, clause_cue, s)
            whos, rule = speakers_of_cue(c, s)
            if whos:
                w.steps.append(
                    Step(
                        whos,
                        _combine(w.sign, sign),
                        "relative_clause" if rule == "subject_of_cue" else rule,
                        clause_cue[0].text,
                        condition_of(c, s),
                        tuple(w.notes + notes),
                    )
                )
    used: set[int] = set()  # tokens of cues already counted
    prev, node = head, (head.head if head.head.i != head.i else None)
    while node is not None:
        came = prev.dep_
        if came == "relcl":
            break  # the clause describes the noun above; it does not govern it
        cue = None
        anchor = node
        if node.i in s.cue_at_token and node.i not in s.demand_tokens:
            cue = s.cue_at_token[node.i]
            anchor = _root_of(cue[0])
        elif came in SUBJECTS + PASSIVE_SUBJECTS + ("dobj",):
            # "X is unacceptable", "X remains a red line", "called X unworkable"
            deps = PREDICATE_DEPS if came != "dobj" else ("oprd", "xcomp")
            for c in node.children:
                if c.dep_ in deps and c.i in s.cue_at_token and c.i not in s.demand_tokens:
                    cue, anchor = s.cue_at_token[c.i], c
                    break
        if cue is None and came == "dobj":  # "called X unacceptable" parsed as "X unacceptable"
            cue_adj = next(
                (
                    c
                    for c in prev.children
                    if c.dep_ == "amod" and c.i > prev.i and c.i in s.cue_at_token
                ),
                None,
            )
            if cue_adj is not None:
                cue, anchor = s.cue_at_token[cue_adj.i], node
        if node.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "aux" and c.lower_ in _COMMITMENT for c in node.children
        ):
            w.committed = True
        if node.i in used:
            prev, node = node, (node.head if node.head.i != node.i else None)
            continue  # the rest of a cue already counted ("will not agree to")
        if (
            cue is not None
            and anchor.dep_ == "relcl"
            and any(c.dep_ == "aux" and c.lower_ == "had" for c in anchor.children)
        ):
            break  # "Acme, which had opposed X for years, now ...": a superseded position
        if (
            cue is not None
            and came == "prep"
            and prev.lower_ == "for"
            and s.is_word(anchor, "purpose_nouns")
        ):
            cue = None  # "Israel's conditions for ending the war": a purpose, not a position
        if cue is not None:
            used.update(range(cue[0].start, cue[0].end))
            sign, notes = cue_sign(anchor, cue, s)
            w.sign = _combine(w.sign, sign)
            w.cues.append(cue[0].text)
            w.notes += notes
            if not cue[2].endswith(" (noun)"):
                w.stance_cues += 1
            cond = condition_of(anchor, s) or (
                condition_of(node, s) if node.i != anchor.i else None
            )
            if cond:
                w.sign, w.condition = 0, cond
            whos, rule = speakers_of_cue(anchor, s)
            if whos:
                reported = _reporting_condition(anchor, s)
                if reported and not w.condition:  # "X said it is open to Y, but only if Z"
                    w.sign, w.condition = 0, reported
                past = anchor.tag_ == "VBD" or any(
                    c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in anchor.children
                )
                notes_here = (*w.notes, "reported as past") if past else tuple(w.notes)
                w.steps.append(Step(whos, w.sign, rule, " ".join(w.cues), w.condition, notes_here))
                if rule in VERBAL_RULES:
                    return w
        elif _is_reverser(node, s) and node.i not in s.demand_tokens:
            neg, _ = negation(node, s)
            w.sign = -w.sign if not neg else w.sign
            w.notes.append(f"reversed by '{node.text}'")
            _revise_owner(w, node, s)
        elif (
            node.pos_ in ("VERB", "AUX") and node.i not in s.demand_tokens and negation(node, s)[0]
        ):
            w.sign = -w.sign  # "we will not return to X", "X is not affected"
            w.notes.append(f"negated '{node.text}'")
        elif s.is_word(node, "frame_verbs") and came in _FRAME_SLOTS:
            carrier = next((c for c in node.children if c.dep_ in SUBJECTS), None)
            if carrier is not None and (
                s.is_word(carrier, "carrier_nouns") or carrier.i in s.cue_at_token
            ):
                cue = s.cue_at_token.get(carrier.i)
                w.sign = _combine(w.sign, SIGN[cue[1]] if cue else 1)
                w.cues.append(f"{carrier.text} {node.text}")
                owner = owner_of(carrier, s)
                if owner:
                    w.steps.append(
                        Step(
                            (owner,), w.sign, "frame", " ".join(w.cues), w.condition, tuple(w.notes)
                        )
                    )
                else:
                    w.frame = carrier.text
                return w
        if s.is_word(node, "speech_verbs") and came in (
            "ccomp",
            "parataxis",
            "xcomp",
            "advcl",
            "conj",
            "dobj",
        ):
            if w.stance_cues:
                subj = next((c for c in node.children if c.dep_ in SUBJECTS), None)
                whos = actors_named(subj, s) if subj is not None else ()
                if whos:
                    w.steps.append(
                        Step(
                            whos,
                            w.sign,
                            "reported_speech",
                            " ".join(w.cues),
                            w.condition,
                            tuple(w.notes),
                        )
                    )
            return w
        prev, node = node, (node.head if node.head.i != node.i else None)
    return w
