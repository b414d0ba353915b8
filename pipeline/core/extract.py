"""Automatic stance extraction: which actor takes which stance on which demand, sentence by sentence.

For each clause that names a demand (a codebook term) the extractor finds what governs it, in
order: the nearest lexicon cue before it ("demands", "rejected", "hinted at"; a reporting verb or a
subordinate clause in between blocks it), a modal right before it ("will not drop the tax"), the
first cue after it ("... is unacceptable to the union"), or, for a list item, the lead sentence's cue.
The speaker is the nearest actor before the cue that is not the object of a preposition; actors
joined by "and" share the cue; a clause without one takes the sentence's subject.

The stance is the cue's sign, turned round by a negator just before the cue or the demand ("does
not accept", "no land corridor"), by a reverser ("refuses to give up X", "dropped its opposition
to"), and by an opposite term. A condition ("only if ...") or a hedging modifier makes it ambiguous
and the condition is kept; so does a "but ..." clause that qualifies it ("welcomed X but said it
must be funded"). A demand named inside a condition, or a position marked as past ("had resisted"),
is no stance. Several stances of one actor on one demand in one sentence make it ambiguous.

Carried across sentences: a lead ending in ":" gives its speaker and cue to the list items after
it; a pronoun or role noun ("she", "the alliance") and a bullet without a subject refer back to an
actor of a fitting kind; "backed the demand", "reject them" refer to the demands named just before
in the two sentences before. Attribution (named, spokesperson, anonymous sources, the reporter's own
words) and every indirect step lower the confidence. No cue, no demand or no speaker: no claim.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import re
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

import pandas as pd

from pipeline.core.ids import claim_id
from pipeline.core.patterns import LIST_SETS, Match, Patterns, join_same, merge

SIGN = {"support": 1, "reject": -1, "hedge": 0}
STANCE_OF = {1: "supports", -1: "rejects", 0: "ambiguous"}
_COORD = re.compile(r"^\s*(?:,|and|&|, and|as well as|together with|along with)\s*$", re.I)
_CHAIN_GAP = re.compile(r"^\s*(?:to|to \w+ly|\w+ly to|the idea (?:that|of)\b.*|[\w.]+['’]s?|"
                        r"(?:the|a|an|its|their|his|her|our)(?: [\w.]+['’]s?)?)\s*$", re.I)
_COORDINATED_VERB = re.compile(r"\b(?:and|but|or)\s+(?:(?:also|still|then|now|has|have|had|is|are|"
                               r"was|were|will|would|\w+ly)\s+){0,2}$", re.I)
_COMPLEMENT = re.compile(r"\s+(?:of|that|for|to|on|about)\b", re.I)
_AGENT = re.compile(r"(?:by|for|to|from)\s+(?:the\s+)?$", re.I)
_WORD = re.compile(r"[\w'’%]+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Speaker:
    actor_id: str
    mention: str
    how: str  # named | pronoun | role | elided | list | subject


@dataclass(frozen=True)
class Lead:
    speakers: tuple[Speaker, ...]
    sign: int
    cue: str
    attribution_kind: str
    attribution: str | None


@dataclass
class Context:
    """What one sentence found; passed around instead of a dozen arguments."""

    s: str
    is_item: bool
    demands: list[Match]
    actors: list[Match]
    cues: list[Match]
    cands: list[tuple[Match, Speaker]]
    found: dict[str, list[Match]]
    negators: list[Match]
    reversers: list[Match]
    blockers: list[Match]
    kind: str
    attribution: str | None
    penalty: float
    subject: tuple[Speaker, ...] = field(default_factory=tuple)


def _clauses(sentence: str, breaks: re.Pattern, conditions: list[Match]) -> list[tuple[int, int]]:
    """Clause spans: split at the lexicon's clause breaks, ';' and spaced dashes, but not where a
    condition follows (", but only if" belongs to the clause before it)."""
    cuts = {0, len(sentence)}
    for m in breaks.finditer(sentence):
        if not any(m.start() <= c.start <= m.end() + 1 for c in conditions):
            cuts.add(m.start())
    edges = sorted(cuts)
    return [(a, b) for a, b in zip(edges, edges[1:]) if re.search(r"\w", sentence[a:b])]


def _preceded_by_preposition(text: str, start: int, prepositions: frozenset[str]) -> bool:
    words = _WORD.findall(text[max(0, start - 24):start])
    return bool(words) and words[-1].lower() in prepositions


def _inside(m: Match, spans: list[tuple[int, int]]) -> bool:
    return any(a <= m.start and m.end <= b for a, b in spans)


def _overlaps(m: Match, spans: list[tuple[int, int]]) -> bool:
    return any(m.start < b and a < m.end for a, b in spans)


def _compose(chain: list[Match]) -> int:
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


class DocumentExtractor:
    """Extraction state for one document: recent speakers, an open list lead, recent demands."""

    def __init__(self, patterns: Patterns, kinds: dict[str, str], top: dict[str, str]):
        self.p = patterns
        self.kinds = kinds
        self.top = top
        self.last: Speaker | None = None
        self.recent: list[str] = []  # actor ids, most recent last
        self.lead: Lead | None = None
        self.recent_demands: list[list[Match]] = []  # demands of the sentences before

    # -- speakers ---------------------------------------------------------------------------
    def _fits(self, actor: str, fits: tuple[str, ...]) -> str | None:
        """The actor, or the actor it is part of, when its kind fits ("her government")."""
        if self.kinds.get(actor) in fits:
            return actor
        top = self.top.get(actor)
        return top if top and self.kinds.get(top) in fits else None

    def _resolve_reference(self, m: Match, before: list[Match]) -> Speaker | None:
        kind, fits = m.value
        for named in reversed(before):  # the same sentence first: "The UN said it would ..."
            if (actor := self._fits(named.value, fits)) is not None:
                return Speaker(actor, m.text, kind)
        if self.last and (actor := self._fits(self.last.actor_id, fits)):
            return Speaker(actor, m.text, kind)
        for recent in reversed(self.recent):
            if (actor := self._fits(recent, fits)) is not None:
                return Speaker(actor, m.text, kind)
        return None

    def _candidates(self, s: str, actors: list[Match], refs: list[Match],
                    excluded: list[tuple[int, int]]) -> list[tuple[Match, Speaker]]:
        out = []
        for m in actors:
            if not _inside(m, excluded) and not _preceded_by_preposition(s, m.start,
                                                                          self.p.prepositions):
                out.append((m, Speaker(m.value, m.text, "named")))
        for m in refs:
            if _inside(m, excluded) or _preceded_by_preposition(s, m.start, self.p.prepositions):
                continue
            speaker = self._resolve_reference(m, [a for a in actors if a.end <= m.start])
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

    # -- what governs a demand --------------------------------------------------------------
    def _blocked(self, ctx: Context, start: int, end: int) -> bool:
        return any(start <= b.start and b.end <= end for b in ctx.blockers)

    def _governing(self, ctx: Context, cues: list[Match], dem: Match, lo: int, hi: int):
        """(chain of cues, mode): mode is before | modal | after, or ([], None)."""
        before = [c for c in cues if lo <= c.start and c.end <= dem.start
                  and not self._blocked(ctx, c.end, dem.start)]
        if before:
            chain = [before[-1]]
            for prev in reversed(before[:-1]):
                if _CHAIN_GAP.match(ctx.s[prev.end:chain[-1].start]):
                    chain.append(prev)
                else:
                    break
            return list(reversed(chain)), "before"
        modal = [m for m in ctx.found["modals"] if lo <= m.start and m.end <= dem.start
                 and _words(ctx.s[m.end:dem.start]) <= 3]
        if modal:
            m = modal[-1]
            return [Match(m.start, m.end, ("support", m.text), m.text)], "modal"
        after = [c for c in cues if dem.end <= c.start and c.end <= hi]
        return ([after[0]], "after") if after else ([], None)

    # -- one sentence ----------------------------------------------------------------------
    def sentence(self, s: str, is_item: bool) -> list[dict]:
        p = self.p
        scan = p.scan(s)
        found: dict[str, list[Match]] = defaultdict(list)
        for k in LIST_SETS:
            if k in scan:
                found[k] = merge(scan[k])
        demands = join_same(scan.get("demands", []), s, key=lambda v: (v[0], v[1]))
        dem_spans = [(d.start, d.end) for d in demands]
        actors = [a for a in merge(scan.get("actors", [])) if not _overlaps(a, dem_spans)]
        actor_spans = [(a.start, a.end) for a in actors]
        refs = [r for r in merge(scan.get("references", []))
                if not _overlaps(r, actor_spans + dem_spans)]
        kind, attribution, penalty, excluded = self._attribution(s, found)
        cands = self._candidates(s, actors, refs, excluded) if actors or refs else []
        if not demands and "demand_refs" not in scan and not s.rstrip().endswith(":"):
            self._remember([], cands, actors, demands, None, is_item)  # most sentences: no demand
            return []
        not_conditions = [(x.start, x.end) for x in found["condition_exceptions"]]
        found["conditions"] = [c for c in found["conditions"] if not _overlaps(c, not_conditions)]
        cond_spans = [(c.start, c.end) for c in found["conditions"]]
        cues = [c for c in merge(scan.get("cues", [])) if not _overlaps(c, dem_spans + cond_spans)]
        found["demand_refs"] = merge(scan.get("demand_refs", []))
        cue_spans = [(c.start, c.end) for c in cues]
        ctx = Context(
            s=s, is_item=is_item, demands=demands, actors=actors, cues=cues, cands=cands,
            found=found,
            negators=[n for n in found["negators"] if not _overlaps(n, cue_spans + dem_spans)],
            reversers=[r for r in found["reversers"] if not _overlaps(r, cue_spans + dem_spans)],
            blockers=[b for b in found["speech_verbs"] + found["subordinators"]
                      if not _overlaps(b, cue_spans + dem_spans)],
            kind=kind, attribution=attribution, penalty=penalty)
        ctx.subject = tuple(sp for _, sp in ctx.cands[:1])
        claims, lead_here = [], None
        clauses = _clauses(s, p.clause_breaks, found["conditions"])
        for i, (lo, hi) in enumerate(clauses):
            clause_cues = [c for c in cues if lo <= c.start and c.end <= hi]
            if s.rstrip().endswith(":") and hi >= len(s.rstrip()) and clause_cues:
                speakers = self._speakers_before(s, ctx.cands, clause_cues[-1].start, lo)
                if speakers:
                    lead_here = Lead(speakers, _compose([clause_cues[-1]]), clause_cues[-1].text,
                                     kind, attribution)
            following = s[hi:clauses[i + 1][1]] if i + 1 < len(clauses) else ""
            targets = [(d, 0.0, None) for d in demands if lo <= d.start and d.end <= hi]
            targets += self._referenced_demands(ctx, clause_cues, lo, hi)
            for dem, extra_penalty, ref_note in targets:
                claims += self._claim(ctx, dem, clause_cues, lo, hi, following, extra_penalty,
                                      ref_note)
        self._remember(claims, cands, actors, demands, lead_here, is_item)
        return claims

    def _remember(self, claims, cands, actors, demands, lead_here, is_item) -> None:
        """Carry the state the next sentences need: last speaker, recent actors and demands,
        an open list lead."""
        if claims:
            first = claims[0]
            self.last = Speaker(first["actor_id"], first["actor_mention"], "named")
        elif cands and not is_item:
            self.last = cands[0][1]
        if actors:
            self.recent = (self.recent + [a.value for a in actors])[-20:]
        if lead_here:
            self.lead = lead_here
        elif not is_item:
            self.lead = None
        self.recent_demands = (self.recent_demands + [demands])[-2:]

    def _referenced_demands(self, ctx: Context, cues: list[Match], lo: int, hi: int):
        """Demands pointed back to right after a cue ("backed the demand", "reject them") or by a
        relative pronoun before its speaker ("proposed X, which the federation rejects")."""
        out = []
        for rel in ctx.found["relative_pronouns"]:
            cue = next((c for c in cues if c.start > rel.end), None)
            if cue is None or any(rel.end <= d.start < hi for d in ctx.demands):
                continue
            earlier = [d for d in ctx.demands if d.end <= rel.start]
            if earlier and self._speakers_before(ctx.s, ctx.cands, cue.start, rel.end):
                d = earlier[-1]
                # placed right after the cue, which governs it as if the demand followed
                out.append((Match(cue.end, cue.end, d.value, rel.text), 0.1,
                            f"'{rel.text}' refers back to '{d.text}'"))
        refs = ctx.found["demand_refs"]
        for cue in cues:
            after = [r for r in refs if cue.end <= r.start and r.end <= hi
                     and _words(ctx.s[cue.end:r.start]) <= 1]
            if not after:
                continue
            ref = after[0]
            if _COMPLEMENT.match(ctx.s[ref.end:]):
                continue  # "the idea of lifting tariffs": the reference names its own content
            if any(ref.end <= d.start and _words(ctx.s[ref.end:d.start]) <= 2 for d in ctx.demands):
                continue  # "the demand for a fund": the demand is named right there
            number = ref.value
            here = [d for d in ctx.demands if d.end <= cue.start]
            earlier = [d for sent in self.recent_demands[-2:] for d in sent]
            pool = here or earlier
            if not pool:
                continue
            chosen = pool[-1:] if number == "singular" else list(
                {d.value[0]: d for d in pool}.values())
            for d in chosen:
                out.append((Match(ref.start, ref.end, d.value, ref.text), 0.2,
                            f"'{ref.text}' refers back to '{d.text}'"))
        return out

    def _claim(self, ctx: Context, dem: Match, cues: list[Match], lo: int, hi: int,
               following: str, extra_penalty: float, ref_note: str | None) -> list[dict]:
        s = ctx.s
        if any(c.start > dem.end and not s[dem.end:c.start].strip()
               for c in ctx.found["counter_nouns"]):
            return []  # "the league's revenue split offer": a counter-offer, not the demand
        chain, mode = self._governing(ctx, cues, dem, lo, hi)
        confidence = 0.9 - ctx.penalty - extra_penalty
        notes = []
        if chain:
            cue = chain[0]
            if any(c.start <= cue.start and c.end <= dem.start for c in ctx.found["conditions"]
                   if c.start >= lo):
                return []  # "... only if the union accepts longer shifts": hypothetical
            if any(m.end <= cue.start and _words(s[m.end:cue.start]) <= 1
                   for m in ctx.found["past_markers"] if m.start >= lo):
                return []  # "which had resisted the fund": a superseded position
            sign = _compose(chain)
            speakers = self._speakers_before(s, ctx.cands, cue.start, lo)
            if _COORDINATED_VERB.search(s[lo:cue.start]):
                # "Norvia demanded X that Tarsland stationed ... and wants Y": same subject
                earlier = [c for c in ctx.cues if lo <= c.end <= cue.start and c is not cue]
                speakers = (self._speakers_before(s, ctx.cands, earlier[-1].start, lo)
                            if earlier else ctx.subject) or speakers
            if not speakers and mode == "after":  # "was rejected by Acme", "unacceptable to the union"
                agent = next((a for a in ctx.actors if a.start >= cue.end and
                              _AGENT.search(s[cue.end:a.start][-12:])), None)
                speakers = (Speaker(agent.value, agent.text, "named"),) if agent else ()
            if mode == "after":
                confidence -= 0.1
            if not speakers and lo > 0 and ctx.subject and ctx.cands[0][0].end <= lo:
                speakers = tuple(replace(sp, how="subject") for sp in ctx.subject)
            if not speakers and lo == 0 and self.last and (
                    ctx.is_item or not s[lo:cue.start].strip(" :\"“'‘-")):
                speakers = (replace(self.last, how="elided"),)
                confidence -= 0.15
            if not speakers:
                return []
            window_from = max([lo] + [c[0].end for c in ctx.cands if c[0].end <= cue.start])
            negation = [n for n in ctx.negators if window_from <= n.start and n.end <= cue.start
                        and _words(s[n.end:cue.start]) <= 3]
            if negation:
                sign = -sign
                if any(_overlaps(w, [(n.start, n.end) for n in negation])
                       for w in ctx.found["weak_negators"]):
                    sign = 0  # "no longer insisting on": softened, not reversed
                    notes.append("softened by a weak negator")
            if any(window_from <= r.start and r.end <= cue.start and _words(s[r.end:cue.start]) <= 2
                   for r in ctx.reversers):
                sign = -sign
                notes.append("reversed before the cue")
            lo_rev = chain[-1].end
            cue_words = " ".join(c.text for c in chain)
        elif ctx.is_item and self.lead:
            speakers, sign, cue_words = self.lead.speakers, self.lead.sign, self.lead.cue
            ctx = replace(ctx, kind=self.lead.attribution_kind, attribution=self.lead.attribution)
            confidence -= 0.1
            notes.append("inherited from the list lead")
            lo_rev = lo
        else:
            return []
        if any(lo_rev <= n.start and n.end <= dem.start and _words(s[n.end:dem.start]) <= 1
               for n in ctx.negators):
            sign = -sign  # "wants no land corridor"
        if any(lo_rev <= r.start and r.end <= dem.start for r in ctx.reversers):
            sign = -sign
        if mode in ("before", "modal", None) and any(
                r.start >= dem.end and _words(s[dem.end:r.start]) == 0 for r in ctx.reversers):
            sign = -sign  # "wants the tariffs scrapped"
            notes.append("reversed after the demand")
        demand_id, polarity, term = dem.value
        if polarity == "opposite":
            sign = -sign
            notes.append(f"opposite term '{term}'")
        condition = None
        conds = [c for c in ctx.found["conditions"] if lo_rev <= c.start and c.end <= hi
                 and not any(dem.end <= q.start and q.end <= c.start for q in ctx.cues)]
        if conds:
            condition = s[conds[0].start:hi].strip().rstrip(".;:,") or None
            sign = 0
        if any(lo <= h.start and h.end <= hi for h in ctx.found["hedge_modifiers"]):
            sign = 0
            notes.append("hedged")
        if following.lstrip(" ,").lower().startswith("but") and any(
                q.start >= hi and q.end <= hi + len(following) for q in ctx.found["qualifiers"]):
            sign = 0
            notes.append("qualified by a 'but' clause")
        if ref_note:
            notes.append(ref_note)
        return [{"actor_id": sp.actor_id, "demand_id": demand_id, "stance": STANCE_OF[sign],
                 "actor_mention": sp.mention, "demand_term": dem.text, "cue": cue_words,
                 "confidence": round(max(0.05, confidence - (0.1 if sp.how in ("pronoun", "role")
                                                              else 0)), 2),
                 "attribution_kind": ctx.kind, "attribution": ctx.attribution,
                 "condition": condition,
                 "note": "; ".join([f"cue '{cue_words}'"] + notes + (
                     [f"speaker via {sp.how}"] if sp.how != "named" else []))}
                for sp in speakers]

    # -- attribution -----------------------------------------------------------------------
    def _attribution(self, s: str, found: dict[str, list[Match]]):
        """(kind, words, confidence penalty, spans whose actors are not speakers)."""
        excluded = []
        for opener in found["attribution_openers"]:
            comma = s.find(",", opener.end)
            excluded.append((opener.start, comma if comma > 0 else len(s)))
        for anon in found["anonymous"]:
            end = anon.end
            if anon.text.lower().endswith((" to", " with", "familiar")):
                comma = s.find(",", anon.end)
                end = comma if comma > 0 else min(len(s), anon.end + 40)
            excluded.append((anon.start, end))
        if found["anonymous"]:
            first = found["anonymous"][0]
            span = next((e for e in excluded if e[0] <= first.start < e[1]), (first.start, first.end))
            return "anonymous", s[span[0]:span[1]].strip(" ,.;"), 0.25, excluded
        if found["spokesperson"]:
            return "spokesperson", found["spokesperson"][0].text, 0.05, excluded
        if found["reported"]:
            return "reporter", found["reported"][0].text, 0.15, excluded
        if found["speech_verbs"]:
            return "named", found["speech_verbs"][0].text, 0.0, excluded
        return "reporter", None, 0.05, excluded


def _merge_sentence(claims: list[dict]) -> list[dict]:
    """One claim per actor and demand in a sentence; different stances make it ambiguous."""
    merged: dict[tuple[str, str], dict] = {}
    for c in claims:
        key = (c["actor_id"], c["demand_id"])
        if key not in merged:
            merged[key] = c
        elif merged[key]["stance"] != c["stance"]:
            merged[key] = {**merged[key], "stance": "ambiguous",
                           "cue": f"{merged[key]['cue']}; {c['cue']}",
                           "note": f"{merged[key]['note']}; mixed within the sentence"}
    return list(merged.values())


def extract_document(doc_id: str, text: str, published, sentences: list[tuple],
                     patterns: Patterns, kinds: dict[str, str], top: dict[str, str],
                     source_file: str, body_line: int = 1) -> list[dict]:
    """Claims found in one document. `sentences` holds
    (sentence_no, start, end, line_no, is_item)."""
    ex = DocumentExtractor(patterns, kinds, top)
    rows = []
    for no, start, end, line_no, is_item in sentences:
        for c in _merge_sentence(ex.sentence(text[start:end], is_item)):
            rows.append({
                "claim_id": claim_id("extracted", doc_id, c["actor_id"], c["demand_id"], start, end,
                                     c["stance"]),
                "doc_id": doc_id, "top_actor_id": top[c["actor_id"]], "quote": text[start:end],
                "origin": "extracted", "published": published, "start": start,
                "end": end, "sentence_no": no, "coder": None, "source_file": source_file,
                "source_line": body_line + line_no - 1, **c})
    return rows


PARALLEL_MIN_DOCS = 200
_SHARED: dict = {}  # what forked workers inherit: documents, sentences by doc, patterns


def _extract_range(bounds: tuple[int, int]) -> list[dict]:
    docs, by_doc, patterns, kinds, top = (_SHARED[k] for k in
                                           ("docs", "by_doc", "patterns", "kinds", "top"))
    rows = []
    for doc in docs[bounds[0]:bounds[1]]:
        rows += extract_document(doc["doc_id"], doc["text"], doc["published"],
                                 by_doc.get(doc["doc_id"], []), patterns, kinds, top,
                                 doc["source_file"], doc["body_line"])
    return rows


def workers() -> int:
    """Processes for extraction: STANCEMAP_WORKERS, else one per core."""
    env = os.environ.get("STANCEMAP_WORKERS", "")
    return max(1, int(env)) if env.isdigit() else (os.cpu_count() or 1)


def extract_claims(documents: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame,
                   patterns: Patterns) -> list[dict]:
    """Extracted claims for every document, in document order. Large corpora are cut into
    chunks extracted by forked worker processes (one per core); the result is the same."""
    kinds = dict(zip(actors["actor_id"], actors["kind"]))
    top = dict(zip(actors["actor_id"], actors["top_actor_id"]))
    wanted = set(documents["doc_id"])
    subset = sentences[sentences["doc_id"].isin(wanted)]
    by_doc = {d: list(zip(g["sentence_no"], g["start"], g["end"], g["line_no"], g["is_list_item"]))
              for d, g in subset.groupby("doc_id", sort=False)}
    docs = documents[["doc_id", "text", "published", "source_file", "body_line"]].to_dict("records")
    _SHARED.update(docs=docs, by_doc=by_doc, patterns=patterns, kinds=kinds, top=top)
    try:
        n = workers()
        if n < 2 or len(docs) < PARALLEL_MIN_DOCS or "fork" not in mp.get_all_start_methods():
            return _extract_range((0, len(docs)))
        size = max(1, len(docs) // (n * 8))
        chunks = [(i, min(i + size, len(docs))) for i in range(0, len(docs), size)]
        with ProcessPoolExecutor(n, mp_context=mp.get_context("fork")) as pool:
            return [row for part in pool.map(_extract_range, chunks) for row in part]
    finally:
        _SHARED.clear()
