"""Assemble the self-contained report page and write it under a (temporary) report folder."""
from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from pipeline.report.evidence import (_date, evidence_section, history_section, legend_section)
from pipeline.report.legend import LOOK
from pipeline.report.matrix import matrix_table

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:0 auto;
max-width:72rem;padding:1rem;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
.cell{display:block;color:#1a1a1a;text-decoration:none;margin:-8px -5px;padding:8px 5px}
a.cell:hover,a.cell:focus{text-decoration:underline;outline:2px solid #1a1a1a}
.cell .n{display:block;font-size:.75rem}.mark{font-size:.75rem;font-weight:bold;margin-left:.2rem;
text-decoration:none;border:1px solid #555;border-radius:3px;padding:0 .15rem}
.st{padding:0 .3rem;border-radius:3px}
""" + "".join(f".st-{s}{{background:{fill}}}" for s, (_, _, fill) in LOOK.items()) + """
blockquote{margin:.3rem 0;padding:.3rem .8rem;border-left:4px solid #888;background:#f7f7f7;
white-space:pre-wrap}
.meta,.cond,.note{font-size:.85rem;margin:.2rem 0}.overridden{font-style:italic}
li.claim.overridden blockquote{opacity:.75}
.table-wrap{overflow-x:auto}
.legend{list-style:none;padding:0}.legend li{margin:.2rem 0}
@media (max-width:600px){body{padding:.4rem}#stance-matrix table{font-size:.8rem}}
@media print{a{color:inherit;text-decoration:none}.cell-evidence{break-inside:avoid}
.table-wrap{overflow:visible}}
"""


def page(frames: dict[str, pd.DataFrame]) -> str:
    stances, claims = frames["stances"], frames["claims"]
    documents, actors, demands = frames["documents"], frames["actors"], frames["demands"]
    used = claims[claims["status"] == "used"]
    as_of = _date(documents["published"].max()) if len(documents) else ""
    n_top = int(actors["part_of"].isna().sum())
    subtitle = (f"As of {as_of} · {len(documents)} document{'s' * (len(documents) != 1)} · "
                f"{len(used)} claims in use ({int((used['origin'] == 'coded').sum())} coded, "
                f"{int((used['origin'] == 'extracted').sum())} extracted) · {len(demands)} demands "
                f"× {n_top} actors")
    title = "Who demands what: stance matrix"
    table = matrix_table(stances, actors, demands, title, subtitle).as_raw_html()
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{escape(title)}</h1><p>{escape(subtitle)}</p>"
        f'<div class="table-wrap">{table}</div>'
        f"{legend_section()}"
        f"{evidence_section(stances, claims, actors, demands, documents)}"
        f"{history_section(frames['stance_history'], stances, actors, demands)}"
        "</main></body></html>\n")


def render_site(frames: dict[str, pd.DataFrame], out: Path) -> list[str]:
    """Write the report files under `out`; return their paths relative to it."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(page(frames), encoding="utf-8")
    return ["index.html"]
