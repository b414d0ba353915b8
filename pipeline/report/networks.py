"""The networks as files beside the tables: GraphML and GEXF (networkx writers) and a CSV edge
list per network, with their `datapackage.json` resources.

Byte for byte the same on every build: the graphs arrive with nodes and edges in codebook order,
and the one thing networkx adds from the clock, GEXF's `lastmodifieddate`, is replaced by the
date the networks stand on (from the data)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
import pandas as pd

from pipeline.marts.networks import Networks
from pipeline.report.opendata import table_descriptor
from pipeline.schema import NETWORK_EDGE_LISTS
from pipeline.validate import pandera_schema

FORMATS = {  # extension: (format, mediatype, what the file is)
    "graphml": ("graphml", "application/graphml+xml", "GraphML (networkx, igraph, yEd, Gephi)"),
    "gexf": ("gexf", "application/gexf+xml", "GEXF 1.2 (Gephi)"),
}
ABOUT = {
    "actor_demand_network": "Two-mode network of top-level actors and demands: an edge per "
    "position (stance, n_claims, first_date, last_date); nodes with kind (actor or demand), "
    "label, actor_kind or category, n_claims",
    "congruence_network": "Top-level actors linked by the demands on which both hold the same "
    "clear stance (weight, demands); nodes with label, actor_kind, n_claims",
    "conflict_network": "Top-level actors linked by the demands on which one supports and the "
    "other rejects (weight, demands); nodes with label, actor_kind, n_claims",
}
NO_DATE = "1970-01-01"  # GEXF needs a date; a build with no evidence has none of its own


def _bare(node: str) -> str:
    return node.split(":", 1)[1] if node.startswith(("actor:", "demand:")) else node


def edge_list(graph: nx.Graph, name: str) -> pd.DataFrame:
    """The graph's edges as the declared edge-list table, validated."""
    table = NETWORK_EDGE_LISTS[name]
    first, second = table.column_names[:2]
    rows = [{first: _bare(u), second: _bare(v), **data} for u, v, data in graph.edges(data=True)]
    frame = pd.DataFrame(rows, columns=table.column_names)
    return pandera_schema(table).validate(frame)


def gexf_bytes(graph: nx.Graph, day: str) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    text, n = re.subn(
        rb'lastmodifieddate="[^"]*"',
        f'lastmodifieddate="{day or NO_DATE}"'.encode(),
        buffer.getvalue(),
        count=1,
    )
    assert n == 1, "networkx no longer writes lastmodifieddate where expected"
    return text


def graphml_bytes(graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()


def write_networks(networks: Networks, out: Path) -> tuple[list[str], list[dict]]:
    """Write data/<network>.{graphml,gexf,csv} under `out`; return the paths written (relative
    to `out`) and their datapackage resources."""
    folder = out / "data"
    folder.mkdir(parents=True, exist_ok=True)
    graphs = {
        "actor_demand_network": networks.actor_demand,
        "congruence_network": networks.congruence,
        "conflict_network": networks.conflict,
    }
    written: list[str] = []
    resources: list[dict] = []
    for name, graph in graphs.items():
        table = NETWORK_EDGE_LISTS[name]
        edge_list(graph, name).to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
        (folder / f"{name}.graphml").write_bytes(graphml_bytes(graph))
        (folder / f"{name}.gexf").write_bytes(gexf_bytes(graph, networks.as_of))
        resources.append(table_descriptor(table))
        for ext, (fmt, mediatype, what) in FORMATS.items():
            resources.append(
                {
                    "name": f"{name}_{ext}",
                    "path": f"{name}.{ext}",
                    "type": "file",
                    "format": fmt,
                    "mediatype": mediatype,
                    "encoding": "utf-8",
                    "description": f"{ABOUT[name]}, as {what}.",
                }
            )
        written += [f"data/{name}.{ext}" for ext in ("csv", "graphml", "gexf")]
    return written, resources
