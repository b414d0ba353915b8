"""Pictures for the page: inline SVG drawn with matplotlib — no script, no image file, no font.

One small function per picture, each returning an `<svg>` string, or None when there is nothing
to draw (the section then says so in a sentence):

- `agreement_heatmap`: the `agreement` table as a heat map of the busiest top-level actors (at
  most HEATMAP_ACTORS), sized to their number, each cell's share written in it up to
  HEATMAP_WRITTEN actors;
- `stance_timelines`: for the most contested demands (supported by one actor, rejected by
  another; at most TIMELINES_SHOWN) the dated stances of their busiest actors (at most
  TIMELINE_ACTORS) from `stance_history`;
- `network_drawing`: the congruence and conflict networks on a circle (fixed layout, codebook
  order), congruence solid, conflict dashed, at most NETWORK_LINES lines of each kind (the
  heaviest, cut at a weight).

Why the limits: the page has a 2 MB budget (`pagebytes.PAGE_BUDGET`) and forty parties make
780 pairs; everything left out of a picture is in `data/`, and the picture says so.

The matrix's conventions hold: Okabe–Ito colours and never colour alone (shares written out or
in the description, a marker shape per stance named in the legend, dashes for conflict). The
same data gives the same bytes: a fixed `svg.hashsalt`, no date in the metadata (dropped
altogether), text kept as text (`svg.fonttype: none`), ids prefixed per picture (and numbered)
so that several SVGs can share one page. The SVG is written small: coordinates rounded to a
tenth of a point, indentation dropped, rectangles as `H`/`V` paths, a marker group's shared style
set once. Every SVG has `role="img"`, a `<title>` naming it and a `<desc>` saying in words what
it shows.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from typing import Any, cast

import networkx as nx
import pandas as pd

from pipeline.marts.summaries import contested
from pipeline.report.evidence import describe_runs
from pipeline.report.legend import LOOK

BLUE, VERMILLION, ORANGE, SKY, YELLOW = "#0072B2", "#D55E00", "#E69F00", "#56B4E9", "#F0E442"
INK, FAINT = "#1a1a1a", "#efefef"
MARK = {"supports": ("o", BLUE), "rejects": ("X", VERMILLION), "ambiguous": ("D", YELLOW)}
RC: dict[str, Any] = {
    "text.parse_math": False,  # a label with "$" in it is text, not mathtext
    "svg.hashsalt": "stancemap",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # measured with matplotlib's own font; the page's shows
    "font.size": 9.0,
    "text.color": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}
# Coordinates to a tenth of a point (1/720 inch) inside tags: the drawing is unchanged, the SVG
# about a third smaller (it matters on a large corpus, where the page has a 2 MB budget).
_ROUND = re.compile(r"(?<![\w#.])-?\d+\.\d{2,}")
_FAMILY = "font-family: 'DejaVu Sans', sans-serif; "
TIMELINES_SHOWN = 8
"""Contested demands drawn as timelines: the most contested (`most_contested`); the others are
named under the picture, their dated stances in `data/stance_history.csv`."""
TIMELINE_ACTORS = 8
"""Actors drawn in one demand's timeline: those with the most dated stances on it (a row each;
forty rows would be a wall of markers). The others are counted in the picture's description."""
TIMELINE_MARKS = 16  # dates on the axis before markers are grouped into periods
HEATMAP_ACTORS = 40
"""Actors in the agreement heat map: those with the most positions (every pair is in
`data/agreement.csv`)."""
HEATMAP_WRITTEN = 12
"""Up to this many actors, each heat-map cell has its share written in it; with more, the cells
are too small to read, so the colour scale carries the share and the numbers stay in the data."""
HEATMAP_STEPS = 20
"""Colour steps of the heat map (5% each): each step is drawn as one SVG path holding all its
cells, a few dozen bytes a cell instead of a vector patch each (the page has a byte budget)."""
NETWORK_LINES = 40
"""The most lines of each kind (congruence, conflict) the network drawing shows: those of the
pairs that share the most demands, cut at a weight (`weight_threshold`) so that no pair is
drawn while another with the same weight is not. All pairs are in the networks' files."""
LABEL_CHARS = 24  # an actor's name on a crowded axis, cut with "…" beyond this


def _plain(text: str, width: int = 0) -> str:
    """Text for matplotlib, wrapped to `width`."""
    return "\n".join(textwrap.wrap(text, width)) if width else text


def _svg(draw: Callable, key: str, title: str, desc: str) -> str:
    """Run `draw() -> Figure` under fixed settings, save it as SVG, and make it inline-ready."""
    import matplotlib

    with matplotlib.rc_context(cast(Any, RC)):  # the stubs list the keys as Literal types
        fig = draw()
        buffer = io.StringIO()
        # a figure laid out by its engine already fits; "tight" would draw it once more to measure
        tight = None if fig.get_layout_engine() is not None else "tight"
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches=tight)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    for pattern in (
        r"<metadata>.*?</metadata>\s*",
        r"<!--.*?-->\s*",
        r"<style[^>]*>.*?</style>\s*",
    ):
        svg = re.sub(pattern, "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*</defs>\s*", "", svg)

    def prefixed(tag: re.Match) -> str:  # inside tags only: text content is left alone
        t = tag.group(0)
        if re.fullmatch(r'<g id="[^"]*"/?>', t):  # matplotlib names each group; none is referred to
            return "" if t.endswith("/>") else "<g>"
        t = re.sub(r"\s+", " ", _ROUND.sub(lambda m: f"{float(m.group(0)):.1f}", t))
        t = re.sub(r' transform="rotate\(-?0 [-\d. ]*\)"', "", t)  # no rotation at all
        t = t.replace(_FAMILY, "")  # inherited from the <svg> element, set once below
        t = re.sub(
            r' style="([^"]*)"',
            lambda m: ' style="' + m.group(1).replace(": ", ":").replace("; ", ";") + '"',
            t,
        )
        t = t.replace(' id="', f' id="{key}-').replace("url(#", f"url(#{key}-")
        return t.replace('href="#', f'href="#{key}-')

    svg = re.sub(r"<[^>]+>", prefixed, svg)
    svg = re.sub(r">\n\s*<", "><", svg)  # indentation only: text inside elements is kept
    svg = _short_ids(svg, key)
    svg = _RECT.sub(r"M \1 \2H \3V \4H \1z", svg)
    svg = _USES.sub(_hoist_style, svg)
    svg = _unwrap_bare_groups(svg)
    head, body = svg.split(">", 1)
    return (
        f'{head} font-family="DejaVu Sans, sans-serif" role="img" '
        f'aria-labelledby="{key}-title" aria-describedby="{key}-desc">'
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(desc)}</desc>{body.strip()}'
    )


_NUM = r"(-?\d+(?:\.\d+)?)"
# an axis-aligned rectangle as matplotlib writes it, "M x0 y0 L x1 y0 L x1 y1 L x0 y1 z": the
# same shape as "M x0 y0H x1V y1H x0z", half the bytes (a heat map is a thousand of them)
_RECT = re.compile(rf"M {_NUM} {_NUM} L {_NUM} \2 L \3 {_NUM} L \1 \4 z ?")
# a group of markers (`<use>` of one shape), each with the same style
_USES = re.compile(r"<g([^>]*)>((?:<use [^>]*/>)+)</g>")


def _short_ids(svg: str, key: str) -> str:
    """matplotlib's hashed ids ("m5e478cd41b") numbered in order of appearance instead ("m1"):
    the same references, ten bytes fewer for each of a timeline's thousand markers."""
    found: dict[str, str] = {}

    def short(m: re.Match) -> str:
        return found.setdefault(m.group(0), f"{key}-{m.group(1)}{len(found) + 1}")

    return re.sub(rf"{re.escape(key)}-([a-z])[0-9a-f]{{10}}\b", short, svg)


def _hoist_style(group: re.Match) -> str:
    """Markers that share one style get it once, from their group (fill and stroke are
    inherited): about 40 bytes fewer per marker."""
    attrs, uses = group.group(1), group.group(2)
    styles = set(re.findall(r' style="[^"]*"', uses))
    if len(styles) != 1 or "style=" in attrs or uses.count(" style=") != uses.count("<use "):
        return group.group(0)
    style = styles.pop()
    return f"<g{attrs}{style}>{uses.replace(style, '')}</g>"


def _unwrap_bare_groups(svg: str) -> str:
    """Drop `<g>` elements without attributes (keeping what they hold): they change nothing."""
    out: list[str] = []
    bare: list[bool] = []
    last = 0
    for tag in re.finditer(r"<g>|<g[ /][^>]*>|</g>", svg):
        text = tag.group(0)
        if text == "</g>":
            drop = bare.pop()
        elif text.endswith("/>"):
            continue
        else:
            drop = text == "<g>"
            bare.append(drop)
        if drop:
            out.append(svg[last : tag.start()])
            last = tag.end()
    out.append(svg[last:])
    return "".join(out)


def _short(name: str, limit: int = LABEL_CHARS) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _steps_path(cells: list[tuple[int, int]], inset: float):
    """One compound path of unit squares at (column, row), each shrunk by `inset` on every side
    (the white gap between cells)."""
    from matplotlib.path import Path as MPath

    vertices, codes = [], []
    for x, y in cells:
        x0, y0, x1, y1 = x + inset, y + inset, x + 1 - inset, y + 1 - inset
        vertices += [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        codes += [MPath.MOVETO, MPath.LINETO, MPath.LINETO, MPath.LINETO, MPath.CLOSEPOLY]
    return MPath(vertices, codes)


def _extremes(a: str, pairs: dict, shown: list[str], names: dict) -> str:
    """'A: agrees most with B (80%, 8 of 10), least with C (10%, 1 of 10)'."""
    mine = [(pairs[(a, b)], b) for b in shown if b != a and (a, b) in pairs]
    if not mine:
        return f"{names[a]}: no shared demand"
    best = max(mine, key=lambda rb: rb[0].share)  # the first of equals, in column order
    worst = min(mine, key=lambda rb: rb[0].share)

    def said(rb) -> str:
        r, b = rb
        return f"{names[b]} ({r.share:.0%}, {r.n_agree} of {r.n_shared})"

    return f"{names[a]}: agrees most with {said(best)}, least with {said(worst)}"


def agreement_heatmap(agreement: pd.DataFrame, shown: list[str], names: dict) -> str | None:
    """Actors in `shown` (column order) against each other; each cell the share of the demands on
    which both take a position and agree, on an orange (0%) to blue (100%) scale in
    HEATMAP_STEPS steps, written in the cell up to HEATMAP_WRITTEN actors."""
    pairs = {(r.actor_a, r.actor_b): r for r in agreement.itertuples(index=False)}
    pairs.update({(b, a): r for (a, b), r in list(pairs.items())})
    if len(shown) < 2 or not any((a, b) in pairs for a in shown for b in shown):
        return None
    n = len(shown)
    written = n <= HEATMAP_WRITTEN

    def draw():
        import numpy as np
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap
        from matplotlib.figure import Figure
        from matplotlib.patches import PathPatch

        # a step's colour is the map's k-th: the cells and the colour bar agree exactly
        cmap = LinearSegmentedColormap.from_list("agree", [ORANGE, "#ffffff", SKY], N=HEATMAP_STEPS)
        side = min(1.2 + 0.75 * n, 14.0) if written else 1.8 + 0.24 * n
        fig = Figure(figsize=(side + 1.2, side))
        ax = fig.subplots()
        steps = {}  # colour step (-1: the diagonal and pairs with no shared demand) -> cells
        for i, a in enumerate(shown):
            for j, b in enumerate(shown):
                k = -1
                if a != b and (a, b) in pairs:
                    k = min(int(pairs[(a, b)].share * HEATMAP_STEPS), HEATMAP_STEPS - 1)
                steps.setdefault(k, []).append((j, i))
        for k, cells in sorted(steps.items()):
            colour = FAINT if k < 0 else cmap(k)  # an integer indexes the map's steps
            ax.add_patch(PathPatch(_steps_path(cells, 0.04), facecolor=colour, edgecolor="none"))
        ax.set_xlim(0, n)
        ax.set_ylim(n, 0)
        if written:
            size = 8.0 if n <= 8 else 6.0
            for i, a in enumerate(shown):
                for j, b in enumerate(shown):
                    r = pairs.get((a, b))
                    text = (
                        "—"
                        if a == b
                        else "none"
                        if r is None
                        else f"{r.share:.0%}\n{r.n_agree} of {r.n_shared}"
                    )
                    ax.text(
                        j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=size, color=INK
                    )
        labels = [_plain(names[a], 18) if written else _short(names[a]) for a in shown]
        ax.set_xticks(
            [k + 0.5 for k in range(n)],
            labels=labels,
            rotation=40 if written else 90,
            ha="right",
            rotation_mode="anchor",
            fontsize=None if written else 7.5,
        )
        ax.set_yticks([k + 0.5 for k in range(n)], labels=labels, fontsize=None if written else 7.5)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        bounds = np.linspace(0, 1, HEATMAP_STEPS + 1)
        scale = ScalarMappable(norm=BoundaryNorm(bounds, HEATMAP_STEPS), cmap=cmap)
        bar = fig.colorbar(scale, ax=ax, shrink=0.7 if written else 0.4, ticks=[0, 0.5, 1])
        bar.ax.set_yticklabels(["0%", "50%", "100%"])
        bar.set_label("share of shared demands on which both agree")
        return fig

    if written:
        said = [
            f"{names[r.actor_a]} and {names[r.actor_b]}: {r.share:.0%} ({r.n_agree} of "
            f"{r.n_shared})"
            for r in agreement.itertuples(index=False)
            if r.actor_a in shown and r.actor_b in shown
        ]
        desc = "Share of the demands on which both take a position and agree. "
    else:
        said = [_extremes(a, pairs, shown, names) for a in shown]
        desc = (
            "Share of the demands on which both take a position and agree; for each actor, "
            "the actors it agrees with most and least (every pair in data/agreement.csv). "
        )
    return _svg(
        draw,
        "fig-agreement",
        f"Heat map of agreement between {n} actors",
        desc + "; ".join(said) + ".",
    )


def _period(days: list[date]) -> int:
    """Days per marker: 1 (a marker per dated stance) up to TIMELINE_MARKS dates, else the
    span cut into TIMELINE_MARKS equal periods, so a busy timeline stays light to draw and load."""
    if len(days) <= TIMELINE_MARKS:
        return 1
    return -(-((days[-1] - days[0]).days + 1) // TIMELINE_MARKS)


def _as_of(days: list[date], stances: list[str], span: tuple[date, date], period: int):
    """(days, stances) to draw: with period 1 every dated stance; otherwise, per period, the
    latest stance in it (what the matrix would have shown at its end), dated at its end."""
    if period == 1:
        return days, stances
    first, end = span
    last: dict[int, tuple[date, str]] = {}
    for day, stance in zip(days, stances, strict=True):
        k = (day - first).days // period
        last[k] = (min(first + timedelta(days=(k + 1) * period - 1), end), stance)
    kept = [last[k] for k in sorted(last)]
    return [d for d, _ in kept], [s for _, s in kept]


def most_contested(stances: pd.DataFrame, demands: pd.DataFrame) -> list[str]:
    """Every contested demand, the most contested first: the most actors on the smaller side
    (a demand with five supporters and five opponents before one with nine and one), then the
    most actors on either side, then codebook order."""
    fought = contested(stances)
    ordered = [d for d in demands.sort_values("position")["demand_id"] if d in fought]
    return sorted(
        ordered,
        key=lambda d: (-min(len(fought[d][0]), len(fought[d][1])), -sum(map(len, fought[d]))),
    )


def _busiest_rows(steps: pd.DataFrame, order: list[str]) -> tuple[list[str], int]:
    """One demand's rows: the TIMELINE_ACTORS actors with the most dated stances on it (column
    order), and how many others spoke on it."""
    counts = steps.groupby("actor_id", sort=False).size()
    rank = {a: k for k, a in enumerate(order)}
    top = sorted(counts.index, key=lambda a: (-counts[a], rank.get(a, len(rank))))
    kept = set(top[:TIMELINE_ACTORS])
    return [a for a in order if a in kept], len(top) - len(kept)


def stance_timelines(
    history: pd.DataFrame, stances: pd.DataFrame, demands: pd.DataFrame, order: list[str], names
) -> str | None:
    """One panel per contested demand (the TIMELINES_SHOWN most contested, most first): a row
    per actor that spoke on it (at most TIMELINE_ACTORS), a marker per dated stance (shape and
    colour per stance)."""
    labels = dict(zip(demands["demand_id"], demands["label"], strict=True))
    shown = most_contested(stances, demands)[:TIMELINES_SHOWN]
    if not shown:
        return None
    steps = history[history["demand_id"].isin(shown)].sort_values("published", kind="stable")
    busiest = {d: _busiest_rows(g, order) for d, g in steps.groupby("demand_id")}
    rows = {d: kept for d, (kept, _) in busiest.items()}
    steps = steps[
        [a in rows[d] for a, d in zip(steps["actor_id"], steps["demand_id"], strict=True)]
    ]
    dated = {
        key: ([pd.Timestamp(p).date() for p in g["published"]], list(g["stance"]))
        for key, g in steps.groupby(["demand_id", "actor_id"], sort=False)
    }
    days = sorted({pd.Timestamp(p).date() for p in steps["published"]})
    period = _period(days)
    marks = {key: _as_of(ds, ss, (days[0], days[-1]), period) for key, (ds, ss) in dated.items()}

    def draw():
        from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D

        heights = [len(rows[d]) + 1.2 for d in shown]
        fig = Figure(figsize=(7.2, 0.9 + 0.32 * sum(heights)), layout="constrained")
        axes = fig.subplots(
            len(shown), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": heights}
        )[:, 0]
        for ax, d in zip(axes, shown, strict=True):
            actors = rows[d]
            for y, a in enumerate(reversed(actors)):
                days_of, stances_of = marks[(d, a)]
                xs = [date2num(day) for day in days_of]
                ax.plot(xs, [y] * len(xs), color="#999999", linewidth=1, zorder=1)
                for stance, (marker, colour) in MARK.items():  # one artist per stance: smaller SVG
                    at = [x for x, s in zip(xs, stances_of, strict=True) if s == stance]
                    if not at:
                        continue
                    ax.plot(
                        at,
                        [y] * len(at),
                        marker=marker,
                        color=colour,
                        markeredgecolor=INK,
                        markersize=9,
                        linestyle="none",
                        zorder=2,
                    )
            ax.set_yticks(
                range(len(actors)), labels=[_plain(names[a], 22) for a in reversed(actors)]
            )
            ax.set_ylim(-0.7, len(actors) - 0.3)
            ax.set_title(_plain(str(labels[d]), 80), loc="left", fontsize=9, fontweight="bold")
            ax.grid(axis="x", color="#dddddd", linewidth=0.6)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        first, last = date2num(days[0]), date2num(days[-1])
        pad = max((last - first) * 0.08, 1.0)
        axes[-1].set_xlim(first - pad, last + pad)
        if len(days) <= 6:
            axes[-1].set_xticks([date2num(x) for x in days], labels=[x.isoformat() for x in days])
        else:
            axes[-1].xaxis.set_major_locator(AutoDateLocator(maxticks=7))
            axes[-1].xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
        for tick in axes[-1].get_xticklabels():
            tick.set_rotation(30)
            tick.set_horizontalalignment("right")
        handles = [
            Line2D(
                [],
                [],
                marker=m,
                color=c,
                markeredgecolor=INK,
                markersize=8,
                linestyle="none",
                label=LOOK[s][1],
            )
            for s, (m, c) in MARK.items()
        ]
        fig.legend(
            handles=handles,
            loc="outside upper center",
            ncol=3,
            frameon=False,
        )
        return fig

    said = []
    for d in shown:
        parts = []
        for a in rows[d]:
            seq = describe_runs(*dated[(d, a)])
            parts.append(f"{names[a]} {seq}")
        others = busiest[d][1]
        more = f" (and {others} more actor{'s' * (others != 1)})" if others else ""
        said.append(f"{labels[d]}: {', '.join(parts)}{more}")
    tail = ""
    if period > 1:
        tail += (
            f" Many dates: each marker is an actor's stance as of the end of a {period}-day "
            "period (its latest dated stance in that period)."
        )
    return _svg(
        draw,
        "fig-timelines",
        f"Timeline of stances on {len(shown)} contested demand{'s' * (len(shown) != 1)}",
        "; ".join(said) + "." + tail,
    )


def weight_threshold(weights: list[int], most: int = NETWORK_LINES) -> int:
    """The least weight a line needs to be drawn: the smallest that leaves at most `most` lines
    (1 when all fit); when even the heaviest weight is shared by more, that weight."""
    for w in sorted(set(weights)):
        if sum(x >= w for x in weights) <= most:
            return w
    return max(weights, default=1)


def _heaviest(graph: nx.Graph) -> tuple[nx.Graph, int]:
    """The graph with only the edges at or above its weight threshold, and the threshold."""
    least = weight_threshold([w for _, _, w in graph.edges(data="weight")])
    kept = nx.Graph()
    kept.add_nodes_from(graph.nodes)
    kept.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if d["weight"] >= least)
    return kept, least


def network_drawing(congruence: nx.Graph, conflict: nx.Graph, names: dict) -> str | None:
    """Actors on a circle in codebook order; an edge per pair, its width and number the demands
    on which the two hold the same (solid) or opposite (dashed) clear stance. With many pairs
    only the heaviest lines of each kind are drawn (at most NETWORK_LINES; the description says
    from which weight)."""
    nodes = list(congruence.nodes)
    if congruence.number_of_edges() + conflict.number_of_edges() == 0:
        return None
    every = {"congruence": congruence, "conflict": conflict}
    congruence, least_same = _heaviest(congruence)
    conflict, least_opposed = _heaviest(conflict)
    crowded = len(nodes) > HEATMAP_WRITTEN

    def draw():
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D

        pos = {v: tuple(float(c) for c in xy) for v, xy in nx.circular_layout(nodes).items()}
        grow = max(1.0, len(nodes) / 24)  # room for forty names around the circle
        fig = Figure(figsize=(6.4 * grow, 5.6 * grow))
        ax = fig.subplots()
        both = set(congruence.edges) & set(conflict.edges)
        weights = [w for g in (congruence, conflict) for _, _, w in g.edges(data="weight")]
        heaviest = max(weights, default=1)
        for graph, colour, style, side in (
            (congruence, BLUE, "-", 1),
            (conflict, VERMILLION, "--", -1),
        ):
            for u, v, w in graph.edges(data="weight"):
                (x1, y1), (x2, y2) = pos[u], pos[v]
                dx, dy = x2 - x1, y2 - y1
                length = (dx * dx + dy * dy) ** 0.5 or 1.0
                off = 0.045 * side if (u, v) in both else 0.0
                ox, oy = -dy / length * off, dx / length * off
                ax.plot(
                    [x1 + ox, x2 + ox],
                    [y1 + oy, y2 + oy],
                    color=colour,
                    linestyle=style,
                    linewidth=1.0 + 3.5 * w / heaviest,  # 4.5 points for the heaviest
                    zorder=1,
                )
                ax.text(
                    (x1 + x2) / 2 + 2 * ox,
                    (y1 + y2) / 2 + 2 * oy,
                    str(w),
                    ha="center",
                    va="center",
                    fontsize=8,
                    zorder=3,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": colour},
                )
        for v, (x, y) in pos.items():
            ax.plot(
                [x], [y], marker="o", markersize=11, color="#555555", markeredgecolor=INK, zorder=2
            )
            if crowded:  # names along the radius, outwards: none overlaps its neighbour
                turn = math.degrees(math.atan2(y, x))
                left = abs(turn) > 90
                ax.text(
                    x * 1.06,
                    y * 1.06,
                    _short(names[v]),
                    ha="right" if left else "left",
                    va="center",
                    rotation=turn + 180 if left else turn,
                    rotation_mode="anchor",
                    fontsize=8,
                )
                continue
            ha = "left" if x > 0.2 else "right" if x < -0.2 else "center"
            va = "bottom" if y > 0.2 else "top" if y < -0.2 else "center"
            ax.text(x * 1.12, y * 1.12, _plain(names[v], 22), ha=ha, va=va, fontsize=9)
        ax.set_xlim(-1.35, 1.35)
        ax.set_ylim(-1.3, 1.3)
        ax.set_aspect("equal")
        ax.axis("off")
        handles = [
            Line2D(
                [],
                [],
                color=BLUE,
                linestyle="-",
                linewidth=2.5,
                label="congruence: the same clear stance (solid)",
            ),
            Line2D(
                [],
                [],
                color=VERMILLION,
                linestyle="--",
                linewidth=2.5,
                label="conflict: one supports, the other rejects (dashed)",
            ),
        ]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.1 if crowded else -0.02),  # below the names
            frameon=False,
            title="Numbers on the lines: demands",
        )
        return fig

    def pairs(graph):
        return (
            "; ".join(
                f"{names[u]} and {names[v]}, {w} demand{'s' * (w != 1)}"
                for u, v, w in graph.edges(data="weight")
            )
            or "none"
        )

    def cut(kind: str, drawn: nx.Graph, least: int) -> str:
        left = every[kind].number_of_edges() - drawn.number_of_edges()
        return (
            f" (only pairs sharing at least {least} demands are drawn: {left} more pairs in "
            f"data/{kind}_network.csv)"
            if left
            else ""
        )

    alone = [names[v] for v in nodes if congruence.degree(v) + conflict.degree(v) == 0]
    desc = (
        f"Congruence (the same clear stance){cut('congruence', congruence, least_same)}: "
        f"{pairs(congruence)}. Conflict (one supports, the other rejects)"
        f"{cut('conflict', conflict, least_opposed)}: {pairs(conflict)}."
        + (f" With no line drawn: {', '.join(alone)}." if alone else "")
    )
    return _svg(
        draw, "fig-network", f"Network of congruence and conflict between {len(nodes)} actors", desc
    )


def _figure(key: str, svg: str | None, caption: str, missing: str) -> str:
    if svg is None:
        return f'<p class="no-picture">{escape(missing)}</p>'
    return f'<figure class="picture" id="{key}">{svg}<figcaption>{caption}</figcaption></figure>'


def pictures_section(
    frames: dict[str, pd.DataFrame],
    networks,
    shown: list[str],
    order: list[str],
    names: dict,
    as_of: date | None,
    min_claims: int,
) -> str:
    """The Pictures section: the three pictures, each with its caption, or a sentence when it has
    no data; under the timelines, the contested demands not drawn. `shown` are the actors of the
    heat map (at most HEATMAP_ACTORS)."""
    scope = (f"as of {networks.as_of}" if as_of is not None else "on the latest evidence") + (
        f", actors and demands with at least {min_claims} claims in use" if min_claims > 1 else ""
    )
    heat = agreement_heatmap(frames["agreement"], shown, names)
    timeline = stance_timelines(
        frames["stance_history"], frames["stances"], frames["demands"], order, names
    )
    network = network_drawing(networks.congruence, networks.conflict, names)
    labels = dict(zip(frames["demands"]["demand_id"], frames["demands"]["label"], strict=True))
    undrawn = [labels[d] for d in most_contested(frames["stances"], frames["demands"])]
    undrawn = undrawn[TIMELINES_SHOWN:]
    rest = (
        f'<p class="undrawn">Not drawn, {len(undrawn)} less contested demand'
        f"{'s' * (len(undrawn) != 1)}: {escape('; '.join(undrawn))}. Every actor's dated "
        'stances are in <a href="data/stance_history.csv">data/stance_history.csv</a>.</p>'
        if undrawn and timeline is not None
        else ""
    )
    cuts = []
    for kind, graph in (("congruence", networks.congruence), ("conflict", networks.conflict)):
        drawn, least = _heaviest(graph)
        if drawn.number_of_edges() < graph.number_of_edges():
            cuts.append(
                f"{kind} lines only for pairs sharing at least {least} demands "
                f'({drawn.number_of_edges()} of {graph.number_of_edges()}; all in <a href="data/'
                f'{kind}_network.csv">data/{kind}_network.csv</a>)'
            )
    legible = f" To keep it legible: {'; '.join(cuts)}." if cuts else ""
    return (
        '<section id="pictures"><h2>Pictures</h2><p>Static drawings of the tables above, made at '
        "build time; each is described in words for screen readers, and the numbers behind it are "
        'in <a href="#data">the data</a>.</p>'
        "<h3>Agreement between actors</h3>"
        + _figure(
            "picture-agreement",
            heat,
            "How often two actors agree: the share of the demands on which both take a position "
            "and hold the same stance, written in each cell (orange 0%, blue 100%; grey: no "
            "shared demand). The table is in the summaries."
            if len(shown) <= HEATMAP_WRITTEN
            else f"How often two actors agree, for the {len(shown)} actors with the most "
            "positions: the share of the demands on which both take a position and hold the same "
            f"stance, from orange (0%) to blue (100%) in steps of {100 // HEATMAP_STEPS}% (grey: "
            'no shared demand). The numbers for every pair are in <a href="data/agreement.csv">'
            "data/agreement.csv</a>.",
            "No two actors take a position on the same demand, so there is no agreement to draw.",
        )
        + "<h3>Contested demands over time</h3>"
        + _figure(
            "picture-timelines",
            timeline,
            f"The {TIMELINES_SHOWN} most contested demands at most (supported by one actor and "
            "rejected by another; the most actors on the smaller side first), each with the "
            f"stance of its {TIMELINE_ACTORS} busiest actors at most on each date they spoke (with "
            "more dates than fit, the stance as of the end of each period): circle supports, "
            "cross rejects, diamond ambiguous.",
            "No demand is both supported and rejected, so there is no contest to follow.",
        )
        + rest
        + "<h3>Congruence and conflict</h3>"
        + _figure(
            "picture-network",
            network,
            f"Top-level actors {escape(scope)}: a solid line joins two actors holding the same "
            "clear stance on demands, a dashed line two actors on opposite sides (supports "
            "against rejects); the number is how many demands. Ambiguous stances count for "
            f"neither.{legible} The networks are in data/ as GraphML, GEXF and CSV.",
            f"No two actors hold a clear stance on the same demand ({scope}), so there is no "
            "network to draw.",
        )
        + "</section>"
    )
