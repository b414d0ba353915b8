"""Whom a claim counts for on its date: dated memberships first, the static `part_of` chain else.

An envoy who left office, a party that left a coalition: `memberships` in actors.yaml give the
body an actor belonged to between two dates. A claim dated inside one counts for that body's
top-level actor; outside every membership (or for an actor without any) the `part_of` chain of
the codebook decides, as before.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd


class TopAt:
    """`top_at(actor_id, date)`: the top-level actor a claim of that date counts for."""

    def __init__(self, actors: pd.DataFrame, memberships: pd.DataFrame | None = None):
        self.top = dict(zip(actors["actor_id"], actors["top_actor_id"], strict=True))
        self.spans: dict[str, list[tuple[dt.date | None, dt.date | None, str]]] = {}
        if memberships is not None:
            for m in memberships.itertuples(index=False):
                self.spans.setdefault(m.actor_id, []).append(
                    (_day(m.valid_from), _day(m.valid_to), m.of)
                )

    def __call__(self, actor: str, when) -> str:
        day = _day(when)
        for start, end, body in self.spans.get(actor, []):
            if day is not None and (start is None or start <= day) and (end is None or day <= end):
                return self.top[body]
        return self.top[actor]


def _day(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None  # NaT is a datetime too: test it by identity
    return pd.Timestamp(value).date()
