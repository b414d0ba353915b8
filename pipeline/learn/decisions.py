"""A case's analyst decisions as labelled pairs: what `stancemap train --raw DIR` learns from.

Each coding (and each filled worksheet row) names a document, an actor, a demand, a stance and a
quote. The quote's sentence is parsed; where it names the coded actor (or one of its members)
and the coded demand, that pair is an example with the coded stance — a stance on an opposite
term reversed, a rejected row a `none` example. A coding whose sentence does not name both (a
pronoun, a demand told in other words) teaches nothing and is counted as such.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.learn.pairs import Pair
from pipeline.learn.speak import REVERSED
from pipeline.lexicon import Lexicon


@dataclass
class Harvest:
    pairs: list[Pair] = field(default_factory=list)
    codings: int = 0
    unmatched: int = 0  # codings whose sentence does not name both actor and demand


def _sentence_range(starts: list[int], ends: list[int], start: int, end: int) -> tuple[int, int]:
    k = max(bisect.bisect_right(starts, start) - 1, 0)
    j = max(bisect.bisect_left(starts, end) - 1, k)
    j = min(j, k + 2)  # a quote over many sentences: its first three
    return starts[k], ends[j]


def decision_pairs(
    f: dict[str, pd.DataFrame], coded: list[dict], case: str, lexicon: Lexicon
) -> Harvest:
    """Pairs from `coded` (rows of `core.coded.coded_claims`) over the staging tables `f`."""
    from pipeline.nlp import model as spacy_model
    from pipeline.nlp.vocabulary import Vocabulary

    out = Harvest(codings=len(coded))
    if not coded:
        return out
    nlp = spacy_model.load()
    vocab = Vocabulary(nlp, lexicon, f["actor_aliases"], f["demand_terms"])
    top = dict(zip(f["actors"]["actor_id"], f["actors"]["top_actor_id"], strict=True))
    texts = dict(zip(f["documents"]["doc_id"], f["documents"]["text"], strict=True))
    bounds = {
        d: (list(g["start"]), list(g["end"]))
        for d, g in f["sentences"].sort_values(["doc_id", "start"]).groupby("doc_id", sort=False)
    }
    spans = []
    for c in coded:
        starts, ends = bounds.get(c["doc_id"], ([c["start"]], [c["end"]]))
        spans.append(_sentence_range(starts, ends, c["start"], c["end"]))
    passages = [texts[c["doc_id"]][a:b] for c, (a, b) in zip(coded, spans, strict=True)]
    for c, doc in zip(coded, nlp.pipe(passages, batch_size=64), strict=True):
        found = vocab.find(doc)
        want = top.get(c["actor_id"], c["actor_id"])
        best = None
        for aspan, actor in found.actors:
            if actor != c["actor_id"] and top.get(actor) != want:
                continue
            for dspan, (demand, polarity, _term) in found.demands:
                if demand != c["demand_id"] or aspan.sent != dspan.sent:
                    continue
                gap = abs(aspan.start - dspan.start)
                if best is None or gap < best[0]:
                    best = (gap, aspan, dspan, polarity)
        if best is None:
            out.unmatched += 1
            continue
        _, aspan, dspan, polarity = best
        sent = aspan.sent
        stance = "none" if c.get("decision") == "reject" else c["stance"]
        if polarity == "opposite" and stance != "none":
            stance = REVERSED[stance]
        base = sent.start_char
        out.pairs.append(
            Pair(
                case,
                sent.text,
                (aspan.start_char - base, aspan.end_char - base),
                (dspan.start_char - base, dspan.end_char - base),
                stance,
                f"{c.get('source_file', '')}:{c.get('source_line', '')}",
            )
        )
    return out


def write_pairs(pairs: list[Pair], path: Path) -> None:
    """The pairs in the training format (one passage a line), so a reader sees what was learnt."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for p in pairs:
        rec = {
            "case": p.case,
            "text": p.text,
            "pairs": [
                {
                    "actor": p.text[p.actor[0] : p.actor[1]],
                    "actor_n": p.text[: p.actor[0]].count(p.text[p.actor[0] : p.actor[1]]) + 1,
                    "demand": p.text[p.demand[0] : p.demand[1]],
                    "demand_n": p.text[: p.demand[0]].count(p.text[p.demand[0] : p.demand[1]]) + 1,
                    "stance": p.stance,
                }
            ],
            "from": p.source,
        }
        lines.append(json.dumps(rec, ensure_ascii=False))
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
