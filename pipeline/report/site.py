"""Assemble the self-contained report page and the open data, under a (temporary) report folder.

The page loads nothing: no script, no font, no image from anywhere. Every text that comes from a
raw file is escaped (great-tables escapes what it renders; the rest goes through html.escape).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from pipeline.live.feed import write_feed
from pipeline.marts.networks import DEFAULT_OPTIONS, NetworkOptions, Networks, build_networks
from pipeline.report.changes import FEED, changes_line, changes_section, reliability_section
from pipeline.report.evidence import _date, evidence_section, history_section, legend_section
from pipeline.report.legend import LOOK
from pipeline.report.matrix import column_order, is_compact, matrix_html
from pipeline.report.networks import write_networks
from pipeline.report.opendata import write_open_data
from pipeline.report.pagebytes import FILE as PAGE_BYTES
from pipeline.report.pagebytes import as_json as page_bytes
from pipeline.report.pictures import HEATMAP_ACTORS, pictures_section
from pipeline.report.summaries import busiest, summaries_section

NETWORK_FILES = ("graphml", "gexf", "csv")
CSS = (
    """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:0 auto;
max-width:72rem;padding:1rem;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
a{color:#0b4f8a}
.cell{display:flex;flex-direction:column;justify-content:center;min-height:2.9em;color:#1a1a1a;
text-decoration:none;margin:-8px -5px;padding:8px 5px}
a.cell:hover,a.cell:focus{text-decoration:underline;outline:2px solid #1a1a1a}
.cell .n{display:block;font-size:.75rem}.mark{font-size:.75rem;font-weight:bold;margin-left:.2rem;
text-decoration:none;border:1px solid #555;border-radius:3px;padding:0 .15rem}
.st{padding:0 .3rem;border-radius:3px}
"""
    + "".join(f".st-{s}{{background:{fill}}}" for s, (_, _, fill) in LOOK.items())
    + """
blockquote{margin:.3rem 0;padding:.3rem .8rem;border-left:4px solid #888;background:#f7f7f7;
white-space:pre-wrap}
.meta,.cond,.note{font-size:.85rem;margin:.2rem 0}
.table-wrap{overflow-x:auto}
.matrix{--stub-w:16rem;--col-w:7.5rem;max-height:80vh;overflow:auto;border:1px solid #bbb;
margin:1rem 0;overscroll-behavior:contain}
.matrix:focus-visible{outline:2px solid #1a1a1a}
.matrix summary{position:sticky;left:0;width:max-content;max-width:calc(100vw - 3rem);
padding:.35rem .4rem;font-weight:bold;cursor:pointer}.matrix summary .count{font-weight:normal}
.matrix thead th{position:sticky;top:0;z-index:2;box-shadow:inset 0 -2px #a8a8a8}
.matrix th.gt_stub,.matrix thead th:first-child{position:sticky;left:0;z-index:1;
box-shadow:inset -2px 0 #a8a8a8}
.matrix thead th:first-child{z-index:3;box-shadow:inset -2px -2px #a8a8a8}
.matrix th{overflow-wrap:anywhere}
.compact .cell{display:block;min-height:0;margin:0;padding:0;line-height:1.8rem;font-size:.85rem}
.cell i{font-style:normal}.cell sup{font-size:.5rem;font-weight:bold;line-height:0;
letter-spacing:-.03em}.compact a.cell:hover,.compact a.cell:focus{outline-offset:-2px}
.matrix.compact{--stub-w:11rem;--col-w:1.8rem;
--mw:min(calc(100vw - 2rem),calc(var(--stub-w) + var(--n) * var(--col-w) + 2px));
width:var(--mw);margin-left:min(0px,calc(50% - var(--mw) / 2))}
.compact td{padding:1px 0;text-align:center;vertical-align:middle;border-top:1px solid #d3d3d3}
.matrix.compact th.gt_stub{font-size:.8rem;padding:2px 6px}
.matrix.compact thead th:not(:first-child){vertical-align:bottom;padding:4px 0;text-align:center}
.compact th .v{display:inline-block;writing-mode:vertical-rl;transform:rotate(180deg);
white-space:nowrap;max-height:10.5rem;overflow:hidden;text-overflow:ellipsis;font-size:.75rem;
font-weight:normal}
.changes-line{font-size:.95rem}
figure.picture{margin:1rem 0}figure.picture svg{display:block;max-width:100%;height:auto}
figure.picture svg *{stroke-linejoin:round;stroke-linecap:butt}figcaption{font-size:.9rem}
.rests{border-left:4px solid #888;padding:.2rem .6rem}
.legend{list-style:none;padding:0}.legend li{margin:.2rem 0}
@media (max-width:600px){body{padding:.4rem}h1{font-size:1.25rem}
#stance-matrix table,#agreement table{font-size:.8rem}.matrix{--stub-w:9rem;--col-w:6rem}
.matrix.compact{--stub-w:7.5rem;--col-w:1.8rem}}
@media print{a{color:inherit;text-decoration:none}.cell-evidence,figure{break-inside:avoid}
.table-wrap,.matrix{overflow:visible;max-height:none;border:0}
.matrix th{position:static!important}body{max-width:none}
.st,.cell{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.matrix.compact{width:auto;margin-left:0;--stub-w:8rem;--col-w:auto}
.matrix.compact table{width:100%!important}}
"""
)

METHOD = """<section id="method"><h2>Method</h2>
<p>Each cell is one actor's stance on one demand, resolved from claims: passages of the source
documents in which the actor (or a person or body that speaks for it) supports, rejects or takes an
ambiguous position on the demand. Claims come from analyst codings and from automatic extraction;
for the same document, actor and demand a coding outranks extraction. Claims of the same date that
disagree make the cell <b>ambiguous</b>; a later date supersedes an earlier one, and the history
below keeps each step. <b>Ambiguous</b> also means hedged or conditional (“hinted”, “open to”,
“only if”). A cell with no claim is <b>no position</b>. Sources counts the claims in use for a cell.
</p><p id="review"><b>Reviewing extraction.</b> <code>stancemap review --raw RAW --out
worksheet.csv</code> writes a worksheet (CSV, and an HTML view beside it) of every extracted claim
and candidate passage, most consequential first. Write <code>accept</code>, <code>reject</code> or
the right stance in its <code>decision</code> column (the <code>actor</code> may be changed too),
save it into the raw folder's <code>codings/</code> and build again: reviewed positions lose the E
mark. The README's “Reviewing extraction” says more.</p></section>"""


def method_section(build_info: pd.DataFrame) -> str:
    """The method note, with the extraction it rests on: which stance model, if any."""
    info = dict(zip(build_info["key"], build_info["value"], strict=True))
    model = info.get("stance_model")
    if not model:
        return METHOD
    note = (
        "<p><b>Extraction.</b> Rules over a dependency parse state each extracted claim (the "
        "rule is named in the evidence data); the raiser of a demand is taken to support it "
        "where it is named with the demand and states nothing else; where no rule spoke, a "
        f"trained stance model may: {escape(model)}.</p>"
    )
    return METHOD.replace("</section>", f"{note}</section>")


def rests_on_extraction(stances: pd.DataFrame, compact: bool = False) -> str:
    """The page's first word on what it rests on: how many positions no analyst has reviewed,
    with a link to how to review them. (A compact matrix leaves E out of its cells when it
    would be on every one: this line says it instead.)"""
    taken = stances[stances["stance"] != "no_position"]
    alone = int(taken["extracted_only"].astype(bool).sum())
    if not alone:
        return ""
    share = "All" if alone == len(taken) else f"{alone} of"
    marked = (
        "the cells' tooltips and the summaries mark them E"
        if compact and alone == len(taken)
        else "marked E, in the summaries too"
    )
    return (
        f'<p class="rests"><b>{share} {len(taken)} position{"s" * (len(taken) != 1)} in the '
        f"matrix rest on automatic extraction alone</b> ({marked}): no "
        'analyst has reviewed them yet. <a href="#review">How to review them</a>.</p>'
    )


def case_of(build_info: pd.DataFrame) -> dict[str, str]:
    """The case's `name` and `description` from `case.yaml`, as the build recorded them ({} for
    a raw folder without one)."""
    info = dict(zip(build_info["key"], build_info["value"], strict=True))
    return {k.removeprefix("case_"): v for k, v in info.items() if k.startswith("case_")}


def networks_of(frames: dict[str, pd.DataFrame], options: NetworkOptions) -> Networks:
    return build_networks(
        frames["stances"],
        frames["stance_history"],
        frames["claims"],
        frames["actors"],
        frames["demands"],
        options,
    )


def page(
    frames: dict[str, pd.DataFrame],
    options: NetworkOptions = DEFAULT_OPTIONS,
    networks: Networks | None = None,
) -> str:
    stances, claims = frames["stances"], frames["claims"]
    documents, actors, demands = frames["documents"], frames["actors"], frames["demands"]
    used = claims
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    as_of = _date(documents["published"].max()) if len(documents) else ""
    order = column_order(actors, demands)
    subtitle = (
        f"As of {as_of} · {len(documents)} document{'s' * (len(documents) != 1)} · "
        f"{len(used)} claims in use ({int((used['origin'] == 'coded').sum())} coded, "
        f"{int((used['origin'] == 'extracted').sum())} extracted) · {len(demands)} demands "
        f"× {len(order)} actors"
    )
    case = case_of(frames["build_info"])
    title = f"{case['name']}: who demands what" if case else "Who demands what: stance matrix"
    about = f"<p>{escape(case['description'])}</p>" if case.get("description") else ""
    matrix = matrix_html(stances, actors, demands)
    compact = is_compact(len(order))
    resting = rests_on_extraction(stances, compact)
    data_links = " · ".join(
        f'<a href="data/{n}.csv">{n}</a>'
        for n in (
            "stances",
            "claims",
            "documents",
            "actors",
            "demands",
            "stance_history",
            "agreement",
            "stance_changes",
            "reliability",
        )
    )
    networks = networks or networks_of(frames, options)
    net_links = " · ".join(
        f"{n.replace('_', ' ')} ("
        + ", ".join(f'<a href="data/{n}.{ext}">{ext.upper()}</a>' for ext in NETWORK_FILES)
        + ")"
        for n in ("actor_demand_network", "congruence_network", "conflict_network")
    )
    pictures = pictures_section(
        frames,
        networks,
        busiest(stances, order, HEATMAP_ACTORS),
        order,
        names,
        options.as_of,
        options.min_claims,
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<link rel="alternate" type="application/atom+xml" href="{FEED}" '
        f'title="{escape(title)}: stance changes"><style>{CSS}</style></head><body><main>'
        f"<h1>{escape(title)}</h1>{about}<p>{escape(subtitle)}</p>{resting}"
        f"{changes_line(frames['stance_changes'], frames['build_info'])}"
        f"{matrix}"
        f"{legend_section(compact)}"
        f"{changes_section(frames['stance_changes'], frames['build_info'], actors, demands)}"
        f"{summaries_section(stances, demands, frames['agreement'], order, names, not compact)}"
        f"{pictures}"
        f"{evidence_section(stances, claims, actors, demands, documents)}"
        f"{history_section(frames['stance_history'], stances, actors, demands)}"
        f"{reliability_section(frames['reliability'], demands)}"
        f"{method_section(frames['build_info'])}"
        f'<section id="data"><h2>Data</h2><p>Every table as CSV (and Parquet, same names), '
        f'described by <a href="data/datapackage.json">datapackage.json</a>: {data_links}.</p>'
        f"<p>Networks (the pictures' data; nodes with their attributes in GraphML and GEXF): "
        f"{net_links}.</p>"
        "</section></main></body></html>\n"
    )


def render_site(
    frames: dict[str, pd.DataFrame],
    out: Path,
    db: Path,
    options: NetworkOptions = DEFAULT_OPTIONS,
    sources: dict[str, list[Path]] | None = None,
) -> list[str]:
    """Write the report files under `out` (the page from `frames`, the open data copied from the
    database at `db` that holds them, or from `sources`: see `write_open_data`); return their
    paths relative to it. `options` shape the networks (files and drawing); the tables are
    always complete."""
    out.mkdir(parents=True, exist_ok=True)
    networks = networks_of(frames, options)
    html = page(frames, options, networks)
    (out / "index.html").write_text(html, encoding="utf-8")
    (out / PAGE_BYTES).write_text(page_bytes(html), encoding="utf-8")  # what the page weighs
    files, resources = write_networks(networks, out)
    case = case_of(frames["build_info"])
    feed = write_feed(frames, out, case)
    written = ["index.html", PAGE_BYTES] + write_open_data(db, out, resources, sources, case)
    return written + files + feed
