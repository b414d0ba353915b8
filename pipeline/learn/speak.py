"""Where the rules are silent, the model may speak: each actor mention x demand mention of a
sentence that the rules gave no claim for is scored, and a stance above the model's threshold
becomes a claim (`rule = model`, the probability as its confidence)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.learn.features import pair_features
from pipeline.learn.model import StanceModel

REVERSED = {"supports": "rejects", "rejects": "supports", "ambiguous": "ambiguous"}


@dataclass(frozen=True)
class Said:
    actor_id: str
    actor_span: Span
    demand_id: str
    demand_span: Span
    stance: str
    p: float
    why: tuple[str, ...]


def score_pairs(
    sent: Span,
    actors: list[tuple[Span, str]],
    demands: list[tuple[Span, tuple[str, str, str]]],
    cues: list[tuple[Span, str, str]],
    model: StanceModel,
    speech_verbs: frozenset[str],
    taken: set[tuple[str, str]],
    floor: float | None = None,
) -> list[Said]:
    """The best-scored stance per actor and demand not in `taken`, at or above `floor` (default:
    the model's threshold). A stance on an opposite term is reversed for its demand."""
    floor = model.threshold if floor is None else floor
    best: dict[tuple[str, str], Said] = {}
    spans = [a for a, _ in actors]
    for aspan, actor in actors:
        others = [s for s in spans if s is not aspan]
        for dspan, (demand, polarity, _term) in demands:
            if (actor, demand) in taken:
                continue
            feats = pair_features(sent, aspan, dspan, cues, others, speech_verbs)
            probs = model.proba(feats)
            k = int(probs.argmax())
            label, p = model.classes[k], float(probs[k])
            if label == "none" or p < floor:
                continue
            why = model.explain(feats, k)
            stance = REVERSED[label] if polarity == "opposite" else label
            key = (actor, demand)
            if key not in best or p > best[key].p:
                best[key] = Said(actor, aspan, demand, dspan, stance, p, tuple(why))
    return list(best.values())
