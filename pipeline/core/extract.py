"""Automatic stance extraction: which actor takes which stance on which demand, sentence by sentence.

For each clause that names a demand (a codebook term) the extractor looks for the stance cue that
governs it (the nearest lexicon cue before it, or after it for "X is unacceptable to Kyiv"), then
for the speaker (the nearest actor before the cue that is not the object of a preposition, with
actors joined by "and" sharing the cue). The stance is the cue's, turned round by a negator just
before the cue ("does not accept"), by a reverser between cue and demand ("refuses to give up"),
and by an opposite term; a condition ("only if ...") makes it ambiguous and is kept.

Carried across sentences: a lead ending in ":" gives its speaker and cue to the list items after
it; a pronoun or role noun ("he", "the alliance") and a bullet without a subject refer to the last
speaker that fits. Attribution (named, spokesperson, anonymous sources, the reporter's own words)
and hedges lower the confidence. Precision comes first: no cue, no demand or no speaker, no claim.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from pipeline.core.ids import claim_id
from pipeline.core.patterns import Match, Patterns

SIGN = {"support": 1, "reject": -1, "hedge": 0}
_COORD = re.compile(r"^\s*(?:,|and|&|, and|as well as|together with|along with)\s*$", re.I)
_CHAIN_GAP = re.compile(r"^\s*(?:to|to \w+ly|\w+ly to)\s*$", re.I)
_AGENT = re.compile(r"(?:by|for|to|from)\s+(?:the\s+)?$", re.I)
_WORD = re.compile(r"[\w'’]+")


@dataclass(frozen=True)
class Speaker:
    actor_id: str
    mention: str
    how: str  # named | pronoun | role | elided | list


@dataclass(frozen=True)
class Lead:
    speakers: tuple[Speaker, ...]
    sign: int
    cue: str
    attribution_kind: str
    attribution: str | None


def _clauses(sentence: str, breaks: tuple[str, ...],
             conditions: list[Match]) -> list[tuple[int, int]]:
    """Clause spans: split at the lexicon's clause breaks, ';' and spaced dashes, but not where a
    condition follows (", but only if" belongs to the clause before it)."""
    cuts = {0, len(sentence)}
    for brk in breaks + (";", " — ", " – ", " - "):
        for m in re.finditer(re.escape(brk), sentence, re.I):
            if not any(m.start() <= c.start <= m.end() + 1 for c in conditions):
                cuts.add(m.start())
    edges = sorted(cuts)
    return [(a, b) for a, b in zip(edges, edges[1:]) if sentence[a:b].strip()]


def _preceded_by_preposition(text: str, start: int, prepositions: frozenset[str]) -> bool:
    words = _WORD.findall(text[max(0, start - 24):start])
    return bool(words) and words[-1].lower() in prepositions


def _inside(m: Match, spans: list[tuple[int, int]]) -> bool:
    return any(a <= m.start and m.end <= b for a, b in spans)


class DocumentExtractor:
    """Extraction state for one document (the last speaker, an open list lead)."""

    def __init__(self, patterns: Patterns, kinds: dict[str, str]):
        self.p = patterns
        self.kinds = kinds
        self.last: Speaker | None = None
        self.recent: list[str] = []  # actor ids, most recent last
        self.lead: Lead | None = None

    # -- speakers ---------------------------------------------------------------------------
    def _resolve_reference(self, m: Match) -> Speaker | None:
        kind, fits = m.value
        if self.last and self.kinds.get(self.last.actor_id) in fits:
            return Speaker(self.last.actor_id, m.text, kind)
        for actor in reversed(self.recent):
            if self.kinds.get(actor) in fits:
                return Speaker(actor, m.text, kind)
        return None

    def _candidates(self, s: str, actors: list[Match], refs: list[Match],
                    excluded: list[tuple[int, int]]) -> list[tuple[Match, Speaker]]:
        out = []
        for m in actors:
            if not _inside(m, excluded) and not _preceded_by_preposition(s, m.start, self.p.prepositions):
                out.append((m, Speaker(m.value, m.text, "named")))
        for m in refs:
            if _inside(m, excluded) or _preceded_by_preposition(s, m.start, self.p.prepositions):
                continue
            speaker = self._resolve_reference(m)
            if speaker:
                out.append((m, speaker))
        return sorted(out, key=lambda ms: ms[0].start)

    @staticmethod
    def _speakers_before(s: str, cands: list[tuple[Match, Speaker]], limit: int,
                         floor: int) -> tuple[Speaker, ...]:
        before = [c for c in cands if floor <= c[0].start and c[0].end <= limit]
        if not before:
            return ()
        chosen = [before[-1]]
        for prev in reversed(before[:-1]):
            if _COORD.match(s[prev[0].end:chosen[-1][0].start]):
                chosen.append(prev)
            else:
                break
        return tuple(dict.fromkeys(sp for _, sp in reversed(chosen)))

    # -- stance ----------------------------------------------------------------------------
    def _governing(self, s: str, cues: list[Match], dem: Match, lo: int, hi: int):
        before = [c for c in cues if lo <= c.start and c.end <= dem.start]
        if before:
            chain = [before[-1]]
            for prev in reversed(before[:-1]):
                if _CHAIN_GAP.match(s[prev.end:chain[-1].start]):
                    chain.append(prev)
                else:
                    break
            return list(reversed(chain)), False
        after = [c for c in cues if dem.end <= c.start and c.end <= hi]
        return ([after[0]], True) if after else ([], False)

    @staticmethod
    def _compose(chain: list[Match]) -> int | None:
        """Sign of chained cues: "refuses to accept" rejects, "wants to block" rejects."""
        signs = [SIGN[c.value[0]] for c in chain]
        if 0 in signs:
            return 0
        if len(signs) > 1 and all(x < 0 for x in signs):
            return 0  # "refuses to oppose": too indirect to call
        result = 1
        for x in signs:
            result *= x
        return result

    def _negated(self, s: str, negators: list[Match], cue: Match, floor: int) -> bool:
        window_start = max(floor, cue.start - 30)
        return any(window_start <= n.start and n.end <= cue.start and
                   len(_WORD.findall(s[n.end:cue.start])) <= 3 for n in negators)

    # -- attribution -----------------------------------------------------------------------
    def _attribution(self, s: str, found: dict[str, list[Match]]):
        """(kind, words, confidence penalty, spans whose actors are not speakers)."""
        excluded = []
        for opener in found["attribution_openers"]:
            comma = s.find(",", opener.end)
            excluded.append((opener.start, comma if comma > 0 else len(s)))
        for anon in found["anonymous"]:
            excluded.append((anon.start, min(len(s), anon.end + 40)))
        if found["anonymous"]:
            words = found["anonymous"][0].text
            span = next((e for e in excluded if e[0] <= found["anonymous"][0].start), None)
            if span:
                words = s[span[0]:span[1]].strip(" ,")
            return "anonymous", words, 0.25, excluded
        if found["spokesperson"]:
            return "spokesperson", found["spokesperson"][0].text, 0.05, excluded
        if found["reported"]:
            return "reporter", found["reported"][0].text, 0.15, excluded
        if found["speech_verbs"]:
            return "named", found["speech_verbs"][0].text, 0.0, excluded
        return "reporter", None, 0.05, excluded

    # -- one sentence ----------------------------------------------------------------------
    def sentence(self, s: str, is_item: bool) -> list[dict]:
        p = self.p
        demands = p.demands.find(s)
        actors = [a for a in p.actors(s) if not _inside(a, [(d.start, d.end) for d in demands])]
        dem_spans = [(d.start, d.end) for d in demands]
        cues = [c for c in p.cues.find(s) if not _inside(c, dem_spans)]
        actor_spans = [(a.start, a.end) for a in actors]
        refs = [r for r in p.references.find(s) if not _inside(r, actor_spans + dem_spans)]
        found = {k: ps.find(s) for k, ps in p.lists.items()}
        cue_spans = [(c.start, c.end) for c in cues]
        negators = [n for n in found["negators"] if not _inside(n, cue_spans + dem_spans)]
        reversers = [r for r in found["reversers"] if not _inside(r, cue_spans + dem_spans)]
        kind, attribution, penalty, excluded = self._attribution(s, found)
        cands = self._candidates(s, actors, refs, excluded)
        claims = []
        lead_here = None
        for lo, hi in _clauses(s, p.clause_breaks, found["conditions"]):
            clause_dems = [d for d in demands if lo <= d.start and d.end <= hi]
            clause_cues = [c for c in cues if lo <= c.start and c.end <= hi]
            if s.rstrip().endswith(":") and hi >= len(s.rstrip()) and clause_cues:
                speakers = self._speakers_before(s, cands, clause_cues[-1].start, lo)
                sign = self._compose([clause_cues[-1]])
                if speakers and sign is not None:
                    lead_here = Lead(speakers, sign, clause_cues[-1].text, kind, attribution)
            for dem in clause_dems:
                claim = self._claim(s, dem, clause_cues, cands, negators, reversers, found, lo, hi,
                                    is_item, kind, attribution, penalty)
                claims.extend(claim)
        named = [sp for _, sp in cands]
        if claims:
            self.last = Speaker(claims[0]["actor_id"], claims[0]["actor_mention"], "named")
        elif named and not is_item:
            self.last = named[0]
        self.recent.extend(a.value for a in actors)
        self.recent = self.recent[-20:]
        if lead_here:
            self.lead = lead_here
        elif not is_item:
            self.lead = None
        return claims

    def _claim(self, s, dem, cues, cands, negators, reversers, found, lo, hi, is_item, kind,
               attribution, penalty) -> list[dict]:
        chain, passive = self._governing(s, cues, dem, lo, hi)
        if chain and any(c.start <= chain[0].start for c in found["conditions"]
                         if c.start >= lo and c.end <= dem.start):
            return []  # "... only if the union accepts longer shifts": a hypothetical, not a stance
        confidence = 0.9 - penalty
        how = None
        if chain:
            cue = chain[0]
            sign = self._compose(chain)
            if passive:
                speakers = self._speakers_before(s, cands, cue.start, lo)
                if not speakers:
                    agent = [c for c in cands if c[0].start >= cue.end]
                    speakers = tuple(sp for m, sp in agent[:1])
                    for m in self.p.actors(s):
                        if m.start >= cue.end and _AGENT.search(s[cue.end:m.start][-12:]):
                            speakers = (Speaker(m.value, m.text, "named"),)
                            break
                confidence -= 0.1
            else:
                speakers = self._speakers_before(s, cands, cue.start, lo)
            if not speakers and lo == 0 and self.last and (is_item or cue.start - lo <= 2
                                                           or not s[lo:cue.start].strip(" :")):
                speakers, how = (replace(self.last, how="elided"),), "elided"
                confidence -= 0.15
            if not speakers:
                return []
            if self._negated(s, negators, chain[0], lo):
                sign = -sign if sign else 0
            lo_rev = chain[-1].end
            cue_words = " ".join(c.text for c in chain)
        elif is_item and self.lead:
            speakers, sign, cue_words = self.lead.speakers, self.lead.sign, self.lead.cue
            kind, attribution = self.lead.attribution_kind, self.lead.attribution
            confidence -= 0.1
            how, lo_rev = "list", lo
        else:
            return []
        if sign is None:
            return []
        if any(lo_rev <= r.start and r.end <= dem.start for r in reversers):
            sign = -sign
        demand_id, polarity, term = dem.value
        if polarity == "opposite":
            sign = -sign
        conditions = [c for c in found["conditions"] if c.start >= (chain[0].end if chain else lo)
                      and c.start >= lo and c.end <= hi]
        condition = None
        if conditions:
            condition = s[conditions[0].start:hi].strip().rstrip(".;:,") or None
            sign = 0
        stance = {1: "supports", -1: "rejects", 0: "ambiguous"}[sign]
        notes = [f"cue '{cue_words}'"]
        if how == "list":
            notes.append("inherited from the list lead")
        if polarity == "opposite":
            notes.append(f"opposite term '{term}'")
        return [{"actor_id": sp.actor_id, "demand_id": demand_id, "stance": stance,
                 "actor_mention": sp.mention, "demand_term": dem.text, "cue": cue_words,
                 "confidence": round(max(0.05, confidence - (0.1 if sp.how in ("pronoun", "role")
                                                              else 0)), 2),
                 "attribution_kind": kind, "attribution": attribution, "condition": condition,
                 "note": "; ".join(notes + ([f"speaker via {sp.how}"] if sp.how != "named" else []))}
                for sp in speakers]


def extract_document(doc_id: str, text: str, published, sentences: list[tuple],
                     patterns: Patterns, kinds: dict[str, str], top: dict[str, str],
                     source_file: str, body_line: int = 1) -> list[dict]:
    """Claims found in one document. `sentences` holds (sentence_no, start, end, line_no, is_item)."""
    ex = DocumentExtractor(patterns, kinds)
    rows, seen = [], set()
    for no, start, end, line_no, is_item in sentences:
        for c in ex.sentence(text[start:end], is_item):
            key = (c["actor_id"], c["demand_id"], no)
            if key in seen:
                continue
            seen.add(key)
            rows.append({
                "claim_id": claim_id("extracted", doc_id, c["actor_id"], c["demand_id"], start, end,
                                     c["stance"]),
                "doc_id": doc_id, "top_actor_id": top[c["actor_id"]], "quote": text[start:end],
                "origin": "extracted", "status": "used", "published": published, "start": start,
                "end": end, "sentence_no": no, "coder": None, "source_file": source_file,
                "source_line": body_line + line_no - 1, **c})
    return rows


def extract_claims(documents: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame,
                   patterns: Patterns) -> list[dict]:
    """Extracted claims for every document."""
    kinds = dict(zip(actors["actor_id"], actors["kind"]))
    top = dict(zip(actors["actor_id"], actors["top_actor_id"]))
    by_doc = {d: list(zip(g["sentence_no"], g["start"], g["end"], g["line_no"], g["is_list_item"]))
              for d, g in sentences.groupby("doc_id", sort=False)}
    rows = []
    for doc in documents.itertuples(index=False):
        rows += extract_document(doc.doc_id, doc.text, doc.published, by_doc.get(doc.doc_id, []),
                                 patterns, kinds, top, doc.source_file, doc.body_line)
    return rows
