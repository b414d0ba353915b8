"""Stage the codebook: actors (with aliases and membership) and demands (with their terms).

Steps: read `codebook/actors.yaml` and `codebook/demands.yaml`; check the shape of every record;
resolve `part_of` to the top-level actor (no cycles); make every alias unique across actors
(case-insensitive); resolve `raised_by` to actor ids. Ids, kinds and uniqueness are checked by the
pandera schemas, which report the record's line. Unknown fields are ignored with a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import Collector, InputError
from pipeline.staging.textio import read_text
from pipeline.staging.yamlio import LineDict, YamlProblem, load_yaml, warn_unknown
from pipeline.validate import ORIGIN, to_frame, validate

ACTOR_FIELDS = ("id", "name", "kind", "aliases", "part_of", "memberships")
MEMBERSHIP_FIELDS = ("of", "from", "to")
DEMAND_FIELDS = ("id", "label", "category", "raised_by", "terms", "opposite_terms")
DEFAULT_CATEGORY = "general"


@dataclass(frozen=True)
class Codebook:
    actors: pd.DataFrame
    memberships: pd.DataFrame
    actor_aliases: pd.DataFrame
    demands: pd.DataFrame
    demand_terms: pd.DataFrame


def _records(raw: Path, name: str, key: str, problems: Collector) -> list[tuple[LineDict, str]]:
    path = raw / "codebook" / name
    shown = str(path)
    if not path.is_file():
        problems.add(shown, f"file not found: the codebook needs {name} with a '{key}:' list")
        return []
    try:
        data = load_yaml(read_text(path, shown), shown)
    except YamlProblem as exc:
        problems.problems.append(exc.problem)
        return []
    except InputError as exc:
        problems.extend(exc.problems)
        return []
    if not isinstance(data, LineDict) or key not in data:
        problems.add(shown, f"must be a mapping with a '{key}:' list", 1, key)
        return []
    items = data[key]
    if not isinstance(items, list) or not items:
        problems.add(shown, "must be a non-empty list of records", data.line_of(key), key)
        return []
    out = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, LineDict):
            problems.add(
                shown,
                f"record {number} must be a mapping of fields, got {item!r}",
                data.line_of(key),
            )
        else:
            out.append((item, shown))
    return out


def _text(item: LineDict, field: str, shown: str, problems: Collector, required=True) -> str | None:
    value = item.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(shown, "is required but missing or empty", item.line, field)
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.add(shown, f"must be text, got {value!r}", item.line_of(field), field)
        return None
    return str(value).strip()


def _text_list(item: LineDict, field: str, shown: str, problems: Collector) -> list[str]:
    value = item.get(field)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(
        isinstance(v, (str, int, float)) and str(v).strip() and not isinstance(v, bool)
        for v in value
    ):
        problems.add(shown, "must be a list of non-empty phrases", item.line_of(field), field)
        return []
    return list(dict.fromkeys(str(v).strip() for v in value))


def _top_actors(
    parents: dict[str, str | None], lines: dict[str, str], problems: Collector
) -> dict[str, str]:
    top = {}
    for actor in parents:
        seen, current = [actor], actor
        while parent := parents.get(current):
            current = parent
            if current in seen:
                file, _, line = lines[actor].rpartition(":")
                problems.add(
                    file, "membership cycle: " + " -> ".join(seen + [current]), int(line), "part_of"
                )
                break
            seen.append(current)
        top[actor] = current
    return top


def _memberships(item: LineDict, actor_id: str, shown: str, problems: Collector) -> list[dict]:
    """`memberships: [{of: ID, from: DATE, to: DATE}]` as rows (dates checked; ids later)."""
    value = item.get("memberships")
    if value is None:
        return []
    line = item.line_of("memberships")
    if not isinstance(value, list) or not all(isinstance(m, dict) for m in value):
        problems.add(
            shown,
            "must be a list of {of: ID, from: YYYY-MM-DD, to: YYYY-MM-DD}",
            line,
            "memberships",
        )
        return []
    out = []
    for position, m in enumerate(value):
        row: dict[str, Any] = {
            "actor_id": actor_id,
            "of": m.get("of"),
            "position": position,
            ORIGIN: f"{shown}:{line}",
        }
        if not isinstance(row["of"], str) or not row["of"].strip():
            problems.add(
                shown, f"membership {position + 1} needs 'of: <actor id>'", line, "memberships"
            )
            continue
        ok = True
        for key, col in (("from", "valid_from"), ("to", "valid_to")):
            v = m.get(key)
            if v is not None and not isinstance(v, dt.date):
                try:
                    v = dt.date.fromisoformat(str(v).strip())
                except ValueError:
                    problems.add(
                        shown,
                        f"membership {position + 1}: '{key}' {v!r} is not a date "
                        "in the form YYYY-MM-DD",
                        line,
                        "memberships",
                    )
                    ok = False
            row[col] = v
        unknown = sorted(set(m) - set(MEMBERSHIP_FIELDS))
        if unknown:
            problems.add(
                shown,
                f"membership {position + 1}: unknown field(s) "
                f"{', '.join(map(str, unknown))} (known: of, from, to)",
                line,
                "memberships",
            )
            ok = False
        if ok and row["valid_from"] and row["valid_to"] and row["valid_from"] > row["valid_to"]:
            problems.add(
                shown, f"membership {position + 1}: 'from' is after 'to'", line, "memberships"
            )
            ok = False
        if ok:
            out.append(row)
    return out


def stage_actors(raw: Path, problems: Collector) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    aliases: list[dict[str, Any]] = []
    claimed: dict[str, tuple[str, int]] = {}
    part_of_lines: dict[str, int] = {}
    for position, (item, shown) in enumerate(_records(raw, "actors.yaml", "actors", problems)):
        warn_unknown(item, ACTOR_FIELDS, shown)
        actor_id = _text(item, "id", shown, problems)
        name = _text(item, "name", shown, problems)
        kind = _text(item, "kind", shown, problems)
        part_of = _text(item, "part_of", shown, problems, required=False)
        names = _text_list(item, "aliases", shown, problems)
        if actor_id is None or name is None or kind is None:
            continue
        origin = f"{shown}:{item.line}"
        part_of_lines[actor_id] = item.line_of("part_of")
        dated = _memberships(item, actor_id, shown, problems)
        members += dated
        if part_of is None and dated:  # a member stays a member: its latest body by default
            part_of = max(dated, key=lambda m: (m["valid_from"] or dt.date.min, m["position"]))[
                "of"
            ]
            part_of_lines[actor_id] = item.line_of("memberships")
        rows.append(
            {
                "actor_id": actor_id,
                "name": name,
                "kind": kind,
                "part_of": part_of,
                "top_actor_id": actor_id,
                "position": position,
                ORIGIN: origin,
            }
        )
        for alias in dict.fromkeys([name] + names):
            key = " ".join(alias.lower().split())
            owner = claimed.get(key)
            if owner and owner[0] != actor_id:
                problems.add(
                    shown,
                    f"alias {alias!r} is claimed by both '{owner[0]}' (line "
                    f"{owner[1]}) and '{actor_id}'",
                    item.line_of("aliases"),
                    "aliases",
                )
            elif not owner:
                claimed[key] = (actor_id, item.line)
                aliases.append(
                    {"alias": alias, "alias_key": key, "actor_id": actor_id, ORIGIN: origin}
                )
    ids = {r["actor_id"] for r in rows}
    for r in rows:
        if r["part_of"] is not None and r["part_of"] not in ids:
            file = r[ORIGIN].rpartition(":")[0]
            problems.add(
                file,
                f"unknown actor '{r['part_of']}' (not an id in actors.yaml)",
                part_of_lines[r["actor_id"]],
                "part_of",
            )
            r["part_of"] = None
    for m in members:
        if m["of"] not in ids:
            problems.add(
                m[ORIGIN].rpartition(":")[0],
                f"unknown actor '{m['of']}' (not an id in actors.yaml)",
                int(m[ORIGIN].rpartition(":")[2]),
                "memberships",
            )
    members = [m for m in members if m["of"] in ids]
    top = _top_actors(
        {r["actor_id"]: r["part_of"] for r in rows},
        {r["actor_id"]: r[ORIGIN] for r in rows},
        problems,
    )
    for r in rows:
        r["top_actor_id"] = top[r["actor_id"]]
    return (
        to_frame(rows, "actors"),
        to_frame(members, "memberships"),
        to_frame(aliases, "actor_aliases"),
    )


def actor_lookup(actors: pd.DataFrame, aliases: pd.DataFrame) -> dict[str, str]:
    """Every way to name an actor in codings or the codebook (id or alias, lower-cased)."""
    return {
        **dict(zip(aliases["alias_key"], aliases["actor_id"], strict=True)),
        **{a: a for a in actors["actor_id"]},
    }


def resolve_actor(value: str, lookup: dict[str, str]) -> str | None:
    """An actor id from an id or any alias, ignoring case and spacing."""
    return lookup.get(" ".join(value.lower().split()))


def stage_demands(
    raw: Path, actors: pd.DataFrame, aliases: pd.DataFrame, problems: Collector
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, terms = [], []
    lookup = actor_lookup(actors, aliases)
    for position, (item, shown) in enumerate(_records(raw, "demands.yaml", "demands", problems)):
        warn_unknown(item, DEMAND_FIELDS, shown)
        demand_id = _text(item, "id", shown, problems)
        label = _text(item, "label", shown, problems)
        category = _text(item, "category", shown, problems, required=False) or DEFAULT_CATEGORY
        raisers = []
        for who in _text_list(item, "raised_by", shown, problems):
            actor = resolve_actor(who, lookup)
            if actor is None:
                problems.add(
                    shown,
                    f"unknown actor {who!r} (not an id or alias in actors.yaml)",
                    item.line_of("raised_by"),
                    "raised_by",
                )
            else:
                raisers.append(actor)
        same = _text_list(item, "terms", shown, problems)
        opposite = _text_list(item, "opposite_terms", shown, problems)
        if demand_id is None or label is None:
            continue
        origin = f"{shown}:{item.line}"
        rows.append(
            {
                "demand_id": demand_id,
                "label": label,
                "category": category,
                "raised_by": ",".join(dict.fromkeys(raisers)) or None,
                "position": position,
                ORIGIN: origin,
            }
        )
        for polarity, phrases in (("same", same), ("opposite", opposite)):
            terms += [
                {"demand_id": demand_id, "term": t, "polarity": polarity, ORIGIN: origin}
                for t in phrases
            ]
    return to_frame(rows, "demands"), to_frame(terms, "demand_terms")


def stage_codebook(raw: Path, problems: Collector) -> Codebook | None:
    """Validated codebook frames, or None when either file has problems (added to `problems`)."""
    before = len(problems.problems)
    actors, memberships, aliases = stage_actors(raw, problems)
    demands, terms = stage_demands(raw, actors, aliases, problems)
    frames = {}
    for name, frame in (
        ("actors", actors),
        ("memberships", memberships),
        ("actor_aliases", aliases),
        ("demands", demands),
        ("demand_terms", terms),
    ):
        try:
            frames[name] = validate(name, frame)
        except InputError as exc:
            problems.extend(exc.problems)
    return Codebook(**frames) if len(problems.problems) == before else None
