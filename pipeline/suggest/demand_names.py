"""Labels and ids for drafted demands: a noun phrase to read, a short id to type.

The label is the most frequent term that is a noun phrase ("a formal halt to depot closures");
when every term starts with a verb ("stop depot closures") the verb becomes its -ing form
("Stopping depot closures"). The id keeps the label's first content words, at most MAX_WORDS and
MAX_CHARS characters ("idea of compromising its aspirations ..." -> "idea-compromising").
"""

from __future__ import annotations

import re

from pipeline.suggest.actors import slug

MAX_CHARS = 30
MAX_WORDS = 4
FILLER = frozenset(
    "a an the of to for on in at by with and or its their his her our your this that these "
    "those any some all over from into about against under between as".split()
)


def gerund(verb: str) -> str:
    """ "stop" -> "stopping", "raise" -> "raising", "lift" -> "lifting"."""
    v = verb.lower()
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")) and len(v) > 2:
        return v[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgkmnprt]", v):
        return v + v[-1] + "ing"
    return v + "ing"


def label(terms: list[str], verbal: dict[str, str]) -> str:
    """A noun-phrase label from the terms (most frequent first), capitalised."""
    nominal = [t for t in terms if t not in verbal]
    if nominal:
        text = nominal[0]
    else:
        rest = terms[0].partition(" ")[2]
        text = f"{gerund(verbal[terms[0]])} {rest}".strip()
    return text[0].upper() + text[1:]


def short_id(text: str, verbal_lemma: str | None = None) -> str:
    """A short id from a label's content words; a gerund label gives the verb ("stop-...")."""
    words = [w for w in slug(text, "demand").split("-") if w not in FILLER]
    if verbal_lemma and words:
        words[0] = slug(verbal_lemma, words[0])
    out = ""
    for w in words[:MAX_WORDS]:
        longer = f"{out}-{w}" if out else w
        if len(longer) > MAX_CHARS:
            break
        out = longer
    return out or slug(text, "demand")[:MAX_CHARS].strip("-") or "demand"
