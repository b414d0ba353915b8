"""Open data beside the page: every table as CSV and Parquet, and a Frictionless
`datapackage.json` that describes them, all derived from the declarations in `schema.py`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from pipeline import store
from pipeline.schema import TABLES, Table
from pipeline.store import quote_ident, quote_literal

_FRICTIONLESS = {
    "str": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "date",
}


def table_descriptor(table: Table) -> dict:
    fields = []
    for c in table.columns:
        constraints: dict = {}
        if c.required:
            constraints["required"] = True
        if c.unique:
            constraints["unique"] = True
        if c.enum:
            constraints["enum"] = list(c.enum)
        if c.pattern:
            constraints["pattern"] = c.pattern.removeprefix("^").removesuffix("$")
        if c.minimum is not None:
            constraints["minimum"] = int(c.minimum) if c.type == "int" else c.minimum
        if c.maximum is not None:
            constraints["maximum"] = c.maximum
        field: dict[str, object] = {
            "name": c.name,
            "type": _FRICTIONLESS[c.type],
            "description": c.description,
        }
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema = {"fields": fields, "primaryKey": list(table.primary_key)}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.columns),
                "reference": {"resource": fk.table, "fields": list(fk.ref_columns)},
            }
            for fk in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.description,
        "schema": schema,
    }


def datapackage(
    extra_resources: Sequence[dict] = (), case: Mapping[str, str] | None = None
) -> dict:
    """Every table, then `extra_resources` (the networks); a package holding a file that is not a
    table (GraphML, GEXF) is a plain `data-package`. The `case` (`name`, `description` from
    `case.yaml`) titles and describes the package."""
    resources = [table_descriptor(t) for t in TABLES.values()] + list(extra_resources)
    tabular = all(r.get("profile") == "tabular-data-resource" for r in resources)
    case = case or {}
    title = "Stance matrix: who demands what, with evidence"
    return {
        "name": "stancemap",
        "title": f"{case['name']}: {title[0].lower()}{title[1:]}" if "name" in case else title,
        **({"description": case["description"]} if "description" in case else {}),
        "profile": "tabular-data-package" if tabular else "data-package",
        "resources": resources,
    }


def write_open_data(
    db: Path,
    out: Path,
    extra_resources: Sequence[dict] = (),
    sources: dict[str, list[Path]] | None = None,
    case: Mapping[str, str] | None = None,
) -> list[str]:
    """Write data/<table>.csv, data/<table>.parquet and data/datapackage.json under `out`, each
    table copied by DuckDB from the database at `db`, or from the Parquet files `sources` names
    for it (a build's staged documents: read in a stream rather than back from the new file),
    and describe also `extra_resources`, files written by the caller."""
    folder = out / "data"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    con = store.connect()
    try:
        con.execute("SET threads = 1")  # one writer keeps the files byte-identical build to build
        con.execute(f"ATTACH {quote_literal(str(db))} AS db (READ_ONLY)")
        for name, table in TABLES.items():
            cols = ", ".join(
                f"CAST({quote_ident(c.name)} AS DATE) AS {quote_ident(c.name)}"
                if c.type == "date"
                else quote_ident(c.name)
                for c in table.columns
            )
            files = (sources or {}).get(name)
            origin = (
                f"read_parquet([{', '.join(quote_literal(str(f)) for f in files)}])"
                if files
                else f"db.{quote_ident(name)}"
            )
            select = f"SELECT {cols} FROM {origin}"
            for ext, options in (("csv", "FORMAT csv, HEADER true"), ("parquet", "FORMAT parquet")):
                target = folder / f"{name}.{ext}"
                con.execute(f"COPY ({select}) TO {quote_literal(str(target))} ({options})")
                written.append(f"data/{name}.{ext}")
    finally:
        con.close()
    (folder / "datapackage.json").write_text(
        json.dumps(datapackage(extra_resources, case), indent=2) + "\n", encoding="utf-8"
    )
    return written + ["data/datapackage.json"]
