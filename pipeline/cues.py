"""`stancemap lexicon`: the cue words in force, grouped by kind, so a user sees what to add.

The words are the bundled `pipeline/lexicon.yaml` as changed by the case's own
`codebook/lexicon.yaml` (what the extractor uses); each kind is explained by the comment above
its key in the bundled file, so the explanation has one source. Phrases that the case's file
adds are marked `*`. Keys that the parser made unnecessary (accepted and ignored) are left out.
"""

from __future__ import annotations

import re
import textwrap
from importlib import resources
from pathlib import Path

from pipeline.lexicon import LIST_KEYS, MAP_KEYS, Lexicon, load_lexicon

IGNORED = (
    "modals",
    "subordinators",
    "clause_breaks",
    "prepositions",
    "past_markers",
    "relative_pronouns",
    "attribution_openers",
)
FIRST = ("support", "reject", "hedge")  # the stance cues, the ones most often missing
_KEY = re.compile(r"^([a-z_]+):")


def explanations(text: str) -> dict[str, str]:
    """Each top-level key of a lexicon file with the comment block just above it."""
    out, comment = {}, []
    for line in text.splitlines():
        if line.startswith("#"):
            comment.append(line.lstrip("#").strip())
        elif (m := _KEY.match(line)) is not None:
            out[m.group(1)] = " ".join(c for c in comment if c)
            comment = []
        elif not line.strip():
            comment = []
    return out


def _phrases(lexicon: Lexicon, key: str) -> list[str]:
    if key in MAP_KEYS:
        return [f"{p} ({', '.join(kinds)})" for p, kinds in lexicon.maps[key].items()]
    return list(lexicon.lists[key])


def listing(raw: Path) -> str:
    """The text `stancemap lexicon --raw DIR` prints."""
    bundled_text = resources.files("pipeline").joinpath("lexicon.yaml").read_text("utf-8")
    about = explanations(bundled_text)
    own = raw / "codebook" / "lexicon.yaml"
    in_force, built_in = load_lexicon(own), load_lexicon()
    keys = [*FIRST, *(k for k in (*LIST_KEYS, *MAP_KEYS) if k not in FIRST and k not in IGNORED)]
    lines = [
        "Cue words in force: built in (pipeline/lexicon.yaml)"
        + (f" and the case's own ({own}; its additions marked *)." if own.is_file() else "."),
        f"Add phrases in {own} as `extra_<kind>: [phrase, ...]`; `<kind>: [...]` replaces "
        "the list.",
    ]
    for key in keys:
        base = set(_phrases(built_in, key))
        words = [p if p in base else f"{p} *" for p in _phrases(in_force, key)]
        lines += ["", f"{key}: {about.get(key, '')}".rstrip()]
        body = ", ".join(words) if words else "(none)"
        lines += textwrap.wrap(body, 100, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines) + "\n"
