"""The language lexicon: cue words, negators, attribution phrases, as data.

The bundled `lexicon.yaml` holds English defaults. A raw folder may change them with
`codebook/lexicon.yaml`: a key there replaces the default list, `extra_<key>` adds to it. Verb
phrases are written once in base form and expanded to their -s, -ed and -ing forms here.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.errors import InputError, Problem
from pipeline.staging.textio import read_text
from pipeline.staging.yamlio import YamlProblem, load_yaml

LIST_KEYS = (
    "abbreviations",
    "support",
    "reject",
    "hedge",
    "negators",
    "reversers",
    "conditions",
    "modals",
    "subordinators",
    "past_markers",
    "qualifiers",
    "hedge_modifiers",
    "relative_pronouns",
    "condition_exceptions",
    "weak_negators",
    "counter_nouns",
    "clause_breaks",
    "anonymous",
    "spokesperson",
    "speech_verbs",
    "reported",
    "attribution_openers",
    "prepositions",
    "carrier_nouns",
    "document_nouns",
    "speaker_nouns",
    "spokesperson_nouns",
    "frame_verbs",
    "hedge_modals",
    "purpose_nouns",
    "subject_passives",
    "group_nouns",
    "content_nouns",
    "non_commitment_verbs",
    "demand_conditions",
    "truth_words",
    "falsity_words",
    "denial_verbs",
    "rumour_nouns",
    "indicating_verbs",
    "accusation_verbs",
)
MAP_KEYS = ("pronouns", "role_nouns", "demand_references")
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Lexicon:
    lists: dict[str, tuple[str, ...]]
    maps: dict[str, dict[str, tuple[str, ...]]]

    def __getitem__(self, key: str):
        return self.lists[key] if key in self.lists else self.maps[key]


def inflections(phrase: str) -> list[str]:
    """The phrase with its first word as written, +s, +ed and +ing (simple English rules)."""
    first, sep, rest = phrase.partition(" ")
    if not first.isalpha() or not first.islower() or len(first) < 3:
        return [phrase]
    if first.endswith("e"):
        keep_e = first.endswith(("ee", "ye", "oe"))
        forms = [first, first + "s", first + "d", (first if keep_e else first[:-1]) + "ing"]
    elif first.endswith("y") and first[-2] not in _VOWELS:
        forms = [first, first[:-1] + "ies", first[:-1] + "ied", first + "ing"]
    elif len(first) > 4 and first[-1] == "l" and first[-2] in _VOWELS and first[-3] not in _VOWELS:
        forms = [first, first + "s", first + "ed", first + "ing", first + "led", first + "ling"]
    elif first.endswith(("s", "sh", "ch", "x", "z")):
        forms = [first, first + "es", first + "ed", first + "ing"]
    else:
        forms = [first, first + "s", first + "ed", first + "ing"]
    if (
        len(first) <= 5
        and first[-1] not in _VOWELS + "wxy"
        and first[-2] in _VOWELS
        and first[-3] not in _VOWELS
    ):  # drop -> dropped, scrap -> scrapping
        forms += [first + first[-1] + "ed", first + first[-1] + "ing"]
    return list(dict.fromkeys(f + sep + rest for f in forms))


def _shape_problems(data, shown: str) -> list[Problem]:
    problems = []
    if not isinstance(data, dict):
        return [Problem(shown, "must be a mapping of lexicon lists", 1)]
    for key, value in data.items():
        base = key[6:] if isinstance(key, str) and key.startswith("extra_") else key
        line = data.line_of(key) if hasattr(data, "line_of") else None
        if base in LIST_KEYS:
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                problems.append(Problem(shown, "must be a list of non-empty phrases", line, key))
        elif base in MAP_KEYS:
            if not isinstance(value, dict) or not all(
                isinstance(v, list) and all(isinstance(k, str) for k in v) for v in value.values()
            ):
                problems.append(
                    Problem(shown, "must map each phrase to a list of words", line, key)
                )
        else:
            problems.append(
                Problem(
                    shown,
                    f"unknown lexicon key (known: {', '.join(LIST_KEYS + MAP_KEYS)})",
                    line,
                    str(key),
                )
            )
    return problems


def load_lexicon(override: Path | None = None, shown: str | None = None) -> Lexicon:
    """The bundled lexicon, changed by an optional override file."""
    base = load_yaml(
        resources.files("pipeline").joinpath("lexicon.yaml").read_text("utf-8"), "lexicon.yaml"
    )
    data: dict[str, Any] = {k: list(v) if isinstance(v, list) else dict(v) for k, v in base.items()}
    if override is not None and override.exists():
        shown = shown or str(override)
        try:
            extra = load_yaml(read_text(override, shown), shown)
        except YamlProblem as exc:
            raise InputError(exc.problem) from None
        extra = {} if extra is None else extra
        problems = _shape_problems(extra, shown)
        if problems:
            raise InputError(problems)
        for key, value in extra.items():
            if key.startswith("extra_"):
                key = key[6:]
                data[key] = data[key] + list(value) if key in LIST_KEYS else {**data[key], **value}
            else:
                data[key] = value
    lists = {k: tuple(dict.fromkeys(data.get(k, []))) for k in LIST_KEYS}
    maps = {k: {p: tuple(kinds) for p, kinds in data.get(k, {}).items()} for k in MAP_KEYS}
    return Lexicon(lists, maps)
