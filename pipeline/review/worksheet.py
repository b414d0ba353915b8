"""The review worksheet: every extracted claim and candidate passage, for an analyst to decide.

Rows are in the codings format (document, actor, demand, stance, quote) plus `decision` (empty:
the analyst writes `accept`, `reject`, or the right stance), `coder`, and what the extractor saw
(`rule`, `confidence`, `cue`, `demand_term`, `actor_mention`, `why`). Ranked so that the rows the
matrix depends on most come first: claims in cells resting on extraction alone, then on the cell's
deciding date, in conflicted cells, in cells with few claims, with low confidence; candidate
passages (an actor and a demand term in one sentence, no claim made) come last. A filled
worksheet saved into `codings/` is read back as codings: undecided rows are skipped.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from pipeline.learn.model import StanceModel
from pipeline.lexicon import Lexicon, load_lexicon
from pipeline.nlp.prefilter import Matcher

COLUMNS = (
    "document",
    "actor",
    "demand",
    "stance",
    "quote",
    "decision",
    "coder",
    "note",
    "rule",
    "confidence",
    "cue",
    "demand_term",
    "actor_mention",
    "why",
    "published",
)


def _claim_rows(claims: pd.DataFrame, stances: pd.DataFrame) -> list[dict]:
    cells = stances.set_index(["actor_id", "demand_id"])
    rows = []
    for c in claims[claims["origin"] == "extracted"].itertuples(index=False):
        cell = cells.loc[(c.top_actor_id, c.demand_id)]
        deciding = pd.notna(cell["as_of"]) and pd.Timestamp(c.published) == pd.Timestamp(
            cell["as_of"]
        )
        reasons = []
        if bool(cell["extracted_only"]):
            reasons.append("cell rests on extraction alone")
        if deciding:
            reasons.append("decides the cell")
        if bool(cell["conflicted"]):
            reasons.append("cell conflicted")
        if c.confidence < 0.7:
            reasons.append("low confidence")
        rank = (
            0 if cell["extracted_only"] else 1,
            0 if deciding else 1,
            0 if cell["conflicted"] else 1,
            int(cell["n_claims"]),
            float(c.confidence),
        )
        rows.append(
            {
                "_rank": (0, *rank),
                "document": c.doc_id,
                "actor": c.actor_id,
                "demand": c.demand_id,
                "stance": c.stance,
                "quote": c.quote,
                "rule": c.rule,
                "confidence": f"{c.confidence:.2f}",
                "cue": c.cue,
                "demand_term": c.demand_term,
                "actor_mention": c.actor_mention,
                "why": "; ".join(reasons) or "corroborated",
                "published": c.published,
                "_start": c.start,
            }
        )
    return rows


CANDIDATE_FLOOR = 0.15  # a candidate's model proposal is shown from this probability of a stance


def _candidate_rows(
    f: dict[str, pd.DataFrame],
    claimed: set[tuple[str, int, str, str]],
    lexicon: Lexicon,
    stance_model: StanceModel | None,
) -> list[dict]:
    """Every actor x demand named in one sentence with no claim for them there, the model's
    proposed stance filled in where it gives one at least `CANDIDATE_FLOOR`; then the raiser of
    each demand that no claim covers, proposed as supporting it."""
    m = Matcher()
    for alias, actor in zip(
        f["actor_aliases"]["alias"], f["actor_aliases"]["actor_id"], strict=True
    ):
        m.add("actors", alias, actor, possessive=True)
    for demand, term in zip(f["demand_terms"]["demand_id"], f["demand_terms"]["term"], strict=True):
        m.add("demands", term, (demand, term), plural=True)
    m.compile()
    texts = dict(zip(f["documents"]["doc_id"], f["documents"]["text"], strict=True))
    dates = dict(zip(f["documents"]["doc_id"], f["documents"]["published"], strict=True))
    top = dict(zip(f["actors"]["actor_id"], f["actors"]["top_actor_id"], strict=True))
    empty = {
        (a, d)
        for a, d, st in zip(
            f["stances"]["actor_id"], f["stances"]["demand_id"], f["stances"]["stance"], strict=True
        )
        if st == "no_position"
    }
    naming, with_actor = [], []  # sentences naming a demand; those also naming an actor
    for s in f["sentences"].itertuples(index=False):
        text = texts[s.doc_id][s.start : s.end]
        found = m.scan(text)
        if found.get("demands"):
            naming.append((s, text, found))
            if found.get("actors"):
                with_actor.append((s, text))
    proposals = _proposals(f, with_actor, lexicon, stance_model)
    rows: dict[tuple, dict] = {}
    for (s, text), pairs in zip(with_actor, proposals, strict=True):
        for actor, mention, demand, term, stance, p in pairs:
            cell = (top.get(actor, actor), demand)
            key = (s.doc_id, s.sentence_no, *cell)
            if key in claimed or (key in rows and rows[key]["_p"] >= p):
                continue
            rows[key] = {
                "_rank": (1, 0 if cell in empty else 1, -p, s.doc_id, s.start),
                "_p": p,
                "document": s.doc_id,
                "actor": actor,
                "demand": demand,
                "stance": stance,
                "quote": text,
                "rule": "model" if stance else "",
                "confidence": f"{p:.2f}" if stance else "",
                "cue": "",
                "demand_term": term,
                "actor_mention": mention,
                "why": (
                    f"candidate: the model proposes {stance} (p={p:.2f}); accept or correct"
                    if stance
                    else "candidate: actor and demand named, no claim made"
                ),
                "published": dates[s.doc_id],
                "_start": s.start,
            }
    covered = {k[2:] for k in claimed} | {k[2:] for k in rows}
    for demand, raisers in _raisers(f).items():
        for raiser in raisers:
            cell = (top.get(raiser, raiser), demand)
            if cell in covered:
                continue
            first = _first_naming(naming, demand, raiser)
            if first is None:
                continue
            s, text, term = first
            rows[(s.doc_id, s.sentence_no, *cell)] = {
                "_rank": (1, 0, -1.0, s.doc_id, s.start),
                "_p": 1.0,
                "document": s.doc_id,
                "actor": raiser,
                "demand": demand,
                "stance": "supports",
                "quote": text,
                "rule": "raiser",
                "confidence": "",
                "cue": "",
                "demand_term": term,
                "actor_mention": "",
                "why": "candidate: raised the demand (codebook), no claim found; accept or correct",
                "published": dates[s.doc_id],
                "_start": s.start,
            }
    return list(rows.values())


def _raisers(f: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    out = {}
    for demand, raised in zip(f["demands"]["demand_id"], f["demands"]["raised_by"], strict=True):
        if isinstance(raised, str) and raised.strip():
            out[demand] = [a.strip() for a in raised.split(",") if a.strip()]
    return out


def _first_naming(naming, demand: str, raiser: str):
    """The first sentence naming `demand` and the raiser, else the first naming the demand."""
    first = None
    for s, text, found in naming:
        terms = [d.text for d in found["demands"] if d.value[0] == demand]
        if not terms:
            continue
        if any(a.value == raiser for a in found.get("actors", [])):
            return s, text, terms[0]
        first = first or (s, text, terms[0])
    return first


def _proposals(f, with_actor, lexicon: Lexicon, stance_model: StanceModel | None) -> list[list]:
    """Per sentence: (actor, mention, demand, term, proposed stance or "", probability) of each
    actor and demand mention, the model's stance given from `CANDIDATE_FLOOR`."""
    from pipeline.learn.features import pair_features
    from pipeline.learn.speak import REVERSED
    from pipeline.nlp import model as spacy_model
    from pipeline.nlp.vocabulary import Vocabulary

    if not with_actor:
        return []
    nlp = spacy_model.load()
    vocab = Vocabulary(nlp, lexicon, f["actor_aliases"], f["demand_terms"])
    speech = vocab.words["speech_verbs"]
    out = []
    for doc in nlp.pipe((text for _, text in with_actor), batch_size=256):
        found = vocab.find(doc)
        pairs = []
        spans = [a for a, _ in found.actors]
        for aspan, actor in found.actors:
            for dspan, (demand, polarity, _term) in found.demands:
                stance, p = "", 0.0
                if stance_model is not None and aspan.sent == dspan.sent:
                    feats = pair_features(
                        aspan.sent,
                        aspan,
                        dspan,
                        found.cues,
                        [o for o in spans if o is not aspan],
                        speech,
                    )
                    probs = stance_model.proba(feats)
                    ranked = sorted(
                        (float(v), k)
                        for k, v in zip(stance_model.classes, probs, strict=True)
                        if k != "none"
                    )
                    p, label = ranked[-1]
                    if p >= CANDIDATE_FLOOR:
                        stance = REVERSED[label] if polarity == "opposite" else label
                    else:
                        p = 0.0
                pairs.append((actor, aspan.text, demand, dspan.text, stance, p))
        out.append(pairs)
    return out


def worksheet(
    f: dict[str, pd.DataFrame],
    lexicon: Lexicon | None = None,
    stance_model: StanceModel | None = None,
) -> pd.DataFrame:
    """The ranked worksheet of a built set of tables (staging, claims and stances); candidate
    rows carry `stance_model`'s proposals (none without a model)."""
    claims = f["claims"]
    claimed = {
        (d, int(n), a, m)
        for d, n, a, m in zip(
            claims["doc_id"],
            claims["sentence_no"],
            claims["top_actor_id"],
            claims["demand_id"],
            strict=True,
        )
    }
    lexicon = lexicon if lexicon is not None else load_lexicon()
    rows = _claim_rows(claims, f["stances"]) + _candidate_rows(f, claimed, lexicon, stance_model)
    rows.sort(key=lambda r: (r["_rank"], r["document"], r["_start"], r["actor"], r["demand"]))
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "_rank", "_start"])[list(COLUMNS)]
    frame["published"] = pd.to_datetime(frame["published"]).dt.strftime("%Y-%m-%d")
    frame["decision"] = frame["coder"] = frame["note"] = ""
    return frame.fillna("")


def to_csv(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    frame.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return out.getvalue()
