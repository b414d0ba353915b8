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
    RULE_OF_HOW,
    SUBJECTS,
    Sentence,
    Step,
    Who,
    actors_named,
    clause_head,
    condition_clause,
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
    via_noun: int | None = None  # steps from here on were reached through a relative clause
    modal_verb: Token | None = None  # the verb of a modal clause whose object is the demand


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


def _path(low: Token, high: Token) -> list[Token]:
    """The tokens from `low` up to (not including) its ancestor `high`."""
    out = []
    while low.i != high.i and low.head.i != low.i:
        out.append(low)
        low = low.head
    return out


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


def _describes(noun: Token, clause: Token, s: Sentence) -> bool:
    """ "insisting on a contract that would bar X", "want a settlement that guarantees X": a
    relative clause whose subject is the relative pronoun standing for a plain noun (not an actor,
    not a demand) gives the noun's content; what governs the noun governs the demand."""
    return (
        noun.pos_ == "NOUN"
        and noun.i not in s.actor_at_token
        and noun.i not in s.demand_tokens
        and s.is_word(noun, "content_nouns")
        and any(
            c.dep_ in SUBJECTS + PASSIVE_SUBJECTS and c.lower_ in ("that", "which")
            for c in clause.children
        )
        and not any(c.dep_ == "aux" and c.lower_ == "had" for c in clause.children)
    )


def _named_rule(step: Step, from_noun: bool) -> list[Step]:
    """A step split by the construction each speaker was found through (`RULE_OF_HOW`), and a
    step reached through a relative clause on a plain noun named for that."""
    rule = step.rule
    if from_noun and rule in VERBAL_RULES + ("carrier_noun",):
        rule = "relative_clause_noun"
    groups: dict[str, list[Who]] = {}
    for who in step.speakers:
        groups.setdefault(RULE_OF_HOW.get(who.how, rule), []).append(who)
    return [
        Step(tuple(whos), step.sign, r, step.cue, step.condition, step.notes)
        for r, whos in groups.items()
    ]


_OWN = frozenset(("will", "shall", "'ll", "wo"))  # the actor's own undertaking
_SHOULD = frozenset(("should", "must", "ought"))  # a position on what ought to happen
_MAY = frozenset(("could", "might", "may"))  # a possibility, no position


def _modal(verb: Token) -> str | None:
    return next((c.lower_ for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD"), None)


def _modal_step(w: Walk, s: Sentence) -> Step | None:
    """A modal clause with no cue: "The ministry will release X" (`commitment`: the subject's
    own action, also when it reports it: "said it would not reopen X"), "reiterated that the
    island should hold X" (`should_clause`: the sayer's position), "said the plan could serve
    as X" (`modal_clause`: the sayer, ambiguous). Predictions about others give nothing."""
    verb = w.modal_verb
    if verb is None or s.is_word(verb, "non_commitment_verbs"):
        return None
    modal = _modal(verb)
    speech = next((a for a in verb.ancestors if s.is_word(a, "speech_verbs")), None)
    sayer_tok = (
        next((c for c in speech.children if c.dep_ in SUBJECTS), None)
        if speech is not None
        else None
    )
    sayers = actors_named(sayer_tok, s) if sayer_tok is not None else ()
    subj = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    doers = actors_named(subj, s) if subj is not None else ()
    cue = f"{modal} {verb.text}"
    condition = w.condition or condition_of(verb, s)
    notes = tuple(w.notes)
    negated = negation(verb, s)[0]
    sign = 0 if condition else w.sign
    if modal in _MAY | {"can"} and negated:
        modal = "will"  # "the airline could not afford X", "we cannot accept X": a refusal
    if modal in _OWN or (modal == "would" and speech is not None):
        if not doers or (
            speech is not None
            and s.sides(doers) != s.sides(sayers)
            and (sayers or sayer_tok is None or not s.is_word(sayer_tok, "speaker_nouns"))
        ):
            return None  # "Acme said the union will accept X": a prediction about another
        # the doer's own undertaking, told by itself, by one who speaks for it ("the envoy said
        # Norland would not extend X") or by an unnamed official ("..., the minister said")
        return Step(doers, sign, "commitment", cue, condition, notes)
    if modal in _SHOULD and sayers:
        return Step(sayers, sign, "should_clause", cue, condition, notes)
    if modal in _MAY and sayers:
        return Step(sayers, 0, "modal_clause", cue, condition, (*notes, "a possibility"))
    return None


def _clause_sign(
    head: Token, dspan: Span, top: Token, sign: int, s: Sentence
) -> tuple[int, str] | None:
    """The sign the demand has inside the clause up to `top` (its cues, reversers, negations),
    and the cues seen: "the company drops its demand for X" makes X rejected. None when a
    relative clause or an apposition stands between (they describe, they do not govern)."""
    if any(t.dep_ in ("relcl", "appos") for t in _path(head, top)):
        return None
    negated, softened = negation(head, s, dspan)
    if negated:
        sign = 0 if softened else -sign
    cues: list[str] = []
    for node in _path(head, top)[1:] + ([top] if head.i != top.i else []):
        cue = s.cue_at_token.get(node.i)
        if cue is not None and node.i not in s.demand_tokens and not cue[2].endswith(" (noun)"):
            sign = _combine(sign, cue_sign(_root_of(cue[0]), cue, s)[0])
            cues.append(cue[0].text)
        elif _is_reverser(node, s) and node.i not in s.demand_tokens:
            sign = sign if negation(node, s)[0] else -sign
            cues.append(node.text)
        elif node.pos_ in ("VERB", "AUX") and negation(node, s)[0]:
            sign = -sign
    return sign, " ".join(cues)


def _own_condition(head: Token, dspan: Span, demand_id: str, sign: int, s: Sentence) -> Step | None:
    """ "The union will return to talks only on condition that the company first submits X",
    "will free prisoners if the rebels cut X": the one who sets the condition wants it met, so
    the speaker of the clause the condition is attached to holds the condition's demand
    (`own_condition`). A bare "if" counts only when that clause offers something (a demand, a
    support cue: "will strike if X" is a threat, not a condition); other openers ("whether",
    "unless", "until") give nothing, nor a tentative offer ("could live without Y if X") or a
    condition on the offered demand itself ("ready to hold X if citizens request it")."""
    found = condition_clause(head, s)
    if found is None:
        return None
    clause, opener = found
    if opener not in s.words_phrases("demand_conditions") and opener != "if":
        return None
    host = clause.head
    while host.pos_ not in ("VERB", "AUX") and host.head.i != host.i:
        host = host.head
    if host.i == clause.i or inside_condition(host, s) or negation(host, s)[0]:
        return None
    if any(c.dep_ == "aux" and s.is_word(c, "hedge_modals") for c in host.children):
        return None
    inside = range(clause.left_edge.i, clause.right_edge.i + 1)
    if any(
        v[0] == demand_id
        and span.start not in inside
        and host.left_edge.i <= span.start <= host.right_edge.i
        for span, v in s.found.demands
    ):
        return None
    if opener == "if" and not any(
        t.i not in inside
        and (
            t.i in s.demand_tokens
            or (t.i in s.cue_at_token and s.cue_at_token[t.i][1] == "support")
        )
        for t in host.subtree
    ):
        return None
    signed = _clause_sign(head, dspan, clause, sign, s)
    if signed is None:
        return None
    sign, cues = signed
    whos, _ = speakers_of_cue(host, s)
    if not whos:
        speech = next((a for a in host.ancestors if s.is_word(a, "speech_verbs")), None)
        subj = next((c for c in speech.children if c.dep_ in SUBJECTS), None) if speech else None
        whos = actors_named(subj, s) if subj is not None else ()
    if not whos:
        return None
    text = s.span.doc[clause.left_edge.i : clause.right_edge.i + 1].text
    return Step(whos, sign, "own_condition", cues or opener, None, (f"its condition: {text}",))


def _denied(anchor: Token, s: Sentence) -> bool:
    """The cue's clause is denied: "It was not true that the company had rejected X", "it is
    false that", "denied that it had rejected X", "dismissed reports that it had rejected X".
    What a denied clause says is no position (at most the opposite; unsure, so no claim)."""
    verb = clause_head(anchor)
    while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        verb = verb.head  # "had refused to accept X", "met and rejected X"
    if verb.dep_ not in ("ccomp", "acl", "csubj"):
        return False
    above = verb.head
    if verb.dep_ == "acl":  # "dismissed reports that ..."
        return s.is_word(above, "rumour_nouns") and s.is_word(above.head, "denial_verbs")
    if s.is_word(above, "denial_verbs"):
        return not negation(above, s)[0]
    said = [c for c in above.children if c.dep_ in ("acomp", "attr")]
    negated = negation(above, s)[0] or any(negation(c, s)[0] for c in said)
    if any(s.is_word(c, "falsity_words") for c in said):
        return not negated
    return negated and any(s.is_word(c, "truth_words") for c in said)


def _indicating(anchor: Token, clause: Token, cue: tuple[Span, str, str], s: Sentence) -> bool:
    """ "signalling it does not include X": a hedge verb with a clause after it indicates what
    the clause says; it hedges its object ("signalled flexibility on X") and a clause that is
    tentative itself ("signalled he could live without X if ...")."""
    return (
        cue[1] == "hedge"
        and clause.dep_ == "ccomp"
        and s.is_word(anchor, "indicating_verbs")
        and not any(c.dep_ == "aux" and s.is_word(c, "hedge_modals") for c in clause.children)
        and condition_of(clause, s) is None
    )


def _semicolon_between(clause: Token, head: Token) -> bool:
    """A ";" between a clause and the word it hangs from: two clauses the parser joined."""
    lo, hi = (clause.right_edge.i, head.i) if clause.i < head.i else (head.i, clause.left_edge.i)
    return any(t.text == ";" for t in clause.doc[lo + 1 : hi])


def _accused_of(head: Token, s: Sentence) -> bool:
    """ "The alliance accused the union of wanting X", "blamed Acme for X": what one side says
    the other wants is neither the accuser's position nor, on that word, the accused's."""
    return any(
        a.dep_ == "prep" and a.lower_ in ("of", "for") and s.is_word(a.head, "accusation_verbs")
        for a in head.ancestors
    )


def _told_by_another(anchor: Token, whos: tuple[Who, ...], s: Sentence) -> bool:
    """ "According to the mayor, Acme also agreed X": a position told by someone other than its
    holder is unconfirmed (the source's own account of another is no claim either). Sourcing that
    names no actor ("according to officials familiar with the talks") is the reporter's."""
    for verb in (anchor, *anchor.ancestors):
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "according":
                sources = [
                    o
                    for to in prep.children
                    if to.lower_ == "to"
                    for o in to.children
                    if o.dep_ == "pobj"
                ]
                told = {x.actor_id for o in sources for x in actors_named(o, s)}
                return bool(told) and not told & {x.actor_id for x in whos}
    return False


def walk(dspan: Span, value: tuple[str, str, str], s: Sentence) -> Walk:
    """The walk of one demand mention, each step named for the construction that found it."""
    w = _walk(dspan, value, s)
    if not w.steps and not w.blocked and w.frame is None and not w.cues:
        step = _modal_step(w, s)
        if step is not None:
            w.steps.append(step)
    w.steps = [
        named
        for k, step in enumerate(w.steps)
        for named in _named_rule(step, w.via_noun is not None and k >= w.via_noun)
    ]
    return w


def _walk(dspan: Span, value: tuple[str, str, str], s: Sentence) -> Walk:
    demand_id, polarity, term = value
    head = _root_of(dspan, ("NOUN", "PROPN", "VERB")) if len(dspan) > 1 else dspan[0]
    w = Walk(sign=-1 if polarity == "opposite" else 1)
    if polarity == "opposite":
        w.notes.append(f"opposite term '{term}'")
    doc = dspan.doc
    if dspan.end < len(doc) and s.is_word(doc[dspan.end], "counter_nouns"):
        w.blocked = True  # "the league's revenue split offer": a counter-offer, not the demand
        return w
    if _accused_of(head, s):
        w.blocked = True  # "accused the union of wanting X": nobody's own position
        return w
    if inside_condition(head, s):
        own = _own_condition(head, dspan, demand_id, w.sign, s)
        if own is None:
            w.blocked = True
        else:
            w.steps.append(own)
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
    purpose = False  # the walk passed the "for" of a purpose noun ("the conditions for X")
    if head.pos_ == "VERB" and _modal(head):
        w.modal_verb = head  # the demand is the verb phrase: "will release 400 detainees"
    prev, node = head, (head.head if head.head.i != head.i else None)
    while node is not None:
        came = prev.dep_
        if came in ("ccomp", "parataxis", "conj") and _semicolon_between(prev, node):
            break  # "Strike idles ports; White House rules out ...": a headline's two clauses
        if came == "relcl":
            if not _describes(node, prev, s):
                break  # the clause describes the noun above; it does not govern it
            if w.via_noun is None:
                w.via_noun = len(w.steps)
        cue = None
        anchor = node
        if came == "pobj" and node.dep_ == "prep" and node.lower_ == "without":
            w.sign = -w.sign  # "a settlement without X", "any deal without X"
            w.notes.append("negated by 'without'")
        sibling = came == "conj" and prev.pos_ in ("VERB", "AUX")
        if sibling:
            pass  # "was committed to the deal but made clear that X": the cue governs the deal
        elif node.i in s.cue_at_token and node.i not in s.demand_tokens:
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
        if (
            w.modal_verb is None
            and node.pos_ == "VERB"
            and came == "dobj"
            and _modal(node)
            and all(t.dep_ in ("dobj", "compound", "amod", "det") for t in _path(head, node))
        ):
            w.modal_verb = node  # "will not reopen the agreement", "should hold a referendum"
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
        if came == "prep" and prev.lower_ == "for" and s.is_word(node, "purpose_nouns"):
            purpose = True  # "rejected the conditions for a bailout" says nothing of the bailout
        elif cue is not None and purpose:
            w.blocked = True
            return w
        if cue is not None and _denied(anchor, s):
            w.blocked = True  # "It was not true that the company had rejected X"
            return w
        if cue is not None and _indicating(anchor, prev, cue, s):
            cue = (cue[0], "support", cue[2])  # neutral: the clause's own sign stands
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
            if whos and _told_by_another(anchor, whos, s):
                w.blocked = True  # "According to the mayor, Acme agreed X": not Acme's own word
                return w
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
        elif sibling and _is_reverser(node, s):
            pass  # "drop the bid and return capital": a reverser on one conjunct keeps to it
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
