"""Automatic stance extraction over spaCy's parse: documents in, extracted claims out.

Per document: the prefilter picks the paragraphs that name a demand (or refer back to one, or lead
a list whose items do); only those are parsed, in batches with `nlp.pipe`, and the parser's own
sentences are the passages quoted. In each sentence every demand mention is walked up the
dependency tree (`stance.walk`), the speakers found by the rules in `rules.py` or by the
cross-sentence rules in `frames.py`. Precision before recall: no cue, no demand or no speaker
grounded in the parse means no claim. Large corpora are split over forked worker processes that
share the model loaded once in the parent.
"""

from __future__ import annotations

import bisect
import collections
import itertools
import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from spacy.tokens import Span

from pipeline.core.ids import claim_id
from pipeline.core.membership import TopAt
from pipeline.learn.model import StanceModel
from pipeline.learn.speak import score_pairs
from pipeline.lexicon import Lexicon
from pipeline.nlp import model
from pipeline.nlp.frames import DocState, lead_of, settle
from pipeline.nlp.prefilter import Prefilter
from pipeline.nlp.rules import Sentence, Who, clause_head
from pipeline.nlp.stance import walk
from pipeline.nlp.vocabulary import Found, Vocabulary
from pipeline.validate import to_frame

STANCE_OF = {1: "supports", -1: "rejects", 0: "ambiguous"}
# a wire dateline: "PORT SUDAN, Nov 24 (ANW) – ", "BRUSSELS (Reuters) - "
_DATELINE = re.compile(r"\s*[A-Z][^\n]{0,90}?\([A-Z][A-Za-z ]{1,12}\)\s*[–—-]{1,2}\s")
PARALLEL_MIN_DOCS = 200
RANGE = 500  # documents per unit of work: bounds the rows a worker holds at once
BATCH = 256
_PENALTY = {"pronoun": 0.1, "role": 0.1, "frame": 0.15, "list": 0.1, "sayer": 0.0}


@dataclass(frozen=True)
class Passage:
    """One paragraph to parse: its offsets in the document and the staging sentences it holds."""

    start: int
    end: int
    sentences: tuple[tuple, ...]  # (sentence_no, start, end, line_no, is_item)


class Extractor:
    """The codebook and lexicon made ready for extraction; the model is loaded on first need."""

    def __init__(
        self,
        lexicon: Lexicon,
        actors: pd.DataFrame,
        aliases: pd.DataFrame,
        terms: pd.DataFrame,
        memberships: pd.DataFrame | None = None,
        stance_model: StanceModel | None = None,
        raisers: dict[str, tuple[str, ...]] | None = None,
    ):
        self.lexicon, self.aliases, self.terms = lexicon, aliases, terms
        self.stance_model = stance_model  # None: the rules alone
        self.raisers = raisers or {}  # demand_id -> raised_by: `_raiser_claims`; {}: none
        self.kinds = dict(zip(actors["actor_id"], actors["kind"], strict=True))
        self.top = dict(zip(actors["actor_id"], actors["top_actor_id"], strict=True))
        self.names = dict(zip(actors["actor_id"], actors["name"], strict=True))
        self.top_at = TopAt(actors, memberships)
        self.prefilter = Prefilter(lexicon, aliases, terms)
        self._vocab: Vocabulary | None = None

    @property
    def nlp(self):
        return model.load()

    def ready(self) -> Extractor:
        """Load the model and compile the matchers now (before forking workers, or a timer)."""
        _ = self.vocab
        return self

    @property
    def vocab(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = Vocabulary(self.nlp, self.lexicon, self.aliases, self.terms)
        return self._vocab

    def fits(self, actor: str, kinds) -> str | None:
        """The actor, or the actor it is part of, when its kind fits ("her government")."""
        if self.kinds.get(actor) in kinds:
            return actor
        top = self.top.get(actor)
        return top if top and self.kinds.get(top) in kinds else None


def passages(text: str, sentences: list[tuple], pre: Prefilter) -> list[Passage]:
    """The paragraphs worth parsing: those with a candidate sentence, and list leads."""
    blocks: dict[int, list[tuple]] = {}
    for row in sentences:
        blocks.setdefault(row[5], []).append(row[:5])
    order = sorted(blocks)
    wanted: set[int] = set()
    recent_demand = -10
    for k, b in enumerate(order):
        rows = blocks[b]
        found = [pre.scan(text[r[1] : r[2]]) for r in rows]
        if any(f.get("demand_words") for f in found):
            wanted.add(b)
            recent_demand = k
            if rows[0][4] and k > 0:  # a list item: its lead (the block before the list) too
                j = k - 1
                while j >= 0 and blocks[order[j]][0][4]:
                    j -= 1
                if j >= 0 and text[
                    blocks[order[j]][-1][1] : blocks[order[j]][-1][2]
                ].rstrip().endswith(":"):
                    wanted.add(order[j])
        elif any(f.get("refs") for f in found) and k - recent_demand <= 2:
            wanted.add(b)
    return [
        Passage(blocks[b][0][1], blocks[b][-1][2], tuple(blocks[b])) for b in order if b in wanted
    ]


def _found_in(found: Found, sent: Span) -> Found:
    def inside(span: Span) -> bool:
        return sent.start <= span.start and span.end <= sent.end

    return Found(
        [a for a in found.actors if inside(a[0])],
        [d for d in found.demands if inside(d[0])],
        [c for c in found.cues if inside(c[0])],
        {k: [p for p in v if inside(p)] for k, v in found.phrases.items()},
        [o for o in found.owners if inside(o[0])],
    )


def _attribution(s: Sentence, whos: tuple[Who, ...], rule: str) -> tuple[str, str | None, float]:
    """(kind, words, confidence penalty) of a claim's attribution."""
    ph = s.found.phrases
    if ph.get("anonymous"):  # "according to sources close to Acme", up to the next comma
        first = min(ph["anonymous"], key=lambda p: p.start)
        end = next((t.i for t in s.span if t.i >= first.end and t.text == ","), s.span.end)
        return "anonymous", first.doc[first.start : end].text, 0.25
    if ph.get("spokesperson"):
        return "spokesperson", ph["spokesperson"][0].text, 0.05
    if ph.get("reported"):
        return "reporter", ph["reported"][0].text, 0.15
    speech = [t for t in s.span if s.is_word(t, "speech_verbs")]
    if rule == "reported_speech" or speech:
        return "named", speech[0].text if speech else None, 0.0
    if rule == "issuer_provision":
        return "named", None, 0.0
    return "reporter", None, 0.05


def _merge(claims: list[dict]) -> list[dict]:
    """One claim per actor and demand in a sentence; different stances make it ambiguous."""
    merged: dict[tuple[str, str], dict] = {}
    for c in claims:
        key = (c["actor_id"], c["demand_id"])
        if key not in merged:
            merged[key] = c
        elif merged[key]["stance"] != c["stance"]:
            merged[key] = {
                **merged[key],
                "stance": "ambiguous",
                "cue": f"{merged[key]['cue']}; {c['cue']}",
                "note": f"{merged[key]['note']}; mixed within the sentence",
            }
    return list(merged.values())


class _Resolver:
    """Pronouns, role nouns and unowned texts ("she", "the alliance", "the statement"): an earlier
    actor of a fitting kind in the same sentence, else the first fitting actor named in the
    nearest sentence before that names one (subjects come first in news prose)."""

    def __init__(
        self,
        ex: Extractor,
        mentions: list[tuple[int, str]],
        sentence_starts: list[int],
        state: DocState,
    ):
        self.ex, self.state = ex, state
        self.mentions = mentions
        self.starts = [m[0] for m in mentions]
        self.sentence_starts = sentence_starts
        self.offset = 0  # where the parsed passage starts in the document
        self.sentence_start = 0

    def __call__(self, tok, kinds, how: str) -> Who | None:
        if tok.lower_ in ("we", "our", "us") and self.state.issuer:
            return Who(self.state.issuer, tok.text, "issuer")
        if tok.dep_ == "poss":  # "X, which wrote to Y, repeated its call": its own subject first
            verb = clause_head(tok.head)
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ != "PRON" and subj.i < tok.i:
                lo = bisect.bisect_left(self.starts, self.offset + subj.left_edge.idx)
                hi = bisect.bisect_right(self.starts, self.offset + subj.idx)
                for j in range(lo, hi):
                    if actor := self.ex.fits(self.mentions[j][1], kinds):
                        return Who(actor, tok.text, how)
        i = bisect.bisect_left(self.starts, self.offset + tok.idx) - 1
        while i >= 0 and self.starts[i] >= self.sentence_start:
            if actor := self.ex.fits(self.mentions[i][1], kinds):
                return Who(actor, tok.text, how)
            i -= 1
        while i >= 0:
            k = bisect.bisect_right(self.sentence_starts, self.starts[i]) - 1
            begin = self.sentence_starts[k] if k >= 0 else 0
            first = bisect.bisect_left(self.starts, begin)
            for j in range(first, i + 1):
                if actor := self.ex.fits(self.mentions[j][1], kinds):
                    return Who(actor, tok.text, how)
            i = first - 1
        return None

    def group(self, tok, n: int) -> tuple[Who, ...]:
        """ "Both leaders": the n distinct top-level actors named earlier in the sentence, else
        in the nearest sentence before that names any; nothing when that count differs."""
        pos = self.offset + tok.idx
        i = bisect.bisect_left(self.starts, pos) - 1
        begin = self.sentence_start
        while i >= 0:
            if self.starts[i] < begin:
                k = bisect.bisect_right(self.sentence_starts, self.starts[i]) - 1
                begin = self.sentence_starts[k] if k >= 0 else 0
            first = bisect.bisect_left(self.starts, begin)
            named = [self.mentions[j][1] for j in range(first, i + 1)]
            tops = list(dict.fromkeys(self.ex.top.get(a) or a for a in named))
            if named:
                return tuple(Who(a, tok.text, "group") for a in tops) if len(tops) == n else ()
            i = first - 1
        return ()


def extract_document(
    doc: dict, sentences: list[tuple], ex: Extractor, todo=None, parsed=None
) -> list[dict]:
    """Claims found in one document. `doc` has doc_id, text, published, source_file, body_line
    and issued_by; `sentences` holds (sentence_no, start, end, line_no, is_item, block_no).
    `todo` and `parsed` (its passages and their parses) may come from a batch of documents."""
    text = doc["text"]
    if todo is None:
        todo = passages(text, sentences, ex.prefilter)
    if not todo:
        return []
    if parsed is None:
        parsed = list(ex.nlp.pipe((text[p.start : p.end] for p in todo), batch_size=BATCH))
    issuer = doc.get("issued_by")
    issuer = issuer if isinstance(issuer, str) and issuer else None  # missing: None or NaN
    state = DocState(issuer, ex.names.get(issuer) if issuer else None)
    mentions = [(m.start, str(m.value)) for m in ex.prefilter.scan(text).get("actors", [])]
    mentions.sort()
    starts = [row[1] for row in sentences]
    resolve = _Resolver(ex, mentions, starts, state)
    rows: list[dict] = []
    named: list[tuple] = []  # sentences naming an actor and a demand, for `_raiser_claims`
    dateline = _DATELINE.match(text)
    for passage, pdoc in zip(todo, parsed, strict=True):
        found_all = ex.vocab.find(pdoc)
        if dateline and passage.start < dateline.end():  # "COPENHAGEN, Jan 8 (NWS) –" speaks not
            cut = dateline.end() - passage.start
            found_all.actors = [a for a in found_all.actors if a[0].start_char >= cut]
        resolve.offset = passage.start
        item = passage.sentences[0][4]
        if not item:
            state.lead = None
        for sent in pdoc.sents:
            start = passage.start + sent.start_char
            end = passage.start + sent.end_char
            k = max(bisect.bisect_right(starts, start) - 1, 0)
            no, _, _, line_no, _ = sentences[k][:5]
            resolve.sentence_start = start
            s = Sentence(
                sent, _found_in(found_all, sent), ex.vocab, resolve, group=resolve.group, top=ex.top
            )
            claims = []
            targets = list(s.found.demands) + _references(s, state, no)
            for dspan, value in targets:
                w = walk(dspan, value, s)
                for step in settle(w, s, state, no, item, dspan):
                    kind, words, penalty = _attribution(s, step.speakers, step.rule)
                    for who in step.speakers:
                        confidence = (
                            0.9
                            - penalty
                            - _PENALTY.get(who.how, 0.0)
                            - (0.1 if step.rule in ("list_lead", "frame") else 0.0)
                        )
                        claims.append(
                            {
                                "actor_id": who.actor_id,
                                "demand_id": value[0],
                                "stance": STANCE_OF[step.sign],
                                "actor_mention": who.mention,
                                "demand_term": dspan.text,
                                "cue": step.cue or None,
                                "confidence": round(max(0.05, confidence), 2),
                                "attribution_kind": kind,
                                "attribution": words,
                                "condition": step.condition,
                                "rule": step.rule,
                                "note": "; ".join(
                                    [f"rule {step.rule}"]
                                    + list(step.notes)
                                    + (
                                        [f"speaker via {who.how}"]
                                        if who.how not in ("named",)
                                        else []
                                    )
                                ),
                            }
                        )
            lead = lead_of(s, state, no)
            if lead is not None:
                state.lead = lead
            merged = _merge(claims)
            learned = (
                _model_claims(s, merged, ex)
                if ex.stance_model is not None
                and ex.stance_model.threshold <= 1.0  # above 1 it can never speak
                and s.found.actors
                and s.found.demands
                else []
            )
            if merged:
                # "The demands also include X" continues the one who demanded, not who refused
                held = [c for c in merged if c["stance"] == "supports"] or merged
                speakers = tuple(
                    dict.fromkeys(Who(c["actor_id"], c["actor_mention"], "named") for c in held)
                )
                state.remember(speakers, no)
            if s.found.demands:
                state.recent_demands = (
                    state.recent_demands + [(no, [v for _, v in s.found.demands])]
                )[-3:]
            for c in merged + learned + _owner_claims(s, merged + learned, ex):
                rows.append(_row(doc, c, (start, end, no, line_no), ex))
            if ex.raisers and s.found.actors and s.found.demands:
                named.append(((start, end, no, line_no), s.found.actors, s.found.demands))
    if ex.raisers:
        rows += _raiser_claims(doc, rows, named, ex)
    return rows


def _row(doc: dict, c: dict, where: tuple[int, int, int, int], ex: Extractor) -> dict:
    """A claims row of document `doc` for claim `c` on the sentence at `where`
    (start, end, sentence_no, line_no)."""
    start, end, no, line_no = where
    return {
        "claim_id": claim_id(
            "extracted", doc["doc_id"], c["actor_id"], c["demand_id"], start, end, c["stance"]
        ),
        "doc_id": doc["doc_id"],
        "top_actor_id": ex.top_at(c["actor_id"], doc["published"]),
        "quote": doc["text"][start:end],
        "origin": "extracted",
        "published": doc["published"],
        "start": start,
        "end": end,
        "sentence_no": no,
        "coder": None,
        "source_file": doc["source_file"],
        "source_line": int(doc["body_line"]) + line_no - 1,
        **c,
    }


def _owner_claims(s: Sentence, said: list[dict], ex: Extractor) -> list[dict]:
    """The owner named inside a demand term supports it ("the union's strike call": the union
    supports the strike), unless the sentence already gives that actor a stance on it."""
    taken = {(ex.top.get(c["actor_id"]), c["demand_id"]) for c in said}
    out = []
    for dspan, (demand, polarity, _term), aspan, actor in s.found.owners:
        if (ex.top.get(actor), demand) in taken:
            continue
        taken.add((ex.top.get(actor), demand))
        kind, words, penalty = _attribution(s, (), "term_owner")
        out.append(
            {
                "actor_id": actor,
                "demand_id": demand,
                "stance": "supports" if polarity == "same" else "rejects",
                "actor_mention": aspan.text,
                "demand_term": dspan.text,
                "cue": aspan.root.head.text,
                "confidence": round(max(0.05, 0.8 - penalty), 2),
                "attribution_kind": kind,
                "attribution": words,
                "condition": None,
                "rule": "term_owner",
                "note": "rule term_owner: the term names its owner",
            }
        )
    return out


def _raiser_claims(doc: dict, rows: list[dict], named: list[tuple], ex: Extractor) -> list[dict]:
    """The raiser of a demand supports it (the codebook's `raised_by` says who put it on the
    table): where a sentence names the raiser and the demand and the document states no position
    of the raiser on it, that sentence is its evidence (`rule = raiser`, low confidence). A raiser
    who moved is caught by any stated position in the document, which outranks this one."""
    held = {(r["top_actor_id"], r["demand_id"]) for r in rows}
    out: list[dict] = []
    for where, actors, demands in named:
        for dspan, (demand, polarity, _term) in demands:
            if polarity != "same":
                continue
            for aspan, actor in actors:
                top = ex.top_at(actor, doc["published"])
                if top not in ex.raisers.get(demand, ()) or (top, demand) in held:
                    continue
                held.add((top, demand))
                c = {
                    "actor_id": actor,
                    "demand_id": demand,
                    "stance": "supports",
                    "actor_mention": aspan.text,
                    "demand_term": dspan.text,
                    "cue": None,
                    "confidence": 0.5,
                    "attribution_kind": "reporter",
                    "attribution": None,
                    "condition": None,
                    "rule": "raiser",
                    "note": "rule raiser: the codebook names it as raiser of the demand; "
                    "no position of it stated in this document",
                }
                out.append(_row(doc, c, where, ex))
    return out


def raisers_of(demands: pd.DataFrame | None) -> dict[str, tuple[str, ...]]:
    """demand_id -> the actor ids of its `raised_by` (comma-separated in the staging table)."""
    if demands is None or "raised_by" not in demands:
        return {}
    return {
        d: tuple(a.strip() for a in r.split(",") if a.strip())
        for d, r in zip(demands["demand_id"], demands["raised_by"], strict=True)
        if isinstance(r, str) and r.strip()
    }


def _model_claims(s: Sentence, merged: list[dict], ex: Extractor) -> list[dict]:
    """Claims of the stance model for the pairs of the sentence no rule spoke for (nor for the
    actor's top-level actor on that demand)."""
    model = ex.stance_model
    assert model is not None
    taken = {(c["actor_id"], c["demand_id"]) for c in merged}
    tops = {(ex.top.get(c["actor_id"]), c["demand_id"]) for c in merged}
    out = []
    speech = ex.vocab.words["speech_verbs"]
    found = s.found
    for said in score_pairs(s.span, found.actors, found.demands, found.cues, model, speech, taken):
        if (ex.top.get(said.actor_id), said.demand_id) in tops:
            continue
        kind, words, _ = _attribution(s, (), "model")
        out.append(
            {
                "actor_id": said.actor_id,
                "demand_id": said.demand_id,
                "stance": said.stance,
                "actor_mention": said.actor_span.text,
                "demand_term": said.demand_span.text,
                "cue": None,
                "confidence": round(said.p, 2),
                "attribution_kind": kind,
                "attribution": words,
                "condition": None,
                "rule": "model",
                "note": f"rule model (p={said.p:.2f}; {', '.join(said.why)})",
            }
        )
    return out


_REFERENCE_DEPS = ("dobj", "pobj", "nsubjpass", "attr", "nsubj")  # "Such demands are ..."


def _references(s: Sentence, state: DocState, no: int) -> list[tuple[Span, tuple]]:
    """Demand references ("rejected the demands", "backed it") as stand-in demand mentions."""
    out = []
    refs = s.vocab.demand_refs
    for tok in s.span:
        if tok.i in s.demand_tokens or tok.dep_ not in _REFERENCE_DEPS:
            continue
        if tok.dep_ == "nsubj" and (tok.pos_ == "PRON" or s.is_word(tok, "document_nouns")):
            continue  # "Such demands are unrealistic"; not "the proposal calls for", nor "it"
        left = [
            t
            for t in tok.subtree
            if t.i <= tok.i and t.dep_ in ("det", "poss", "nummod", "predet", "amod")
        ]
        phrase = " ".join([t.lower_ for t in left] + [tok.lower_])
        here = [v for d, v in s.found.demands if d.end <= tok.i]
        number = refs.get(phrase)
        if tok.pos_ == "PRON" and not here:
            continue  # "it", "them" refer back only within the sentence
        if number is None:
            continue
        if any(t.dep_ == "prep" and t.lower_ in ("for", "of", "to") for t in tok.children):
            continue  # "the demand for X": the reference names its own content
        for value in state.referenced(no, number, here):
            out.append((Span(tok.doc, tok.i, tok.i + 1), value))
    return out


def workers() -> int:
    """Processes for extraction: STANCEMAP_WORKERS, else one per core."""
    env = os.environ.get("STANCEMAP_WORKERS", "")
    return max(1, int(env)) if env.isdigit() else (os.cpu_count() or 1)


_SHARED: dict = {}  # what forked workers inherit
_DOC_COLUMNS = ["doc_id", "text", "published", "source_file", "body_line", "issued_by"]
_SENTENCE_COLUMNS = ["sentence_no", "start", "end", "line_no", "is_list_item", "block_no"]


def extract_batch(docs: list[dict], by_doc: dict[str, list[tuple]], ex: Extractor) -> list[dict]:
    """Claims of several documents, their candidate passages parsed in one `nlp.pipe` stream
    (a document has about three: parsing them document by document would spend more time in the
    pipe's overhead than in the parser)."""
    todos = [passages(d["text"], by_doc.get(d["doc_id"], []), ex.prefilter) for d in docs]
    texts = (d["text"][p.start : p.end] for d, todo in zip(docs, todos, strict=True) for p in todo)
    parsed = iter(ex.nlp.pipe(texts, batch_size=BATCH) if any(todos) else ())
    rows: list[dict] = []
    for doc, todo in zip(docs, todos, strict=True):
        mine = [next(parsed) for _ in todo]
        rows += extract_document(doc, by_doc.get(doc["doc_id"], []), ex, todo, mine)
    return rows


class _Corpus:
    """Documents and their sentence offsets as frames, turned into Python rows a range of
    documents at a time: only the ranges being extracted are ever held as rows."""

    def __init__(self, documents: pd.DataFrame, sentences: pd.DataFrame):
        cols = [c for c in _DOC_COLUMNS if c in documents.columns]
        self.documents = documents[cols].reset_index(drop=True)
        subset = sentences[sentences["doc_id"].isin(set(self.documents["doc_id"]))]
        subset = subset.sort_values(["doc_id", "sentence_no"], kind="stable")
        codes, ids = pd.factorize(subset["doc_id"])
        self.columns = [subset[c].to_numpy() for c in _SENTENCE_COLUMNS]
        cuts = (
            [0, *(np.flatnonzero(np.diff(codes)) + 1).tolist(), len(codes)] if len(codes) else [0]
        )
        self.bounds = dict(zip(ids, itertools.pairwise(cuts), strict=True))

    def __len__(self) -> int:
        return len(self.documents)

    def sentence_rows(self, doc_id: str) -> list[tuple]:
        """(sentence_no, start, end, line_no, is_item, block_no) of each sentence of `doc_id`."""
        a, b = self.bounds.get(doc_id, (0, 0))
        return list(zip(*(c[a:b].tolist() for c in self.columns), strict=True))

    def rows(self, lo: int, hi: int) -> tuple[list[dict], dict[str, list[tuple]]]:
        docs = self.documents.iloc[lo:hi].to_dict("records")
        return docs, {d["doc_id"]: self.sentence_rows(d["doc_id"]) for d in docs}


class StagedSource:
    """Documents kept on disk by staging (`staging.spill.Spill`), not in memory: each range is
    read back when a worker is ready for it. `order` lists the doc_ids to extract."""

    def __init__(self, staged, order: list[str]):
        self.staged, self.order = staged, order

    def __len__(self) -> int:
        return len(self.order)

    def rows(self, lo: int, hi: int) -> tuple[list[dict], dict[str, list[tuple]]]:
        ids = self.order[lo:hi]
        docs = self.staged.rows_of("documents", ids)
        docs = docs.set_index("doc_id").loc[ids].reset_index()
        sentences = self.staged.rows_of("sentences", ids, ["doc_id", "sentence_no"])
        return _Corpus(docs, sentences).rows(0, len(ids))


def _extract_range(bounds: tuple[int, int]) -> list[dict] | pd.DataFrame:
    """One range of the shared source, read and extracted where it runs (in a worker: the
    parent only hands out bounds, so its core is left to the parser)."""
    docs, by_doc = _SHARED["source"].rows(*bounds)
    rows = extract_batch(docs, by_doc, _SHARED["ex"])
    return to_frame(rows, "claims") if _SHARED["as_frame"] else rows


def _ranges(source, ex: Extractor, as_frame: bool):
    """Each range's result in document order. A large corpus goes to forked workers (one per
    core) that share the model and the source set up here; each reads its own ranges, and at
    most two results per worker wait, so memory does not grow with the corpus."""
    total = len(source)
    n = workers()
    serial = n < 2 or total < PARALLEL_MIN_DOCS or "fork" not in mp.get_all_start_methods()
    size = RANGE if serial else min(RANGE, max(1, total // (n * 8)))
    tasks = _chunks(total, size)
    _SHARED.update(ex=ex, source=source, as_frame=as_frame)
    try:
        if serial:
            yield from map(_extract_range, tasks)
            return
        ex.ready()  # load the model and matchers once, before forking
        with ProcessPoolExecutor(n, mp_context=mp.get_context("fork")) as pool:
            pending: collections.deque = collections.deque()
            for task in tasks:
                pending.append(pool.submit(_extract_range, task))
                if len(pending) >= 2 * n:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    finally:
        _SHARED.clear()


def _chunks(total: int, size: int) -> list[tuple[int, int]]:
    return [(i, min(i + size, total)) for i in range(0, total, size)]


def extract_claims(documents: pd.DataFrame, sentences: pd.DataFrame, ex: Extractor) -> list[dict]:
    """Extracted claims for every document, in document order, as rows (for small corpora)."""
    return [row for part in _ranges(_Corpus(documents, sentences), ex, False) for row in part]


def extract_claim_frame(source, ex: Extractor) -> pd.DataFrame:
    """Extracted claims of every document of `source` (a `StagedSource`, or `frame_source` of
    documents and sentences), in document order, as a `claims` frame built range by range:
    the same claims as `extract_claims`, in bounded memory."""
    parts = [p for p in _ranges(source, ex, True) if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else to_frame([], "claims")


def frame_source(documents: pd.DataFrame, sentences: pd.DataFrame) -> _Corpus:
    """Documents and sentences held in memory, as a source for `extract_claim_frame`."""
    return _Corpus(documents, sentences)
