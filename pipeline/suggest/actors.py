"""Actor candidates from the parsed corpus: named entities, merged into actors with aliases.

Steps: take the parser's entities (people, organisations, places, nationalities) and every token
the gazetteer knows as a state ("Paris", "the Élysée": the small model misses some); a place,
code, demonym or seat of government becomes its state ("Paris", "FR", "French" -> France);
people merge by surname ("Macron", "Emmanuel Macron") and keep the title the text gives them
("President Emmanuel Macron"); a person named with a state, organisation or nationality in the
same noun phrase ("French President Emmanuel Macron", "Port Authority chief executive James
Hale") or given a title with one ("Jane Doe, human resources director at Acme") gets it as
`part_of`. The generic references and abbreviations the text uses for one actor ("the company",
"DB") become its aliases (see references.py). Counts say how often each was named and how often
it was the subject or owner of a clause (a speaker). Entities named once and never as a speaker
are left out (headings, places), unless a person's title names them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.suggest import draft_yaml, references
from pipeline.suggest.gazetteer import country_of

LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")
SPEAKER_DEPS = ("nsubj", "nsubjpass", "poss", "agent")


def slug(text: str, fallback: str = "actor") -> str:
    """A valid codebook id: lowercase ASCII letters, digits and hyphens ("Élysée" -> "elysee")."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "").replace("'", "")).strip("-")
    return s or fallback


@dataclass
class Candidate:
    key: tuple[str, str]  # (kind, what identifies it): part_of refers to it
    name: str
    kind: str  # state | organization | person
    aliases: Counter = field(default_factory=Counter)
    mentions: int = 0
    as_speaker: int = 0
    part_of: Counter = field(default_factory=Counter)  # candidate keys named with the person
    near: Counter = field(default_factory=Counter)  # state keys named in the same sentences
    positions: list = field(default_factory=list)  # (doc number, token index) of each mention
    alias_notes: dict = field(default_factory=dict)  # alias -> why it is proposed


def _clean(text: str) -> str:
    text = re.sub(r"['’]s?$", "", text.strip())
    return " ".join(text.split())


def _affiliation(span, lookup_org) -> tuple[str, str] | None:
    """The state or organisation named in front of a person: "Russian President X"."""
    for tok in reversed(list(span.doc[max(0, span.start - 4) : span.start])):
        if tok.dep_ not in ("compound", "amod", "poss", "nmod") and not tok.is_title:
            break
        country = country_of(tok.text)
        if country:
            return ("state", country)
        if tok.ent_type_ == "ORG":  # the whole organisation name, "Port Authority"
            ent = next((e for e in span.doc.ents if e.start <= tok.i < e.end), None)
            name = _clean(ent.text if ent is not None else tok.text)
            return lookup_org(name[4:] if name.lower().startswith("the ") else name)
    return None


def _entity_key(tok, lookup_org) -> tuple[str, str] | None:
    """The state or organisation a proper noun names (its whole entity or compound)."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is not None and ent.label_ not in ("ORG", "GPE", "NORP", "FAC"):
        return None
    if ent is None:
        if tok.pos_ != "PROPN":
            return None
        words = [t for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        ent = tok.doc[words[0].i if words else tok.i : tok.i + 1]
    name = _clean(ent.text)
    country = country_of(name)
    if country:
        return ("state", country)
    return lookup_org(name[4:] if name.lower().startswith("the ") else name)


def _titled_with(span, lookup_org) -> tuple[tuple[str, str], str] | None:
    """The body in a person's title in apposition: "Jane Doe, human resources director at Acme",
    "the chief executive of Acme, Jane Doe" -> (Acme's key, its name as written)."""
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    for noun in nouns:
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "at", "for", "with"):
                continue
            for obj in prep.children:
                key = _entity_key(obj, lookup_org) if obj.dep_ == "pobj" else None
                if key is not None:
                    ent = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
                    return key, _clean(ent.text if ent is not None else obj.text)
    return None


def _title(span) -> str:
    """Title words right before a name ("President", "Secretary-General"), as written."""
    words: list[str] = []
    for tok in reversed(list(span.doc[max(0, span.start - 3) : span.start])):
        if (
            tok.is_title
            and tok.ent_type_ == ""
            and tok.pos_ in ("PROPN", "NOUN")
            and tok.dep_ in ("compound", "nmod", "amod")
        ):
            words.insert(0, tok.text)
        else:
            break
    return " ".join(words)


def candidates(
    docs, exclude: frozenset[str] = frozenset(), role_kinds: dict | None = None
) -> list[Candidate]:
    """Actor candidates from parsed documents (spaCy Docs with entities), most named first;
    `exclude` (nouns that never refer to an actor: "the offer") and `role_kinds` (the kinds a
    role noun fits) are for references.py."""
    found: dict[tuple[str, str], Candidate] = {}
    people_by_surname: dict[str, tuple[str, str]] = {}

    def get(key: tuple[str, str], name: str) -> Candidate:
        if key not in found:
            found[key] = Candidate(key, name, key[0])
        return found[key]

    def org_key(text: str) -> tuple[str, str]:
        return ("organization", _clean(text).lower())

    pending_people = []
    states_in: dict[tuple[int, int], set] = defaultdict(set)  # (doc, sentence start) -> states
    for n, doc in enumerate(docs):
        spans = [e for e in doc.ents if e.label_ in LABELS and "\n" not in e.text]
        covered = {t.i for e in spans for t in e}
        spans += [
            doc[t.i : t.i + 1]
            for t in doc
            if t.i not in covered and t.pos_ == "PROPN" and country_of(t.text)
        ]
        spans += _seats(doc, covered)
        for span in spans:
            text = _clean(span.text)
            if not text or not any(c.isalpha() for c in text):
                continue
            speaker = span.root.dep_ in SPEAKER_DEPS
            label = span.label_ if span.label_ else "GPE"
            country = country_of(text) if label in ("GPE", "NORP", "ORG", "FAC", "LOC") else None
            if country:
                c = get(("state", country), country)
                states_in[(n, span.sent.start)].add(c.key)
                if label != "NORP" and span.root.dep_ != "amod":  # "Russian" names no actor
                    c.aliases[
                        ("the " if span.start > 0 and doc[span.start - 1].lower_ == "the" else "")
                        + text
                    ] += 1
            elif label == "PERSON":
                pending_people.append((n, span, text, speaker))
                continue
            elif label == "ORG":
                name = text[4:] if text.lower().startswith("the ") else text
                c = get(org_key(name), name)
                c.aliases[text] += 1
            else:
                continue
            c.mentions += 1
            c.as_speaker += speaker
            c.positions.append((n, span.start))
    for n, span, text, speaker in pending_people:
        surname = text.split()[-1].lower()
        key = people_by_surname.setdefault(surname, ("person", surname))
        c = get(key, text)
        if len(text) > len(c.name):
            c.name = text
        c.aliases[text] += 1
        title = _title(span)
        if title:
            c.aliases[f"{title} {text}"] += 1
        c.mentions += 1
        c.as_speaker += speaker
        c.positions.append((n, span.start))
        aff = _affiliation(span, org_key)
        titled = _titled_with(span, org_key)
        if titled and not aff:
            aff, body = titled
            if aff not in found:  # named only in the title: still the person's body
                get(aff, body).aliases[body] += 1
                found[aff].mentions += 1
        if aff and aff in found:
            c.part_of[aff] += 1
        c.near.update(states_in.get((n, span.sent.start), ()))
    # organisations that are really a person's surname tagged ORG ("Hale warned")
    for key in [k for k in found if k[0] == "organization" and k[1] in people_by_surname]:
        org = found.pop(key)
        person = found[people_by_surname[key[1]]]
        person.mentions += org.mentions
        person.as_speaker += org.as_speaker
        person.positions += org.positions
    kept = [c for c in found.values() if c.mentions >= 2 or c.as_speaker]
    parents = {p for c in kept for p in c.part_of}  # "director at Acme": Acme stays
    kept += [c for k, c in found.items() if k in parents and c not in kept]
    references.add_aliases(docs, kept, exclude, role_kinds)
    return sorted(kept, key=lambda c: (-c.mentions, c.name))


def _seats(doc, covered: set[int]):
    """Multi-word gazetteer names the parser did not tag ("the White House")."""
    out = []
    for n in (3, 2):
        for i in range(len(doc) - n + 1):
            if any(j in covered for j in range(i, i + n)):
                continue
            span = doc[i : i + n]
            if all(t.is_title for t in span) and country_of(span.text):
                out.append(span)
                covered.update(range(i, i + n))
    return out


def to_yaml_rows(cands: list[Candidate], existing: dict[str, str]) -> list[dict]:
    """Entries for suggested-actors.yaml, evidence in comments; `existing` maps lower-cased ids
    and aliases of the user's codebook to their actor id, so known actors are marked, not
    duplicated. Ids and aliases are made unique, as the build requires."""
    ids: dict[tuple[str, str], str] = {}
    owner: dict[str, str] = {}  # lower-cased alias -> id of the entry that has it
    rows: list[tuple[dict, Candidate]] = []
    for c in cands:
        aliases = [a for a, _ in sorted(c.aliases.items(), key=lambda kv: (-kv[1], kv[0]))]
        if c.name not in aliases:
            aliases.insert(0, c.name)
        aliases = [a for a in aliases if not (a.startswith("The ") and a[4:] in aliases)]
        known = existing.get(slug(c.name)) or next(
            (existing[a.lower()] for a in aliases if a.lower() in existing), None
        )
        if c.name.lower() in owner and owner[c.name.lower()] != known:
            ids[c.key] = owner[c.name.lower()]  # an earlier entry already has this name
            continue
        actor_id = known or _unique(slug(c.name), set(ids.values()))
        ids[c.key] = actor_id
        aliases = [a for a in aliases if owner.setdefault(a.lower(), actor_id) == actor_id]
        same = next((r for r, _ in rows if r["id"] == actor_id), None)
        if same is not None:  # a second candidate for one actor of the user's codebook
            same["aliases"] += [a for a in aliases if a not in same["aliases"]]
            continue
        notes = [
            f"named {draft_yaml.times(c.mentions)}, {draft_yaml.times(c.as_speaker)} as a speaker"
        ]
        if known:
            notes.append("already in your codebook (existing)")
        row: dict = {
            draft_yaml.NOTES: notes,
            "id": actor_id,
            "name": c.name,
            "kind": c.kind,
            "aliases": aliases,
            draft_yaml.ALIAS_NOTES: {a: n for a, n in c.alias_notes.items() if a in aliases},
        }
        rows.append((row, c))
    out = []
    for row, c in rows:
        parent, how = _parent(c)
        if parent in ids and ids[parent] != row["id"]:
            row["part_of"] = ids[parent]
            row[draft_yaml.NOTES].append(f"part_of {ids[parent]}: {how}")
        out.append(row)
    return out


def _unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` ... when another entry has it."""
    n, out = 1, base
    while out in taken:
        n += 1
        out = f"{base}-{n}"
    return out


def _parent(c: Candidate) -> tuple[tuple[str, str] | None, str]:
    """The body a person belongs to: named with them ("Russian President X"), else the state
    named in most of the sentences that name them, when clearly ahead of the next one."""
    if c.part_of:
        return c.part_of.most_common(1)[0][0], "named with the person or in their title"
    ranked = c.near.most_common(2)
    if (
        c.kind == "person"
        and ranked
        and ranked[0][1] >= 2
        and (len(ranked) == 1 or ranked[0][1] >= 1.5 * ranked[1][1])
    ):
        return ranked[0][0], f"named in {ranked[0][1]} of the same sentences"
    return None, ""
