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


def _candidate_rows(f: dict[str, pd.DataFrame], claimed: set[tuple[str, int, str]]) -> list[dict]:
    """Sentences naming an actor and a demand with no claim for that demand there."""
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
    rows = []
    for s in f["sentences"].itertuples(index=False):
        text = texts[s.doc_id][s.start : s.end]
        found = m.scan(text)
        if not found.get("actors") or not found.get("demands"):
            continue
        actor = found["actors"][0]
        for d in {d.value[0]: d for d in found["demands"]}.values():
            if (s.doc_id, s.sentence_no, d.value[0]) in claimed:
                continue
            rows.append(
                {
                    "_rank": (1, s.doc_id, s.start),
                    "document": s.doc_id,
                    "actor": actor.value,
                    "demand": d.value[0],
                    "stance": "",
                    "quote": text,
                    "rule": "",
                    "confidence": "",
                    "cue": "",
                    "demand_term": d.text,
                    "actor_mention": actor.text,
                    "why": "candidate: actor and demand named, no claim made",
                    "published": dates[s.doc_id],
                    "_start": s.start,
                }
            )
    return rows


def worksheet(f: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The ranked worksheet of a built set of tables (staging, claims and stances)."""
    claims = f["claims"]
    claimed = {
        (d, int(n), m)
        for d, n, m in zip(
            claims["doc_id"], claims["sentence_no"], claims["demand_id"], strict=True
        )
    }
    rows = _claim_rows(claims, f["stances"]) + _candidate_rows(f, claimed)
    rows.sort(key=lambda r: (r["_rank"], r["document"], r["_start"], r["actor"], r["demand"]))
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "_rank", "_start"])[list(COLUMNS)]
    frame["published"] = pd.to_datetime(frame["published"]).dt.strftime("%Y-%m-%d")
    frame["decision"] = frame["coder"] = frame["note"] = ""
    return frame.fillna("")


def to_csv(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    frame.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return out.getvalue()
