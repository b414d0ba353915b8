"""`codebook suggest`: draft actors and demands from a raw folder's articles, for the analyst.

Writes `codebook/suggested-actors.yaml` and `codebook/suggested-demands.yaml` beside the user's
files, never over them. Candidates whose id or an alias (actors) or a term (demands) is already in
the user's codebook keep the user's id and are marked "existing" in a comment, not duplicated. The
files use the codebook's own fields only (counts, examples and the reasons for an alias are
comments), so they can be copied as they are into codebook/actors.yaml and demands.yaml and build.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from pipeline.errors import Collector
from pipeline.lexicon import load_lexicon
from pipeline.nlp import model
from pipeline.nlp.vocabulary import Vocabulary
from pipeline.staging.articles import stage_articles
from pipeline.suggest import actors as actor_suggest
from pipeline.suggest import demand_names, draft_yaml
from pipeline.suggest import demands as demand_suggest

NOT_ACTOR_NOUNS = ("carrier_nouns", "content_nouns", "document_nouns", "counter_nouns")
HEADER = (
    "# Drafted by `stancemap codebook suggest` from {n} articles: edit, then copy entries into\n"
    '# {target}. Comments say how often the corpus names each and why; "existing" marks what\n'
    "# your codebook already has. The file uses codebook fields only: it builds as it is.\n"
)


def _existing(path: Path, key: str, fields: tuple[str, ...]) -> dict[str, str]:
    """Lower-cased ids and aliases/terms of the user's codebook file -> id (lenient reading)."""
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return {}
    out: dict[str, str] = {}
    for item in data.get(key) or []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            out[item["id"].lower()] = item["id"]
            for f in fields:
                for v in item.get(f) or []:
                    if isinstance(v, str):
                        out[v.lower()] = item["id"]
    return out


def _raisers(actor_rows: list[dict]):
    """A function from a speaker as written ("the union", "Okafor") to its top-level actor id."""
    owner = {a.lower(): r["id"] for r in actor_rows for a in [r["name"], *r["aliases"]]}
    parent = {r["id"]: r.get("part_of") for r in actor_rows}

    def top(text: str) -> str | None:
        key = " ".join(text.lower().split())
        actor = owner.get(key) or owner.get(key.removeprefix("the "))
        seen = set()
        while actor and parent.get(actor) and actor not in seen:
            seen.add(actor)
            actor = parent[actor]
        return actor

    return top


def demand_rows(cands, existing: dict[str, str], limit: int, actor_rows: list[dict]) -> list[dict]:
    """Entries for suggested-demands.yaml: a noun-phrase label, a short id, `raised_by` the
    first actor that demands it; counts and an example as comments."""
    raiser = _raisers(actor_rows)
    rows: list[dict] = []
    for c in cands[:limit]:
        terms = [t for t, _ in sorted(c.terms.items(), key=lambda kv: (-kv[1], kv[0]))]
        known = next((existing[t.lower()] for t in terms if t.lower() in existing), None)
        text = demand_names.label(terms, c.verbal)
        lemma = c.verbal[terms[0]] if all(t in c.verbal for t in terms) else None
        demand_id = known or demand_names.short_id(text, lemma)
        first = next(((s, a) for s in c.speakers if (a := raiser(s))), None)
        same = next((r for r in rows if r["id"] == demand_id), None)
        if same is not None:  # two candidates for one demand id: one entry
            same["terms"] += [t for t in terms if t not in same["terms"]]
            same[draft_yaml.NOTES].append(f"also named {draft_yaml.times(c.count)} as {terms[0]!r}")
            if first and "raised_by" not in same:
                same["raised_by"] = [first[1]]
            continue
        notes = [
            f"named {draft_yaml.times(c.count)} ({c.supports} supporting, {c.rejects} rejecting); "
            f"e.g. {c.example!r}"
        ]
        if known:
            notes.append("already in your codebook (existing)")
        row: dict = {
            draft_yaml.NOTES: notes,
            "id": demand_id,
            "label": text,
            "category": "general",
        }
        if first:
            row["raised_by"] = [first[1]]
            notes.append(f"raised_by {first[1]}: the first to demand it, as {first[0]!r}")
        row["terms"] = terms
        rows.append(row)
    return rows


def paragraphs(documents: pd.DataFrame, sentences: pd.DataFrame) -> list[str]:
    """Every paragraph or list item that reads as prose: headings (no closing punctuation) are
    left out, their capitalised words are not names."""
    return [text for text, _ in paragraphs_of(documents, sentences)]


def paragraphs_of(documents: pd.DataFrame, sentences: pd.DataFrame) -> list[tuple[str, str]]:
    """(paragraph, doc_id) of every prose paragraph, in order."""
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    out = []
    for (doc_id, _), g in sentences.groupby(["doc_id", "block_no"], sort=False):
        text = texts[doc_id][int(g["start"].min()) : int(g["end"].max())]
        if text.rstrip().endswith((".", "!", "?", ":", "”", '"', "’", "'", ";")):
            out.append((text, doc_id))
    return out


def suggest(raw: Path, limit: int = 40) -> tuple[Path, Path, int, int]:
    """Write the two suggestion files; returns their paths and the numbers of candidates."""
    problems = Collector()
    documents, sentences = stage_articles(raw, frozenset(), problems, None)
    problems.raise_if_any()
    nlp = model.load(with_entities=True)
    docs = []
    for doc, doc_id in nlp.pipe(paragraphs_of(documents, sentences), batch_size=64, as_tuples=True):
        doc.user_data["article"] = doc_id  # references look back within one article only
        docs.append(doc)
    lexicon = load_lexicon(raw / "codebook" / "lexicon.yaml")
    vocab = Vocabulary(
        nlp,
        lexicon,
        pd.DataFrame({"alias": [], "actor_id": []}),
        pd.DataFrame({"demand_id": [], "term": [], "polarity": []}),
    )
    folder = raw / "codebook"
    folder.mkdir(parents=True, exist_ok=True)
    not_actors = frozenset(  # "the offer", "the sources": no actor
        w for phrase in lexicon["anonymous"] for w in phrase.lower().split()
    ).union(*(vocab.words[k] for k in NOT_ACTOR_NOUNS))
    people = actor_suggest.to_yaml_rows(
        actor_suggest.candidates(docs, not_actors, lexicon["role_nouns"]),
        _existing(folder / "actors.yaml", "actors", ("aliases", "name")),
    )
    wanted = demand_rows(
        demand_suggest.candidates(
            docs,
            lambda d: [(c[0], c[1]) for c in vocab.find(d).cues],
            frozenset(vocab.words["carrier_nouns"] | {"idea", "it", "them", "this", "that"}),
        ),
        _existing(folder / "demands.yaml", "demands", ("terms",)),
        limit,
        people,
    )
    n = len(documents)
    actors_path, demands_path = folder / "suggested-actors.yaml", folder / "suggested-demands.yaml"
    draft_yaml.write(
        actors_path, HEADER.format(n=n, target="codebook/actors.yaml"), "actors", people
    )
    draft_yaml.write(
        demands_path, HEADER.format(n=n, target="codebook/demands.yaml"), "demands", wanted
    )
    return actors_path, demands_path, len(people), len(wanted)
