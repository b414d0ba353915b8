"""The catalog of bad raw folders: each entry breaks a copy of the bundled raw folder one way.

Each entry: (class name, edit(raw), expected first error line with {raw} for the raw folder path).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.lexicon import LIST_KEYS, MAP_KEYS


def write(raw: Path, rel: str, text: str | bytes) -> None:
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def replace(raw: Path, rel: str, old: str, new: str) -> None:
    path = raw / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ART = "articles/putin-peace-terms.md"
ACT = "codebook/actors.yaml"
DEM = "codebook/demands.yaml"
CSV = "codings/putin-peace-terms.csv"
GOOD_FM = "---\npublished: 2025-05-28\n---\nSome text.\n"
HEADER = "document,actor,demand,stance,quote\n"

CATALOG = [
    # the raw folder
    ("raw folder missing", lambda r: shutil.rmtree(r), "error: {raw}: raw folder not found"),
    (
        "raw path is a file",
        lambda r: (shutil.rmtree(r), r.write_text("x")),
        "error: {raw}: raw folder not found",
    ),
    # articles
    (
        "articles folder missing",
        lambda r: shutil.rmtree(r / "articles"),
        "error: {raw}/articles: folder not found: a raw folder needs articles/<doc-id>.md files",
    ),
    (
        "no articles",
        lambda r: (r / ART).unlink(),
        "error: {raw}/articles: no articles found: add at least one <doc-id>.md file",
    ),
    (
        "file name not a doc-id",
        lambda r: (r / ART).rename(r / "articles/Putin Terms.md"),
        "error: {raw}/articles/Putin Terms.md: file name 'Putin Terms' is not a valid doc-id "
        "(lowercase letters, digits and hyphens, starting with a letter or digit)",
    ),
    (
        "article not .md",
        lambda r: write(r, "articles/notes.txt", "hello"),
        "error: {raw}/articles/notes.txt: not an article: expected a file named <doc-id>.md",
    ),
    (
        "zero-byte article",
        lambda r: write(r, "articles/empty.md", ""),
        "error: {raw}/articles/empty.md:1: file is empty; expected front matter between '---' lines, "
        "then the text",
    ),
    (
        "front matter missing",
        lambda r: write(r, "articles/bare.md", "Just text.\n"),
        "error: {raw}/articles/bare.md:1: must start with a '---' line opening the front matter",
    ),
    (
        "front matter unterminated",
        lambda r: write(r, "articles/open.md", "---\npublished: 2025-01-01\nText.\n"),
        "error: {raw}/articles/open.md:1: front matter is not closed: no second '---' line",
    ),
    (
        "front matter not YAML",
        lambda r: write(
            r, "articles/bad.md", "---\ntitle: [unclosed\npublished: 2025-01-01\n---\nT.\n"
        ),
        "error: {raw}/articles/bad.md:3: not valid YAML: did not find expected ',' or ']'",
    ),
    (
        "front matter not a mapping",
        lambda r: write(r, "articles/list.md", "---\n- a\n- b\n---\nT.\n"),
        "error: {raw}/articles/list.md:2: front matter must be 'key: value' lines",
    ),
    (
        "front matter duplicate key",
        lambda r: write(
            r, "articles/dup.md", "---\npublished: 2025-01-01\npublished: 2025-01-02\n---\nT.\n"
        ),
        "error: {raw}/articles/dup.md:3: duplicate key 'published'",
    ),
    (
        "published missing",
        lambda r: replace(r, ART, "published: 2025-05-28\n", ""),
        "error: {raw}/" + ART + ":2: field 'published': is required (YYYY-MM-DD)",
    ),
    (
        "published empty",
        lambda r: replace(r, ART, "published: 2025-05-28", "published:"),
        "error: {raw}/" + ART + ":3: field 'published': is required but empty",
    ),
    (
        "published in prose",
        lambda r: replace(r, ART, "published: 2025-05-28", "published: last Tuesday"),
        "error: {raw}/"
        + ART
        + ":3: field 'published': 'last Tuesday' is not a date in the form YYYY-MM-DD",
    ),
    (
        "published impossible",
        lambda r: replace(r, ART, "published: 2025-05-28", "published: 2025-13-01"),
        "error: {raw}/" + ART + ":3: field 'published': '2025-13-01' is not a real date",
    ),
    (
        "title not text",
        lambda r: replace(r, ART, 'title: "Putin’s', 'title: {a: 1}\nx: "Putin’s'),
        "error: {raw}/" + ART + ":2: field 'title': must be a single line of text",
    ),
    (
        "body empty",
        lambda r: write(r, "articles/nobody.md", "---\npublished: 2025-01-01\n---\n\n"),
        "error: {raw}/articles/nobody.md:3: has no text after the front matter",
    ),
    (
        "article not UTF-8",
        lambda r: write(
            r, "articles/latin.md", "---\npublished: 2025-01-01\n---\nCaf\xe9\n".encode("latin-1")
        ),
        "error: {raw}/articles/latin.md:4: not UTF-8 text (byte 0xe9 at offset 33); save the file as UTF-8",
    ),
    (
        "article binary",
        lambda r: write(r, "articles/bin.md", b"---\npublished: 2025-01-01\n---\n\x00\x01"),
        "error: {raw}/articles/bin.md:4: contains a NUL character; is this a binary file?",
    ),
    (
        "article symlink",
        lambda r: (r / "articles/link.md").symlink_to("/etc/hostname"),
        "error: {raw}/articles/link.md: is a symbolic link; raw files must be real files in the raw folder",
    ),
    # codebook
    (
        "actors.yaml missing",
        lambda r: (r / ACT).unlink(),
        "error: {raw}/"
        + ACT
        + ": file not found: the codebook needs actors.yaml with a 'actors:' list",
    ),
    (
        "demands.yaml missing",
        lambda r: (r / DEM).unlink(),
        "error: {raw}/"
        + DEM
        + ": file not found: the codebook needs demands.yaml with a 'demands:' list",
    ),
    (
        "actors.yaml not YAML",
        lambda r: write(r, ACT, "actors:\n  - id: a\n   name: b\n"),
        "error: {raw}/" + ACT + ":3: not valid YAML: did not find expected '-' indicator",
    ),
    (
        "actors.yaml wrong shape",
        lambda r: write(r, ACT, "- id: russia\n"),
        "error: {raw}/" + ACT + ":1: field 'actors': must be a mapping with a 'actors:' list",
    ),
    (
        "actors list empty",
        lambda r: write(r, ACT, "actors: []\n"),
        "error: {raw}/" + ACT + ":1: field 'actors': must be a non-empty list of records",
    ),
    (
        "actor record not a mapping",
        lambda r: replace(r, ACT, "actors:\n", "actors:\n  - russia\n"),
        "error: {raw}/" + ACT + ":3: record 1 must be a mapping of fields, got 'russia'",
    ),
    (
        "actor id missing",
        lambda r: replace(r, ACT, "  - id: europe\n", "  - ident: europe\n"),
        "error: {raw}/" + ACT + ":43: field 'id': is required but missing or empty",
    ),
    (
        "actor id invalid",
        lambda r: replace(r, ACT, "id: europe", "id: Europe Union"),
        "error: {raw}/" + ACT + ":43: field 'actor_id': 'Europe Union' must be lowercase letters, "
        "digits and hyphens, starting with a letter or digit",
    ),
    (
        "actor id duplicate",
        lambda r: replace(r, ACT, "id: europe", "id: russia"),
        "error: {raw}/" + ACT + ":4: field 'actor_id': duplicate value 'russia'",
    ),
    (
        "actor kind invalid",
        lambda r: replace(r, ACT, "kind: bloc", "kind: empire"),
        "error: {raw}/"
        + ACT
        + ":43: field 'kind': 'empire' must be one of: state, alliance, bloc, "
        "person, organization, group",
    ),
    (
        "part_of unknown",
        lambda r: replace(r, ACT, "part_of: russia", "part_of: muscovy"),
        "error: {raw}/"
        + ACT
        + ":11: field 'part_of': unknown actor 'muscovy' (not an id in actors.yaml)",
    ),
    (
        "part_of cycle",
        lambda r: replace(
            r,
            ACT,
            "    kind: state\n    aliases: [Russia,",
            "    kind: state\n    part_of: putin\n    aliases: [Russia,",
        ),
        "error: {raw}/" + ACT + ":4: field 'part_of': membership cycle: russia -> putin -> russia",
    ),
    (
        "alias claimed twice",
        lambda r: replace(r, ACT, "[Ukraine, Kyiv,", "[Ukraine, the Kremlin,"),
        "error: {raw}/"
        + ACT
        + ":16: field 'aliases': alias 'the Kremlin' is claimed by both 'russia' "
        "(line 4) and 'ukraine'",
    ),
    (
        "aliases not a list",
        lambda r: replace(r, ACT, "aliases: [Putin,", "aliases: {a: 1}\n    x: [Putin,"),
        "error: {raw}/" + ACT + ":12: field 'aliases': must be a list of non-empty phrases",
    ),
    (
        "demand label missing",
        lambda r: replace(r, DEM, "    label: Lifting of Western sanctions\n", ""),
        "error: {raw}/" + DEM + ":23: field 'label': is required but missing or empty",
    ),
    (
        "demand id duplicate",
        lambda r: replace(r, DEM, "id: annexed-regions", "id: sanctions-relief"),
        "error: {raw}/" + DEM + ":23: field 'demand_id': duplicate value 'sanctions-relief'",
    ),
    (
        "demand id invalid",
        lambda r: replace(r, DEM, "id: annexed-regions", "id: annexed_regions!"),
        "error: {raw}/"
        + DEM
        + ":42: field 'demand_id': 'annexed_regions!' must be lowercase letters, "
        "digits and hyphens, starting with a letter or digit",
    ),
    (
        "raised_by unknown",
        lambda r: replace(r, DEM, "raised_by: [russia]", "raised_by: [atlantis]"),
        "error: {raw}/"
        + DEM
        + ":8: field 'raised_by': unknown actor 'atlantis' (not an id or alias in "
        "actors.yaml)",
    ),
    (
        "terms not a list",
        lambda r: replace(
            r, DEM, "    terms: [protections", "    terms: {a: b}\n    x: [protections"
        ),
        "error: {raw}/" + DEM + ":40: field 'terms': must be a list of non-empty phrases",
    ),
    (
        "lexicon unknown key",
        lambda r: write(r, "codebook/lexicon.yaml", "suport: [backs]\n"),
        "error: {raw}/codebook/lexicon.yaml:1: field 'suport': unknown lexicon key (known: "
        + ", ".join(LIST_KEYS + MAP_KEYS)  # every key the lexicon has, in its own order
        + ")",
    ),
    # codings
    (
        "codings column missing",
        lambda r: write(r, "codings/x.csv", "document,actor,stance,quote\n"),
        "error: {raw}/codings/x.csv:1: header lacks column(s): demand (found: document, actor, stance, "
        "quote)",
    ),
    (
        "codings empty file",
        lambda r: write(r, "codings/x.csv", ""),
        "error: {raw}/codings/x.csv:1: file is empty; expected a header line: "
        "document,actor,demand,stance,quote",
    ),
    (
        "codings broken quoting",
        lambda r: write(
            r,
            "codings/x.csv",
            HEADER + 'putin-peace-terms,Russia,sanctions-relief,supports,"Russia al"so\n',
        ),
        "error: {raw}/codings/x.csv:2: broken CSV: ',' expected after '\"'",
    ),
    (
        "codings empty cell",
        lambda r: write(
            r,
            "codings/x.csv",
            HEADER + "putin-peace-terms,,sanctions-relief,supports,Russia also\n",
        ),
        "error: {raw}/codings/x.csv:2: field 'actor': is required but empty",
    ),
    (
        "codings too many fields",
        lambda r: write(
            r, "codings/x.csv", HEADER + "putin-peace-terms,Russia,sanctions-relief,supports,a,b\n"
        ),
        "error: {raw}/codings/x.csv:2: record has 6 fields but the header has 5; is a comma inside an "
        "unquoted cell?",
    ),
    (
        "codings unknown stance",
        lambda r: write(
            r,
            "codings/x.csv",
            HEADER + "putin-peace-terms,Russia,sanctions-relief,maybe,Russia also\n",
        ),
        "error: {raw}/codings/x.csv:2: field 'stance': unknown stance 'maybe' (use one of: supports, "
        "rejects, ambiguous)",
    ),
    (
        "codings unknown document",
        lambda r: write(
            r,
            "codings/x.csv",
            HEADER + "putin-terms,Russia,sanctions-relief,supports,Russia also\n",
        ),
        "error: {raw}/codings/x.csv:2: field 'document': unknown document 'putin-terms' "
        "(no articles/putin-terms.md)",
    ),
    (
        "codings unknown actor",
        lambda r: write(
            r,
            "codings/x.csv",
            HEADER + "putin-peace-terms,Muscovy,sanctions-relief,supports,Russia also\n",
        ),
        "error: {raw}/codings/x.csv:2: field 'actor': unknown actor 'Muscovy' (not an id or alias in "
        "codebook/actors.yaml)",
    ),
    (
        "codings unknown demand",
        lambda r: write(
            r,
            "codings/x.csv",
            HEADER + "putin-peace-terms,Russia,sanction-relief,supports,Russia also\n",
        ),
        "error: {raw}/codings/x.csv:2: field 'demand': unknown demand 'sanction-relief' (not an id in "
        "codebook/demands.yaml)",
    ),
    (
        "codings quote not found",
        lambda r: write(
            r,
            "codings/x.csv",
            HEADER + "putin-peace-terms,Russia,sanctions-relief,supports,Moscow wants\n",
        ),
        "error: {raw}/codings/x.csv:2: field 'quote': quote not found in document 'putin-peace-terms': "
        "'Moscow wants'",
    ),
    (
        "codings not UTF-8",
        lambda r: write(
            r,
            "codings/x.csv",
            (HEADER + "putin-peace-terms,Russia,sanctions-relief,supports,Caf\xe9\n").encode(
                "latin-1"
            ),
        ),
        "error: {raw}/codings/x.csv:2: not UTF-8 text (byte 0xe9 at offset 89); save the file as UTF-8",
    ),
]
