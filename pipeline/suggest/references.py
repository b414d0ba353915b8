"""The generic references and abbreviations the text uses for one actor, proposed as its aliases.

A definite noun phrase that speaks ("the company said", "the union's offer") is taken to refer to
the actor named last before it, in its paragraph or the one before (an actor of a fitting kind:
the lexicon's role nouns say which, other nouns never stand for a person), or, when its noun is
a word of one actor's name ("the union", Rail Workers Union), to that actor. When at least three
in four of its occurrences point to the same actor it becomes that actor's alias, with a note
saying how often and why ("'the company' 18 times, always near Northwind Rail"). An all-capital
word spelling an actor's initials ("RWU" for Rail Workers Union) is its abbreviation; a candidate
the parser made of it is merged into that actor.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from pipeline.suggest.draft_yaml import times

MIN_SHARE = 0.75
MODIFIERS = ("compound", "amod")
SPEAKING = ("nsubj", "poss", "agent")


def _initials(name: str) -> set[str]:
    """ "Rail Workers Union" -> {"RWU"}; "Union of Rail Workers" -> {"UORW", "URW"}."""
    words = re.findall(r"[^\W\d_]+", name)
    out = {"".join(w[0] for w in words).upper()}
    out.add("".join(w[0] for w in words if w[0].isupper()))
    return {i for i in out if len(i) >= 2}


def _abbreviations(docs, cands: list) -> None:
    """All-capital words spelling one actor's initials become its aliases (counted)."""
    owners: dict[str, list] = defaultdict(list)
    for c in cands:
        if c.kind != "person" and " " in c.name:
            for i in _initials(c.name):
                owners[i].append(c)
    counts: Counter = Counter()
    for n, doc in enumerate(docs):
        for t in doc:
            if t.text in owners and len(owners[t.text]) == 1:
                counts[t.text] += 1
                owners[t.text][0].positions.append((n, t.i))
    for abbr, n in sorted(counts.items()):
        owner = owners[abbr][0]
        twin = next((c for c in cands if c is not owner and c.name == abbr), None)
        if twin is not None:  # the parser's own "RWU" candidate: the same actor
            owner.mentions += twin.mentions
            owner.as_speaker += twin.as_speaker
            owner.positions += twin.positions
            cands.remove(twin)
        owner.aliases[abbr] += n
        owner.alias_notes[abbr] = f"'{abbr}' {times(n)}, the initials of {owner.name}"


def _references(doc, exclude: frozenset[str]):
    """(start token, phrase, speaks) of each definite noun phrase without a name in `doc`."""
    for tok in doc:
        head = tok.head
        if tok.lower_ != "the" or tok.dep_ != "det" or head.pos_ != "NOUN" or head.i <= tok.i:
            continue
        between = doc[tok.i + 1 : head.i]
        if (
            head.i - tok.i > 3
            or any(t.dep_ not in MODIFIERS or t.ent_type_ or t.is_title for t in between)
            or head.ent_type_
            or not head.is_lower
            or head.lemma_.lower() in exclude
            or head.lower_ in exclude
        ):
            continue
        phrase = " ".join(doc[tok.i : head.i + 1].text.lower().split())
        yield tok.i, phrase, head.lower_, head.dep_ in SPEAKING


def _name_words(cands: list) -> dict[str, Any]:
    """Lower-cased words of actor names that belong to one actor only ("union" -> the union)."""
    seen: dict[str, list] = defaultdict(list)
    for c in cands:
        if c.kind == "person":
            continue
        for w in {w.lower() for w in c.name.split()}:
            seen[w].append(c)
    return {w: cs[0] for w, cs in seen.items() if len(cs) == 1}


def add_aliases(
    docs, cands: list, exclude: frozenset[str], role_kinds: dict[str, list[str]] | None = None
) -> None:
    """Add abbreviations and generic references to `cands` (in place, with `alias_notes`)."""
    _abbreviations(docs, cands)
    taken = {a.lower() for c in cands for a in c.aliases} | {c.name.lower() for c in cands}
    mentions: dict[int, list] = defaultdict(list)
    for c in cands:
        for n, i in c.positions:
            mentions[n].append((i, c))
    for found in mentions.values():
        found.sort(key=lambda m: m[0])
    named = _name_words(cands)
    near: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    speaks: Counter = Counter()
    for n, doc in enumerate(docs):
        article = doc.user_data.get("article")
        for start, phrase, noun, speaker in _references(doc, exclude):
            if phrase in taken:
                continue
            total[phrase] += 1
            speaks[phrase] += speaker
            if noun in named:
                near[phrase][named[noun].key] += 1
                continue
            kinds = (role_kinds or {}).get(phrase)
            before = [c for i, c in reversed(mentions.get(n, [])) if i < start]
            if n > 0 and docs[n - 1].user_data.get("article") == article:
                before += [c for _, c in reversed(mentions.get(n - 1, []))]
            fit = next(
                (c for c in before if (c.kind in kinds if kinds else c.kind != "person")), None
            )
            if fit is not None:
                near[phrase][fit.key] += 1
    by_key = {c.key: c for c in cands}
    for phrase in sorted(near):
        key, k = near[phrase].most_common(1)[0]
        n = total[phrase]
        if k < 2 or k < MIN_SHARE * n or not speaks[phrase]:
            continue
        owner = by_key[key]
        owner.aliases[phrase] += n
        how = "always" if k == n else f"{k} of them"
        noun = phrase.split()[-1]
        why = "a word of its name" if named.get(noun) is owner else f"{how} near {owner.name}"
        owner.alias_notes[phrase] = f"'{phrase}' {times(n)}, {why}"
