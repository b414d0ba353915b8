"""Text comparison up to whitespace and quote/dash style, mapped back to original offsets."""

from __future__ import annotations

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text (one space per whitespace run, plain quotes and dashes) and, for each of its
    characters, the offset of the original character it came from."""
    out, where = [], []
    prev_space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if not prev_space:
                out.append(" ")
                where.append(i)
            prev_space = True
        else:
            out.append(ch)
            where.append(i)
            prev_space = False
    return "".join(out), where


def locate(haystack: str, needle: str) -> tuple[int, int] | None:
    """(start, end) of `needle` in `haystack`, comparing up to whitespace and quote/dash style."""
    return locate_folded(fold(haystack), needle)


def locate_folded(folded_haystack: tuple[str, list[int]], needle: str) -> tuple[int, int] | None:
    """`locate` against a haystack folded once (a document is searched for many quotes)."""
    folded_needle = fold(needle)[0].strip()
    if not folded_needle:
        return None
    folded, where = folded_haystack
    pos = folded.find(folded_needle)
    if pos < 0:
        return None
    return where[pos], where[pos + len(folded_needle) - 1] + 1
