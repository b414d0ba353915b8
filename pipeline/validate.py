"""Pandera validation derived from `schema.py`, with failures reported as located problems.

Staging frames may carry an `_origin` column ("file:line") that says where each row came from; a
failing row is then reported against that line of that file, not against a DataFrame index.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import InputError, Problem
from pipeline.schema import SLUG, SLUG_HELP, TABLES, Col, Table

ORIGIN = "_origin"
_DTYPES = {"str": str, "int": "int64", "float": "float64", "bool": "bool", "date": "datetime64[us]"}
_SCHEMAS: dict[str, pa.DataFrameSchema] = {}


def _checks(col: Col) -> list[pa.Check]:
    checks = []
    if col.enum:
        checks.append(pa.Check.isin(list(col.enum), error=f"must be one of: {', '.join(col.enum)}"))
    if col.pattern:
        help_ = SLUG_HELP if col.pattern == SLUG else f"pattern {col.pattern}"
        checks.append(pa.Check.str_matches(col.pattern, error=f"must be {help_}"))
    if col.minimum is not None:
        checks.append(pa.Check.ge(col.minimum, error=f"must be at least {col.minimum}"))
    if col.maximum is not None:
        checks.append(pa.Check.le(col.maximum, error=f"must be at most {col.maximum}"))
    return checks


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of a table, built once from its declaration."""
    if table.name not in _SCHEMAS:
        columns = {
            c.name: pa.Column(
                _DTYPES[c.type],
                _checks(c),
                nullable=not c.required,
                unique=c.unique,
                coerce=True,
                description=c.description,
            )
            for c in table.columns
        }
        key = list(table.primary_key) if len(table.primary_key) > 1 else None
        _SCHEMAS[table.name] = pa.DataFrameSchema(
            columns, strict=True, ordered=True, unique=key, name=table.name
        )
    return _SCHEMAS[table.name]


def _message(check: str, value) -> str:
    if check == "not_nullable":
        return "is required but empty"
    if check == "field_uniqueness" or check.startswith("multiple_fields_uniqueness"):
        return f"duplicate value {value!r}"
    return f"{value!r} {check}" if check.startswith("must") else f"{value!r} fails {check}"


def validate(table_name: str, df: pd.DataFrame, default_file: str | None = None) -> pd.DataFrame:
    """Validate lazily; return the frame in declared column order and types, without `_origin`."""
    table = TABLES[table_name]
    origins = df[ORIGIN] if ORIGIN in df.columns else None
    frame = df.drop(columns=[ORIGIN]) if origins is not None else df
    frame = (
        frame.reindex(columns=table.column_names)
        if set(frame.columns) == set(table.column_names)
        else frame
    )
    try:
        return pandera_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise InputError(_problems(table, exc.failure_cases, origins, default_file)) from None


def _problems(table: Table, cases: pd.DataFrame, origins, default_file) -> list[Problem]:
    problems = []
    for case in cases.to_dict("records"):  # not itertuples: a tuple's .index is a method
        file, line = default_file or f"table {table.name}", None
        index = case["index"]
        known = index is not None and not pd.isna(index)
        if origins is not None and known and index in origins.index:
            file, _, line_text = str(origins.loc[index]).rpartition(":")
            line = int(line_text) if line_text.isdigit() else None
        elif known:
            file = f"{file}, row {index}"
        column = (
            case["column"]
            if isinstance(case["column"], str) and case["column"] in table.column_names
            else None
        )
        problems.append(
            Problem(file, _message(str(case["check"]), case["failure_case"]), line, column)
        )
    return problems


def to_frame(rows: list[dict], table_name: str) -> pd.DataFrame:
    """Rows as a frame with the table's declared columns (and `_origin`), even when there are
    none."""
    columns = TABLES[table_name].column_names
    if rows and ORIGIN in rows[0]:
        columns = columns + [ORIGIN]
    frame = pd.DataFrame(rows, columns=columns)
    for col in TABLES[table_name].columns:
        if col.type == "date":
            frame[col.name] = pd.to_datetime(frame[col.name])
    return frame
