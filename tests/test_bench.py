"""The news-like benchmark corpus: deterministic, buildable, and rebuilt one article at a time."""

from __future__ import annotations

from conftest import digest, query, run_build

from pipeline.bench import GENERATOR_VERSION, generate_realistic, main


def test_realistic_generator_is_deterministic(tmp_path):
    generate_realistic(40, tmp_path / "a", seed=3)
    generate_realistic(40, tmp_path / "b", seed=3)
    generate_realistic(40, tmp_path / "c", seed=4)
    a = digest(tmp_path / "a")
    assert a == digest(tmp_path / "b")
    assert a != digest(tmp_path / "c")
    assert len([k for k in a if k.startswith("articles/")]) == 40
    assert GENERATOR_VERSION >= 1


def test_realistic_articles_read_like_news(tmp_path):
    generate_realistic(100, tmp_path, seed=5)
    texts = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "articles").iterdir())]
    bodies = [t.split("\n---\n", 1)[1] for t in texts]
    words = [len(b.split()) for b in bodies]
    assert 500 <= sum(words) / len(words) <= 700
    issued = sum("\nissued_by: " in t for t in texts)
    assert 1 <= issued <= 15  # about 5%
    dates = sorted(t.split("published: ", 1)[1][:10] for t in texts)
    assert dates[0] < "2026-02-01" and dates[-1] > "2026-05-01"  # spread over six months


def test_realistic_corpus_builds_and_rebuilds_one_article(tmp_path, capsys):
    raw = tmp_path / "raw"
    assert main(["generate", "--realistic", "30", str(raw)]) == 0
    assert run_build(raw, tmp_path / "out") == 0
    db = tmp_path / "out/db/stances.duckdb"
    rules = set(query(db, "SELECT DISTINCT rule FROM claims WHERE origin = 'extracted'")["rule"])
    assert {"subject_of_cue", "passive_agent", "reported_speech", "list_lead"} <= rules
    assert query(db, "SELECT count(DISTINCT top_actor_id) AS n FROM claims")["n"][0] >= 10

    capsys.readouterr()
    article = sorted((raw / "articles").iterdir())[7]
    article.write_text(
        article.read_text(encoding="utf-8") + "\nTalks resumed on Friday.\n", encoding="utf-8"
    )
    assert run_build(raw, tmp_path / "out") == 0
    said = capsys.readouterr()
    assert "(1 extracted, 29 unchanged)" in said.out + said.err
