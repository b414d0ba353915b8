"""How each stance looks: symbol, word and a colour-blind-safe fill (never colour alone)."""

from __future__ import annotations

from pipeline.schema import STANCES

# Okabe-Ito hues, lightened so that dark text on them passes contrast checks.
LOOK = {
    "supports": ("✔", "supports", "#b9dcf2"),
    "rejects": ("✖", "rejects", "#f6c9a8"),
    "ambiguous": ("◐", "ambiguous", "#f4ecaa"),
    "no_position": ("–", "no position", "#efefef"),
}
MEANING = {
    "supports": "the actor demands, accepts or endorses it",
    "rejects": "the actor refuses or opposes it",
    "ambiguous": "hedged, conditional or mixed, or conflicting evidence with no later "
    "statement settling it",
    "no_position": "no evidence in the sources",
}
assert set(LOOK) == set(STANCES) == set(MEANING)
