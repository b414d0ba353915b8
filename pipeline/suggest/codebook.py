"""`codebook suggest`: draft actors and demands from a raw folder's articles, for the analyst.

Writes `codebook/suggested-actors.yaml` and `codebook/suggested-demands.yaml` beside the user's
files, never over them. Candidates whose id or an alias (actors) or a term (demands) is already in
the user's codebook keep the user's id and are marked `existing: true`, not duplicated. The files
use the codebook's own fields, plus counts and an example, so an entry can be copied as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import yaml

from pipeline.errors import Collector
from pipeline.lexicon import load_lexicon
from pipeline.nlp import model
from pipeline.nlp.vocabulary import Vocabulary
from pipeline.staging.articles import stage_articles
from pipeline.suggest import actors as actor_suggest
from pipeline.suggest import demands as demand_suggest

HEADER = (
    "# Drafted by `stancemap codebook suggest` from {n} articles: edit, then copy entries into\n"
    "# {target}. Counts say how often the corpus names each; `existing: true` marks what\n"
    "# your codebook already has.\n"
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


def _write(path: Path, header: str, key: str, rows: list[dict]) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(
        header + yaml.safe_dump({key: rows}, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    os.replace(tmp, path)


def demand_rows(cands, existing: dict[str, str], limit: int) -> list[dict]:
    rows: list[dict] = []
    for c in cands[:limit]:
        terms = [t for t, _ in sorted(c.terms.items(), key=lambda kv: (-kv[1], kv[0]))]
        known = next((existing[t.lower()] for t in terms if t.lower() in existing), None)
        row: dict = {
            "id": known or actor_suggest.slug(terms[0]),
            "label": terms[0],
            "category": "general",
            "terms": terms,
            "mentions": c.count,
            "supported": c.supports,
            "rejected": c.rejects,
            "example": c.example,
        }
        same = next((r for r in rows if r["id"] == row["id"]), None)
        if same is not None:  # two candidates for one demand of the user's codebook
            same["terms"] += [t for t in terms if t not in same["terms"]]
            for k in ("mentions", "supported", "rejected"):
                same[k] += row[k]
            continue
        if known:
            row["existing"] = True
        rows.append(row)
    return rows


def paragraphs(documents: pd.DataFrame, sentences: pd.DataFrame) -> list[str]:
    """Every paragraph or list item that reads as prose: headings (no closing punctuation) are
    left out, their capitalised words are not names."""
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    out = []
    for (doc_id, _), g in sentences.groupby(["doc_id", "block_no"], sort=False):
        text = texts[doc_id][int(g["start"].min()) : int(g["end"].max())]
        if text.rstrip().endswith((".", "!", "?", ":", "”", '"', "’", "'", ";")):
            out.append(text)
    return out


def suggest(raw: Path, limit: int = 40) -> tuple[Path, Path, int, int]:
    """Write the two suggestion files; returns their paths and the numbers of candidates."""
    problems = Collector()
    documents, sentences = stage_articles(raw, frozenset(), problems, None)
    problems.raise_if_any()
    nlp = model.load(with_entities=True)
    docs = list(nlp.pipe(paragraphs(documents, sentences), batch_size=64))
    lexicon = load_lexicon(raw / "codebook" / "lexicon.yaml")
    vocab = Vocabulary(
        nlp,
        lexicon,
        pd.DataFrame({"alias": [], "actor_id": []}),
        pd.DataFrame({"demand_id": [], "term": [], "polarity": []}),
    )
    folder = raw / "codebook"
    folder.mkdir(parents=True, exist_ok=True)
    people = actor_suggest.to_yaml_rows(
        actor_suggest.candidates(docs),
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
    )
    n = len(documents)
    actors_path, demands_path = folder / "suggested-actors.yaml", folder / "suggested-demands.yaml"
    _write(actors_path, HEADER.format(n=n, target="codebook/actors.yaml"), "actors", people)
    _write(demands_path, HEADER.format(n=n, target="codebook/demands.yaml"), "demands", wanted)
    return actors_path, demands_path, len(people), len(wanted)
