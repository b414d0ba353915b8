"""The review worksheet: ranked rows out, decided rows back in as codings (round trip)."""

from __future__ import annotations

import csv

from conftest import harbor_worksheet, query, run_build


def test_worksheet_rows_ranked_with_what_the_extractor_saw(tmp_path):
    _, out, rows = harbor_worksheet(tmp_path)
    assert [(r["document"], r["actor"], r["demand"], r["stance"]) for r in rows] == [
        ("harbor-deal-near", "ortiz", "longer-shifts", "rejects"),
        ("harbor-talks-open", "union", "automation-limits", "supports"),
        ("harbor-talks-open", "union", "pay-rise", "supports"),
        ("harbor-talks-open", "brandt", "pay-rise", "supports"),
        ("harbor-talks-open", "hale", "longer-shifts", "supports"),
        ("harbor-talks-open", "port", "automation-limits", "ambiguous"),
        ("harbor-deal-near", "port", "pay-rise", "supports"),
        ("harbor-talks-open", "port", "pay-rise", "rejects"),  # superseded: not deciding
        # candidates: the stance model's proposals (to accept or correct), likeliest first
        ("harbor-talks-open", "union", "longer-shifts", "supports"),
        ("harbor-deal-near", "ortiz", "pay-rise", "supports"),
        ("harbor-talks-open", "union", "automation-limits", ""),  # named, nothing proposed
    ]
    assert [(r["rule"], r["confidence"]) for r in rows[8:]] == [
        ("model", "0.53"),
        ("model", "0.46"),
        ("", ""),
    ]
    first = rows[0]
    assert first["quote"] == "She also refuses to accept longer shifts."
    assert (first["rule"], first["cue"], first["actor_mention"]) == (
        "subject_of_cue",
        "refuses to accept",
        "She",
    )
    assert first["why"] == "cell rests on extraction alone; decides the cell"
    assert first["decision"] == "" and rows[7]["why"] == "cell rests on extraction alone"
    page = out.with_suffix(".html").read_text(encoding="utf-8")
    assert (
        '<mark class="actor">She</mark> also <mark class="cue">refuses to accept</mark> '
        '<mark class="term">longer shifts</mark>.' in page
    )


def test_decided_rows_come_back_as_codings(tmp_path):
    raw, out, rows = harbor_worksheet(tmp_path)
    decisions = {0: "ambiguous", 2: "accept", 3: "reject"}  # correct, accept, reject; rest open
    for i, d in decisions.items():
        rows[i]["decision"], rows[i]["coder"] = d, "ana"
    (raw / "codings").mkdir()
    with (raw / "codings" / "review.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    assert run_build(raw, tmp_path / "out") == 0
    db = tmp_path / "out/db/stances.duckdb"
    coded = query(
        db,
        "SELECT actor_id, demand_id, stance, coder FROM claims WHERE origin = "
        "'coded' ORDER BY actor_id",
    )
    assert [tuple(r) for r in coded.itertuples(index=False)] == [
        ("ortiz", "longer-shifts", "ambiguous", "ana"),  # corrected
        ("union", "pay-rise", "supports", "ana"),  # accepted
    ]
    aside = query(db, "SELECT actor_id, demand_id, stance FROM claims_overridden ORDER BY 1, 2")
    assert [tuple(r) for r in aside.itertuples(index=False)] == [
        ("brandt", "pay-rise", "supports"),  # rejected: set aside, no evidence any more
        ("ortiz", "longer-shifts", "rejects"),
        ("union", "pay-rise", "supports"),
    ]
    s = query(
        db,
        "SELECT actor_id, demand_id, stance FROM stances WHERE demand_id IN "
        "('pay-rise', 'longer-shifts') AND actor_id IN ('city', 'union') ORDER BY 1, 2",
    )
    assert [tuple(r) for r in s.itertuples(index=False)] == [
        ("city", "longer-shifts", "no_position"),
        ("city", "pay-rise", "no_position"),  # Brandt's extracted support was rejected
        ("union", "longer-shifts", "ambiguous"),
        ("union", "pay-rise", "supports"),
    ]


def test_unknown_decision_is_an_input_error(tmp_path, capsys):
    raw, _, rows = harbor_worksheet(tmp_path)
    (raw / "codings").mkdir()
    with (raw / "codings" / "review.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerow({**rows[0], "decision": "maybe"})
    assert run_build(raw, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert (
        f"error: {raw}/codings/review.csv:2: field 'decision': unknown decision 'maybe' (use "
        "accept, reject, or the right stance: supports, rejects, ambiguous)"
    ) in err
