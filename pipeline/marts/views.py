"""SQL views for the questions analysts ask of the DuckDB file.

`matrix` has one column per top-level actor, so it is generated from the actors of the build; the
other views are fixed SQL. All of them read only the public tables.
"""

from __future__ import annotations

import pandas as pd

from pipeline.store import quote_ident, quote_literal

FIXED_VIEWS = {
    "evidence": """
        SELECT c.claim_id, c.top_actor_id, ta.name AS top_actor_name, c.actor_id,
               a.name AS actor_name, c.demand_id, d.label AS demand_label, c.stance, c.quote,
               c.origin, c.confidence, c.attribution_kind, c.attribution, c.condition,
               c.doc_id, doc.title, doc.outlet, doc.published, doc.url, c.start, c."end"
        FROM claims c
        JOIN actors a ON a.actor_id = c.actor_id
        JOIN actors ta ON ta.actor_id = c.top_actor_id
        JOIN demands d ON d.demand_id = c.demand_id
        JOIN documents doc ON doc.doc_id = c.doc_id
        ORDER BY doc.published, c.doc_id, c.start""",
    "consensus_demands": """
        SELECT d.demand_id, d.label, d.category, min(s.stance) AS stance,
               string_agg(s.actor_id, ',' ORDER BY s.actor_id) AS actors
        FROM stances s JOIN demands d USING (demand_id)
        WHERE s.stance <> 'no_position'
        GROUP BY d.demand_id, d.label, d.category, d.position
        HAVING count(*) >= 2 AND count(DISTINCT s.stance) = 1
        ORDER BY d.position""",
    "sentence_text": """
        SELECT s.*, substr(d.text, s.start + 1, s."end" - s.start) AS text
        FROM sentences s JOIN documents d USING (doc_id)""",
    "demand_raisers": """
        SELECT demand_id, trim(unnest(string_split(raised_by, ','))) AS actor_id
        FROM demands WHERE raised_by IS NOT NULL""",
    "contested_demands": """
        SELECT d.demand_id, d.label, d.category,
               string_agg(s.actor_id, ',' ORDER BY s.actor_id)
                   FILTER (WHERE s.stance = 'supports') AS supporters,
               string_agg(s.actor_id, ',' ORDER BY s.actor_id)
                   FILTER (WHERE s.stance = 'rejects') AS rejecters
        FROM stances s JOIN demands d USING (demand_id)
        GROUP BY d.demand_id, d.label, d.category, d.position
        HAVING count(*) FILTER (WHERE s.stance = 'supports') > 0
           AND count(*) FILTER (WHERE s.stance = 'rejects') > 0
        ORDER BY d.position""",
}


def view_statements(actors: pd.DataFrame) -> list[str]:
    top = actors[actors["part_of"].isna()].sort_values("position")["actor_id"]
    columns = ",\n  ".join(
        f"max(CASE WHEN s.actor_id = {quote_literal(a)} THEN s.stance END) AS {quote_ident(a)}"
        for a in top
    )
    matrix = f"""
        SELECT d.category, d.demand_id, d.label,
          {columns}
        FROM demands d JOIN stances s USING (demand_id)
        GROUP BY d.category, d.demand_id, d.label, d.position
        ORDER BY d.position"""
    views = {"matrix": matrix, **FIXED_VIEWS}
    return [f"CREATE VIEW {quote_ident(name)} AS {sql.strip()}" for name, sql in views.items()]
