"""Cross-sentence rules: what a sentence inherits from the document around it.

- `issuer_provision`: in a document `issued_by` an actor (a plan, an offer, a communiqué), every
  demand it names is the issuer's provision, whoever the sentence makes its subject ("The union
  agrees to suspend strikes" in a government's offer is the government's term); the sign comes from
  the cues, reversers and negations around the demand, and a bare mention is a provision (supports).
- `list_lead`: a sentence ending in ":" with a cue and a speaker ("The union is seeking:") gives
  both to the list items after it; a lead whose subject is a text ("The statement lists the
  following:") takes the speaker of the frame open in the document.
- `frame`: a position noun without owner ("A second precondition is X") continues the frame of
  the last speaker who stated a position in the three sentences before.
- `demand_reference`: "reject the demands", "backed it" point back to the demands named in the
  same sentence before, or in the two sentences before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from pipeline.nlp.rules import Sentence, Step, Who, actors_named, cue_sign, speakers_of_cue
from pipeline.nlp.stance import Walk

FRAME_DISTANCE = 3  # sentences a frame stays open


@dataclass(frozen=True)
class Lead:
    speakers: tuple[Who, ...]
    sign: int
    cue: str


@dataclass
class DocState:
    """What one document carries from sentence to sentence."""

    issuer: str | None
    issuer_name: str | None
    lead: Lead | None = None
    frame: tuple[tuple[Who, ...], int] | None = None  # (speakers, sentence number)
    recent_demands: list[tuple[int, list[tuple[str, str, str]]]] = field(default_factory=list)

    def frame_speakers(self, sentence_no: int) -> tuple[Who, ...]:
        if self.frame and sentence_no - self.frame[1] <= FRAME_DISTANCE:
            return self.frame[0]
        return ()

    def remember(self, speakers: tuple[Who, ...], sentence_no: int) -> None:
        if speakers:
            self.frame = (speakers, sentence_no)

    def referenced(self, sentence_no: int, number: str, here: list) -> list[tuple[str, str, str]]:
        pool = here or [
            v for no, values in self.recent_demands if sentence_no - no <= 2 for v in values
        ]
        if not pool:
            return []
        if number == "singular":
            return pool[-1:]
        return list({v[0]: v for v in pool}.values())


def lead_of(s: Sentence, state: DocState, sentence_no: int) -> Lead | None:
    """The speaker and sign a list lead gives its items, or None."""
    if not s.span.text.rstrip().endswith(":"):
        return None
    root = s.span.root
    subj = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    main = (actors_named(subj, s) if subj is not None else ()) or issuer_who(state)
    for cue in reversed(s.found.cues):  # the cue nearest the colon that has a speaker
        anchor = cue[0].root
        sign, _ = cue_sign(anchor, cue, s)
        whos = speakers_of_cue(anchor, s)[0] or main
        if whos:
            return Lead(tuple(Who(w.actor_id, w.mention, "list") for w in whos), sign, cue[0].text)
    if (
        subj is not None
        and s.is_word(root, "frame_verbs")
        and (s.is_word(subj, "document_nouns") or s.is_word(subj, "carrier_nouns"))
    ):
        whos = actors_named(subj, s) or issuer_who(state) or state.frame_speakers(sentence_no)
        if whos:
            return Lead(
                tuple(Who(w.actor_id, w.mention, "list") for w in whos),
                1,
                f"{subj.text} {root.text}",
            )
    return None


def issuer_who(state: DocState) -> tuple[Who, ...]:
    return (Who(state.issuer, state.issuer_name or state.issuer, "issuer"),) if state.issuer else ()


def settle(
    w: Walk, s: Sentence, state: DocState, sentence_no: int, is_item: bool, dspan: Span
) -> list[Step]:
    """The steps of a walk once the document's context is applied."""
    if w.blocked:
        return []
    if is_item and state.lead is not None:  # the item's own cues compose with the lead's
        sign = 0 if w.sign == 0 or state.lead.sign == 0 else w.sign * state.lead.sign
        return [
            Step(
                state.lead.speakers,
                sign,
                "list_lead",
                " ".join([state.lead.cue] + w.cues),
                w.condition,
                tuple(w.notes),
            )
        ]
    if state.issuer:
        others = [
            st
            for st in w.steps
            if all(x.actor_id != state.issuer for x in st.speakers)
            and (st.rule == "carrier_noun" or "reported as past" in st.notes)
        ]
        if others:  # "the union's demand for X", "the union has asked for X": theirs, not ours
            return others
        if not (w.stance_cues or w.committed or is_item) or not any(
            t.pos_ in ("VERB", "AUX") for t in s.span
        ):
            return []  # a bare mention, a heading: no provision
        return [
            Step(
                issuer_who(state),
                w.sign,
                "issuer_provision",
                " ".join(w.cues) or "provision of the issuing document",
                w.condition,
                tuple(w.notes),
            )
        ]
    if w.steps:
        return w.steps
    if w.frame is not None:
        whos = state.frame_speakers(sentence_no)
        if whos:
            return [
                Step(
                    tuple(Who(x.actor_id, x.mention, "frame") for x in whos),
                    w.sign,
                    "frame",
                    " ".join(w.cues),
                    w.condition,
                    tuple(w.notes),
                )
            ]
        return []
    return []
