"""Which labelled pairs the rules already decide: the model is heard only where the rules are
silent, so it is trained and validated on the pairs they leave.

Each negotiation's passages become one-sentence documents under a codebook made of the pairs'
own words (every actor's words an alias, every demand's words a term); the rule extractor runs on
them, and a pair it gives a claim for is "spoken". Besides shaping the training set, this measures
the rules on the pairs (how many stated positions they find, how many of their claims are right).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.learn.pairs import Pair
from pipeline.lexicon import Lexicon


def _words(p: Pair, span: tuple[int, int]) -> str:
    return p.text[span[0] : span[1]].strip()


def rules_claims(pairs: list[Pair], lexicon: Lexicon) -> dict[int, str]:
    """{index of a pair: the stance the rules give it} for the pairs the rules speak on."""
    from pipeline.nlp.extract import Extractor, extract_claims

    spoken: dict[int, str] = {}
    by_case: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        by_case.setdefault(p.case, []).append(i)
    for rows in by_case.values():
        actor_of: dict[str, str] = {}
        demand_of: dict[str, str] = {}
        for i in rows:
            actor_of.setdefault(_words(pairs[i], pairs[i].actor).lower(), f"a{len(actor_of)}")
            demand_of.setdefault(_words(pairs[i], pairs[i].demand).lower(), f"d{len(demand_of)}")
        # an actor's words that are also a demand's words would match twice: the demand wins
        aliases = {w: a for w, a in actor_of.items() if w not in demand_of}
        ids = sorted(set(actor_of.values()))
        actors = pd.DataFrame(
            {"actor_id": ids, "kind": "organization", "top_actor_id": ids, "name": ids}
        )
        ex = Extractor(
            lexicon,
            actors,
            pd.DataFrame({"alias": list(aliases), "actor_id": list(aliases.values())}),
            pd.DataFrame(
                {"demand_id": list(demand_of.values()), "term": list(demand_of), "polarity": "same"}
            ),
        )
        texts = list(dict.fromkeys(pairs[i].text for i in rows))
        doc_ids = [f"p{k}" for k in range(len(texts))]
        documents = pd.DataFrame(
            {
                "doc_id": doc_ids,
                "text": texts,
                "published": dt.date(2000, 1, 1),
                "source_file": "pairs",
                "body_line": 1,
                "issued_by": None,
            }
        )
        sentences = pd.DataFrame(
            {
                "doc_id": doc_ids,
                "sentence_no": 0,
                "start": 0,
                "end": [len(t) for t in texts],
                "line_no": 1,
                "is_list_item": False,
                "block_no": 0,
            }
        )
        said = {
            (c["doc_id"], c["actor_id"], c["demand_id"]): c["stance"]
            for c in extract_claims(documents, sentences, ex)
        }
        doc_of = dict(zip(texts, doc_ids, strict=True))
        for i in rows:
            p = pairs[i]
            key = (
                doc_of[p.text],
                actor_of[_words(p, p.actor).lower()],
                demand_of[_words(p, p.demand).lower()],
            )
            if key in said:
                spoken[i] = said[key]
    return spoken
