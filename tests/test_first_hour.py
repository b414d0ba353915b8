"""A new analyst's first hour (issue 22): nothing skipped silently, the case named, docs that
hold, summaries that say what they rest on, a draft codebook that builds."""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
import subprocess

import pandas as pd
import pytest
from conftest import FIXTURES, ROOT, harbor_worksheet, query, run_build

from pipeline import locks
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.marts.summaries import agreement
from pipeline.report.summaries import summaries_section
from pipeline.review.page import csv_lines, render
from pipeline.review.worksheet import COLUMNS as WORKSHEET_COLUMNS


def _save(raw, rows, name="review.csv"):
    (raw / "codings").mkdir(exist_ok=True)
    with (raw / "codings" / name).open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_undecided_rows_are_taken_as_codings_or_reported(tmp_path, capsys):
    raw, _, rows = harbor_worksheet(tmp_path)
    capsys.readouterr()
    rows[0]["decision"] = "accept"  # decided
    # rows[1]: an extracted claim left open, its stance filled by the extractor: reported
    blank = dict.fromkeys(rows[0], "")
    candidate = {
        **blank,
        "document": "harbor-deal-near",
        "actor": "ortiz",
        "demand": "pay-rise",
        "quote": "Union leader Maria Ortiz called any wage freeze unacceptable.",
        "demand_term": "wage freeze",
        "why": "candidate: actor and demand named, no claim made",
    }
    given = {**candidate, "stance": "supports"}  # a candidate passage given a stance: a coding
    by_hand = {
        **blank,
        "document": "harbor-talks-open",
        "actor": "Hale",
        "demand": "longer-shifts",
        "stance": "supports",
        "quote": "only if the union accepts longer shifts",
        "coder": "ana",
    }
    keep = [rows[0], rows[1], given, candidate, by_hand]  # CSV lines 2 to 6
    _save(raw, keep)
    assert run_build(raw, tmp_path / "out") == 0
    err = capsys.readouterr().err
    shown = f"{raw}/codings/review.csv"
    assert err.splitlines()[:2] == [
        f"warning: {shown}:3: field 'decision': empty, so this extracted claim is not reviewed "
        "and is left out (write accept, reject or the right stance; a stance column alone is "
        "not a decision)",
        f"warning: {shown}:5: field 'decision': empty and no stance given, so this passage is "
        "left out (write its stance, or reject)",
    ]
    assert ", 2 worksheet rows left out (empty decision; see the warnings above) in " in err
    db = tmp_path / "out/db/stances.duckdb"
    codings = query(db, "SELECT source_line, actor, stance, decision FROM codings ORDER BY 1")
    assert [tuple(r) for r in codings.itertuples(index=False)] == [
        (2, "ortiz", "rejects", "accept"),
        (4, "ortiz", "supports", "added"),  # the candidate given a stance
        (6, "Hale", "supports", "added"),  # typed in by hand
    ]
    coded = query(
        db,
        "SELECT actor_id, demand_id, stance, quote FROM claims WHERE origin = 'coded' "
        "ORDER BY source_line",
    )
    assert [tuple(r) for r in coded.itertuples(index=False)] == [
        ("ortiz", "longer-shifts", "rejects", "She also refuses to accept longer shifts."),
        (
            "ortiz",
            "pay-rise",
            "supports",
            "Union leader Maria Ortiz called any wage freeze unacceptable.",
        ),
        ("hale", "longer-shifts", "supports", "only if the union accepts longer shifts"),
    ]
    info = query(db, "SELECT value FROM build_info WHERE key = 'undecided'")
    assert list(info["value"]) == ["2"]


def test_a_row_without_stance_or_quote_is_reported_too(tmp_path, capsys):
    raw, _, rows = harbor_worksheet(tmp_path)
    capsys.readouterr()
    bare = {**dict.fromkeys(rows[0], ""), "document": "harbor-talks-open", "actor": "union"}
    bare["demand"] = "pay-rise"
    _save(raw, [{**rows[0], "decision": "supports"}, bare])
    assert run_build(raw, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert (
        f"warning: {raw}/codings/review.csv:3: field 'decision': empty, and the row has no "
        "stance and no quote; left out\n"
    ) in err
    assert ", 1 worksheet row left out (empty decision; see the warnings above) in " in err


def test_plain_codings_without_a_decision_column_are_all_codings(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    (raw / "codings").mkdir()
    (raw / "codings" / "mine.csv").write_text(
        "document,actor,demand,stance,quote\n"
        "harbor-talks-open,Hale,longer-shifts,supports,only if the union accepts longer shifts\n",
        encoding="utf-8",
    )
    assert run_build(raw, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert "warning: " not in err and "left out" not in err
    db = tmp_path / "out/db/stances.duckdb"
    assert query(db, "SELECT decision FROM codings")["decision"].isna().all()


def test_case_yaml_names_the_page_and_the_data_package(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    (raw / "case.yaml").write_text(
        "name: Harborview port dispute 2026\ndescription: Dockworkers & the port, on pay.\n",
        encoding="utf-8",
    )
    assert run_build(raw, tmp_path / "out") == 0
    page = (tmp_path / "out/reports/index.html").read_text(encoding="utf-8")
    assert "<title>Harborview port dispute 2026: who demands what</title>" in page
    assert (
        "<h1>Harborview port dispute 2026: who demands what</h1>"
        "<p>Dockworkers &amp; the port, on pay.</p>"
    ) in page
    package = json.loads((tmp_path / "out/reports/data/datapackage.json").read_text())
    assert package["title"] == (
        "Harborview port dispute 2026: stance matrix: who demands what, with evidence"
    )
    assert package["description"] == "Dockworkers & the port, on pay."
    # `report` re-renders from the database alone and keeps the name
    db, reports = tmp_path / "out/db/stances.duckdb", tmp_path / "again"
    assert main(["report", "--db", str(db), "--reports", str(reports)]) == 0
    assert "<h1>Harborview port dispute 2026: who demands what</h1>" in (
        reports / "index.html"
    ).read_text(encoding="utf-8")


def test_without_case_yaml_the_page_keeps_its_plain_title(tmp_path):
    assert run_build(FIXTURES / "harbor", tmp_path / "out") == 0
    page = (tmp_path / "out/reports/index.html").read_text(encoding="utf-8")
    assert "<h1>Who demands what: stance matrix</h1><p>As of 2026-03-20" in page
    package = json.loads((tmp_path / "out/reports/data/datapackage.json").read_text())
    assert "description" not in package


def test_bad_case_yaml_is_reported_with_file_line_and_field(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "harbor", raw)
    (raw / "case.yaml").write_text("title: Harbor\ndescription: [a, b]\n", encoding="utf-8")
    assert run_build(raw, tmp_path / "out") == 1
    err = capsys.readouterr().err.splitlines()
    case = raw / "case.yaml"
    assert err == [
        f"warning: {case}:1: field 'title' is not used (known: name, description, url)",
        f"error: {case}:1: field 'name': is required but missing or empty",
        f"error: {case}:2: field 'description': must be text, got ['a', 'b']",
        "2 problems found; nothing was written.",
    ]
    (raw / "case.yaml").write_text("- Harbor\n", encoding="utf-8")
    assert run_build(raw, tmp_path / "out") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {case}:1: must be a mapping with 'name:' (and optional 'description:', 'url:')"
    )


def test_worksheet_page_numbers_rows_by_csv_line():
    frame = pd.DataFrame(
        [
            {**dict.fromkeys(WORKSHEET_COLUMNS, ""), "quote": "One line.", "document": "a"},
            {**dict.fromkeys(WORKSHEET_COLUMNS, ""), "quote": "Two\nlines.", "document": "b"},
            {**dict.fromkeys(WORKSHEET_COLUMNS, ""), "quote": "Last.", "document": "c"},
        ]
    )
    assert csv_lines(frame) == [2, 3, 5]
    page = render(frame, "t")
    assert "<tr><td>2</td><td>a<br>" in page and "<tr><td>5</td><td>c<br>" in page
    assert "<th>line</th>" in page


def test_second_review_says_nothing_is_left_to_decide_and_lock_is_gone(tmp_path, capsys):
    raw, out, rows = harbor_worksheet(tmp_path)
    for r in rows:
        r["decision"] = "accept" if r["stance"] else "reject"
    _save(raw, rows)
    capsys.readouterr()
    again = tmp_path / "review" / "second.csv"
    assert main(["review", "--raw", str(raw), "--out", str(again)]) == 0
    assert capsys.readouterr().err == (
        "nothing left to decide: every extracted claim is covered by a coding and no candidate "
        f"passage is open (wrote {again} and {again.with_suffix('.html')} without rows)\n"
    )
    assert again.read_text(encoding="utf-8") == ",".join(WORKSHEET_COLUMNS) + "\n"
    assert "<p>Nothing left to decide:" in again.with_suffix(".html").read_text(encoding="utf-8")
    assert run_build(raw, tmp_path / "out") == 0
    assert sorted(p.name for p in (tmp_path / "out/db").iterdir()) == [
        "stances.duckdb",
        "stances.duckdb.inputs.json",
    ]


def test_the_lock_is_taken_again_after_its_file_was_removed(tmp_path):
    db = tmp_path / "stances.duckdb"
    with locks.build_lock(db, timeout=1):
        assert (tmp_path / "stances.duckdb.lock").exists()
    assert not (tmp_path / "stances.duckdb.lock").exists()
    with locks.build_lock(db, timeout=1):  # a fresh file, locked as before
        with pytest.raises(InputError, match="another build holds the lock; gave up after 0.2 s"):
            with locks.build_lock(db, timeout=0.2):
                pass


def test_lexicon_prints_the_cues_in_force_by_kind_with_the_cases_own_marked(tmp_path, capsys):
    (tmp_path / "codebook").mkdir()
    (tmp_path / "codebook" / "lexicon.yaml").write_text(
        "extra_support: [holler for]\nnegators: [not, never]\n", encoding="utf-8"
    )
    assert main(["lexicon", "--raw", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    own = tmp_path / "codebook" / "lexicon.yaml"
    assert out.startswith(
        f"Cue words in force: built in (pipeline/lexicon.yaml) and the case's own ({own}; its "
        "additions marked *).\n"
        f"Add phrases in {own} as `extra_<kind>: [phrase, ...]`; `<kind>: [...]` replaces the "
        "list.\n\nsupport: Cues: the actor demands, accepts or endorses what follows.\n"
        "  demand, want, seek,"
    )
    support = out.split("\n\n")[1]
    assert " ".join(support.split()).endswith(", holler for *")  # the case's own, marked
    assert (
        "\n\nnegators: Words that negate a cue or a demand when the parse attaches them to it "
        '("does not accept", "never backed", "wants no land corridor").\n  not, never\n'
    ) in out  # replaced by the case's list
    assert "\nmodals:" not in out  # accepted and ignored by the parser: not shown
    kinds = [block.split(":")[0] for block in out.split("\n\n")[1:]]
    assert kinds[:3] == ["support", "reject", "hedge"]


def test_readme_needs_no_file_outside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CONTRACT" not in readme
    assert "make sql RAW=my-case DB=my-case.duckdb REPORTS=my-case-report" in readme
    assert "stancemap lexicon --raw my-case" in readme
    assert "You may also change a row's `actor`" in readme


def test_a_reviewed_row_may_name_another_actor(tmp_path):
    raw, _, rows = harbor_worksheet(tmp_path)
    moved = next(r for r in rows if r["actor"] == "brandt")
    moved.update(actor="the union", decision="accept", coder="ana")
    _save(raw, [moved])
    assert run_build(raw, tmp_path / "out") == 0
    db = tmp_path / "out/db/stances.duckdb"
    coded = query(db, "SELECT actor_id, demand_id, stance FROM claims WHERE origin = 'coded'")
    assert [tuple(r) for r in coded.itertuples(index=False)] == [("union", "pay-rise", "supports")]
    aside = query(db, "SELECT actor_id, demand_id FROM claims_overridden ORDER BY 1")
    assert [tuple(r) for r in aside.itertuples(index=False)] == [
        ("brandt", "pay-rise"),  # the passage's proposal, moved to the union
        ("union", "pay-rise"),  # the union's cell in that document is now coded
    ]
    city = query(
        db, "SELECT stance FROM stances WHERE actor_id = 'city' AND demand_id = 'pay-rise'"
    )
    assert list(city["stance"]) == ["no_position"]


def _stances(rows):
    return pd.DataFrame(rows, columns=["actor_id", "demand_id", "stance", "extracted_only"])


def test_summaries_built_only_on_extraction_carry_the_e_mark():
    stances = _stances(
        [
            ("union", "pay", "supports", True),
            ("port", "pay", "rejects", True),  # contested, extraction alone: marked once
            ("union", "hours", "supports", False),
            ("port", "hours", "supports", True),  # consensus, mixed: the extracted one marked
            ("city", "pay", "no_position", True),
            ("city", "hours", "no_position", True),
        ]
    )
    actors = pd.DataFrame({"actor_id": ["union", "port", "city"], "position": [0, 1, 2]})
    agree = agreement(stances, actors)
    assert [tuple(r) for r in agree.itertuples(index=False)] == [
        ("union", "port", 2, 1, 0.5, False)
    ]
    demands = pd.DataFrame(
        {"demand_id": ["pay", "hours"], "label": ["Pay", "Hours"], "position": [0, 1]}
    )
    names = {"union": "Union", "port": "Port", "city": "City"}
    html = summaries_section(stances, demands, agree, ["union", "port", "city"], names)
    e = '<abbr class="mark" title="rests on automatic extraction alone">E</abbr>'
    assert f"<li>Pay{e}: supported by Union; rejected by Port</li>" in html
    assert f"<li>Hours: supports — Union, Port{e}</li>" in html
    assert "50% (1 of 2)<" in html  # one pair, not extraction alone: no mark


def test_the_page_says_first_how_much_rests_on_extraction(tmp_path):
    assert run_build(FIXTURES / "harbor", tmp_path / "out") == 0
    page = (tmp_path / "out/reports/index.html").read_text(encoding="utf-8")
    head = page[page.index("<h1>") : page.index('<p id="changes-line"')]
    db = tmp_path / "out/db/stances.duckdb"
    n = query(db, "SELECT count(*) AS n FROM stances WHERE stance <> 'no_position'")["n"][0]
    assert head.endswith(
        f'<p class="rests"><b>All {n} positions in the matrix rest on automatic extraction '
        "alone</b> (marked E, in the summaries too): no analyst has reviewed them yet. "
        '<a href="#review">How to review them</a>.</p>'
    )
    assert '<p id="review"><b>Reviewing extraction.</b>' in page
    assert query(db, "SELECT bool_and(extracted_only) AS e FROM agreement")["e"].tolist() == [True]
    coded = run_build(FIXTURES / "harbor-coded", tmp_path / "coded")
    assert coded == 0
    page = (tmp_path / "coded/reports/index.html").read_text(encoding="utf-8")
    assert '<p class="rests">' not in page or "All " not in page.split('<p class="rests">')[1][:8]


def _walk_through() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme[readme.index("## Your own negotiation\n") : readme.index("**Better recall.**")]


def _run_line(line: str, cwd) -> None:
    """One command of the walk-through, as a user types it (in `cwd`)."""
    words = shlex.split(line, comments=True)
    if words[:2] == ["mkdir", "-p"]:
        (cwd / words[2]).mkdir(parents=True, exist_ok=True)
    elif words[0] == "cp":
        shutil.copy(cwd / words[1], cwd / words[2])
    else:
        assert words[0] == "stancemap", line
        assert main(words[1:]) == 0, line


def test_the_readme_walk_through_builds_word_for_word(tmp_path, capsys, monkeypatch):
    """The README's "Your own negotiation", run as written on two saved pages of a rail dispute:
    every file it shows is written as shown, every command run; the user's only other edit is
    the one it asks for, the worksheet's `decision` column."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "rail-pages", tmp_path / "pages")
    text = _walk_through()
    for m in re.finditer(r"```yaml\n# (\S+)\n(.*?)```", text, re.S):
        target = tmp_path / m.group(1)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(m.group(2), encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    assert len(blocks) == 5
    for block in blocks[:4]:  # import; lexicon and extract; build; review
        for line in block.splitlines():
            _run_line(line, tmp_path)
    worksheet = tmp_path / "my-case-review/worksheet.csv"
    with worksheet.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for r in rows:  # "write in `decision` accept, reject or the right stance"
        r["decision"], r["coder"] = ("accept" if r["stance"] else "reject"), "ana"
    with worksheet.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    capsys.readouterr()
    for line in blocks[4].splitlines():
        _run_line(line, tmp_path)
    err = capsys.readouterr().err
    assert "warning" not in err, err  # nothing the README does not explain
    assert "nothing left to decide" in err
    db = tmp_path / "my-case.duckdb"
    open_ = "SELECT count(*) AS n FROM stances WHERE extracted_only AND stance <> 'no_position'"
    assert query(db, open_)["n"][0] == 0  # every position reviewed
    page = (tmp_path / "my-case-report/index.html").read_text(encoding="utf-8")
    assert "<h1>Rail pay dispute 2026: who demands what</h1>" in page
    assert not (tmp_path / "my-case.duckdb.lock").exists()


def test_make_sql_with_db_alone_never_builds_the_bundled_data_into_it(tmp_path):
    """`make sql DB=x` opens x as it is; a missing x is named, and nothing is built into it."""
    missing = tmp_path / "mine.duckdb"
    done = subprocess.run(
        ["make", "-s", "--no-print-directory", "sql", f"DB={missing}"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        f"error: {missing}: no such database; build it first: make report RAW=<raw folder> "
        f"DB={missing} REPORTS=<report folder>"
    )
    assert not missing.exists()
    dry = subprocess.run(
        ["make", "-n", "sql", f"DB={missing}"], cwd=ROOT, capture_output=True, text=True
    )
    assert "pipeline build" not in dry.stdout and f".venv/bin/duckdb {missing}" in dry.stdout


def test_many_undecided_rows_are_told_in_a_few_lines_each_named():
    from pipeline.errors import Problem
    from pipeline.staging.codings import undecided_warnings

    claim = "empty, so this extracted claim is not reviewed and is left out"
    passage = "empty and no stance given, so this passage is left out"
    rows = [Problem("w.csv", claim, n, "decision") for n in (2, 3, 4, 5, 6, 7, 8, 9, 12)]
    rows += [Problem("w.csv", passage, 10, "decision"), Problem("x.csv", claim, 4, "decision")]
    assert undecided_warnings(rows) == [
        *(f"warning: w.csv:{n}: field 'decision': {claim}" for n in (2, 3, 4, 5, 6)),
        f"warning: w.csv: field 'decision': 4 more rows (lines 7-9, 12): {claim}",
        f"warning: w.csv: field 'decision': 1 more row (line 10): {passage}",
        f"warning: x.csv:4: field 'decision': {claim}",
    ]
