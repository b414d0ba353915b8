"""Every table's columns, types and allowed values, declared once.

The pandera schemas (validation), the DuckDB DDL, the README's data dictionary and the published
metadata are all derived from the declarations below, so they cannot drift apart. This module
imports no stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# Enumerations: the one place each list of allowed values is written.
STANCES = ("supports", "rejects", "ambiguous", "no_position")
EVIDENCE_STANCES = ("supports", "rejects", "ambiguous")
ACTOR_KINDS = ("state", "alliance", "bloc", "person", "organization", "group")
ORIGINS = ("coded", "extracted")
TERM_POLARITIES = ("same", "opposite")
EXTRACTION_RULES = (
    "subject_of_cue",
    "passive_agent",
    "carrier_noun",
    "relative_clause",
    "predicative",
    "reported_speech",
    "frame",
    "list_lead",
    "issuer_provision",
    "like_such_as",
    "together_with",
    "role_of",
    "plural_antecedent",
    "passive_subject",
    "relative_clause_noun",
    "commitment",
    "should_clause",
    "modal_clause",
    "own_condition",
    "term_owner",  # an alias owning the position noun of a demand term
    "model",  # the trained stance model (pipeline/learn), where no rule spoke
    "raiser",  # the codebook's raiser of a demand, named with it, no stance stated
)
REVIEW_DECISIONS = ("accept", "reject", "correct", "added")
ATTRIBUTION_KINDS = ("analyst", "named", "spokesperson", "anonymous", "reporter")
RELIABILITY_KINDS = ("overall", "demand", "coder")
# Spellings accepted for a coding's stance (case-insensitive), mapped to the stance they mean.
STANCE_SYNONYMS = {
    "supports": "supports",
    "support": "supports",
    "supported": "supports",
    "for": "supports",
    "pro": "supports",
    "yes": "supports",
    "+": "supports",
    "rejects": "rejects",
    "reject": "rejects",
    "rejected": "rejects",
    "opposes": "rejects",
    "oppose": "rejects",
    "against": "rejects",
    "no": "rejects",
    "-": "rejects",
    "ambiguous": "ambiguous",
    "mixed": "ambiguous",
    "unclear": "ambiguous",
    "hedged": "ambiguous",
    "conditional": "ambiguous",
    "?": "ambiguous",
}
SLUG = r"^[a-z0-9][a-z0-9-]*$"
SLUG_HELP = "lowercase letters, digits and hyphens, starting with a letter or digit"


@dataclass(frozen=True)
class Col:
    """One column: its type, meaning and the checks its values must pass."""

    name: str
    type: str  # str | int | float | bool | date
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One table of the DuckDB file: its layer, columns, key and references."""

    name: str
    layer: str  # staging | core | marts (export: a published file, not a database table)
    description: str
    columns: tuple[Col, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def col(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


def _fk(cols: str, table: str, ref: str | None = None) -> ForeignKey:
    names = tuple(cols.split(","))
    return ForeignKey(names, table, tuple(ref.split(",")) if ref else names)


DOCUMENTS = Table(
    "documents",
    "staging",
    "One row per source article, with its front matter and verbatim body.",
    (
        Col("doc_id", "str", "File stem of the article.", pattern=SLUG, unique=True),
        Col("title", "str", "Headline (front matter `title`; the doc_id when absent)."),
        Col("published", "date", "Publication date (front matter `published`)."),
        Col("outlet", "str", "Publisher.", required=False),
        Col("author", "str", "Byline.", required=False),
        Col("url", "str", "Link to the original.", required=False),
        Col("language", "str", "Language code, default `en`."),
        Col(
            "issued_by",
            "str",
            "Actor whose own text this is (a plan, offer, statement): its "
            "provisions are that actor's position (front matter `issued_by`).",
            required=False,
        ),
        Col("text", "str", "Body after the front matter, verbatim but for line endings (LF)."),
        Col("source_file", "str", "Path of the raw file, relative to the raw folder."),
        Col("body_line", "int", "Line of the raw file on which the body starts.", minimum=1),
        Col(
            "content_hash",
            "str",
            "sha256 of the raw file's text: an unchanged document keeps "
            "its extracted claims in the next build.",
        ),
    ),
    ("doc_id",),
)

SENTENCES = Table(
    "sentences",
    "staging",
    "Sentences and list items of each document with their character offsets "
    "(the view `sentence_text` adds their text).",
    (
        Col("doc_id", "str", "Document."),
        Col("sentence_no", "int", "Position of the sentence in its document, from 0.", minimum=0),
        Col("start", "int", "Offset of the first character in `documents.text`.", minimum=0),
        Col("end", "int", "Offset just past the last character.", minimum=0),
        Col("line_no", "int", "Line of the body the sentence starts on, from 1.", minimum=1),
        Col(
            "block_no", "int", "Paragraph or list item the sentence belongs to, from 0.", minimum=0
        ),
        Col("is_list_item", "bool", "True for a bullet or numbered list item."),
    ),
    ("doc_id", "sentence_no"),
    (_fk("doc_id", "documents"),),
)

ACTORS = Table(
    "actors",
    "staging",
    "Actors of the codebook; members point to the actor they speak for.",
    (
        Col("actor_id", "str", "Codebook id.", pattern=SLUG, unique=True),
        Col("name", "str", "Display name."),
        Col("kind", "str", "What sort of actor it is.", enum=ACTOR_KINDS),
        Col(
            "part_of",
            "str",
            "Actor this one is a member of (its stance counts there).",
            required=False,
        ),
        Col("top_actor_id", "str", "The top-level actor reached by following `part_of`."),
        Col("position", "int", "Order in the codebook, from 0.", minimum=0),
    ),
    ("actor_id",),
)

MEMBERSHIPS = Table(
    "memberships",
    "staging",
    "Dated roles: the body an actor spoke for between two dates (actors.yaml `memberships`); a "
    "claim counts for the body its speaker belonged to on the claim's date.",
    (
        Col("actor_id", "str", "Member (a person, a party)."),
        Col("of", "str", "Body it belonged to."),
        Col("valid_from", "date", "First day of the membership (open when empty).", required=False),
        Col("valid_to", "date", "Last day of the membership (open when empty).", required=False),
        Col("position", "int", "Order in the actor's list, from 0.", minimum=0),
    ),
    ("actor_id", "position"),
    (_fk("actor_id", "actors"), _fk("of", "actors", "actor_id")),
)

ACTOR_ALIASES = Table(
    "actor_aliases",
    "staging",
    "Every name under which an actor appears in text or codings.",
    (
        Col("alias", "str", "The name as written in the codebook."),
        Col("alias_key", "str", "Lower-cased alias; unique across actors.", unique=True),
        Col("actor_id", "str", "Actor it names."),
    ),
    ("alias_key",),
    (_fk("actor_id", "actors"),),
)

DEMANDS = Table(
    "demands",
    "staging",
    "Demands of the codebook: the rows of the matrix.",
    (
        Col("demand_id", "str", "Codebook id.", pattern=SLUG, unique=True),
        Col("label", "str", "Display label."),
        Col("category", "str", "Group of the matrix the demand is shown in."),
        Col(
            "raised_by", "str", "Comma-separated ids of the actors that raised it.", required=False
        ),
        Col("position", "int", "Order in the codebook, from 0.", minimum=0),
    ),
    ("demand_id",),
)

DEMAND_TERMS = Table(
    "demand_terms",
    "staging",
    "Phrases that signal a demand (or its opposite) in text.",
    (
        Col("demand_id", "str", "Demand."),
        Col("term", "str", "Phrase as written in the codebook."),
        Col(
            "polarity",
            "str",
            "`opposite` terms name the opposite: a stance on them counts reversed.",
            enum=TERM_POLARITIES,
        ),
    ),
    ("demand_id", "term", "polarity"),
    (_fk("demand_id", "demands"),),
)

CODINGS = Table(
    "codings",
    "staging",
    "Analyst codings as read from `codings/*.csv`, one row per CSV record.",
    (
        Col("source_file", "str", "CSV file, relative to the raw folder."),
        Col("source_line", "int", "Line the record starts on.", minimum=1),
        Col("document", "str", "doc-id as written."),
        Col("actor", "str", "Actor id or alias as written."),
        Col("demand", "str", "Demand id as written."),
        Col("stance", "str", "Stance, synonyms resolved.", enum=EVIDENCE_STANCES),
        Col("quote", "str", "Quote as written by the coder."),
        Col("attribution", "str", "Who said it, per the coder.", required=False),
        Col("coder", "str", "Analyst.", required=False),
        Col("note", "str", "Analyst's note.", required=False),
        Col(
            "decision",
            "str",
            "Review decision (`stancemap review` worksheets): `accept` the "
            "stance, `reject` the extracted claim (the cell's extracted evidence in that document "
            "is set aside), `correct` (the decision column named another stance), or `added` (the "
            "decision left empty on a row with a stance and nothing extracted behind it: typed in "
            "by hand, taken as a coding); empty for a plain coding.",
            required=False,
            enum=REVIEW_DECISIONS,
        ),
    ),
    ("source_file", "source_line"),
)

CLAIMS = Table(
    "claims",
    "core",
    "One row per piece of evidence in use: an actor's stance on a demand in one "
    "passage, from a coding or from extraction (unless a coding outranks it).",
    (
        Col(
            "claim_id",
            "str",
            "Stable id: origin, document and a hash of actor, demand and span.",
            unique=True,
        ),
        Col("doc_id", "str", "Document the evidence is in."),
        Col(
            "actor_id", "str", "Actor as found in the text (a member such as a person may appear)."
        ),
        Col("top_actor_id", "str", "Top-level actor the stance counts for."),
        Col("demand_id", "str", "Demand."),
        Col("stance", "str", "Stance the passage shows.", enum=EVIDENCE_STANCES),
        Col("quote", "str", "The passage, verbatim from the document."),
        Col("origin", "str", "`coded` (analyst CSV) or `extracted` (automatic).", enum=ORIGINS),
        Col("published", "date", "Date of the document."),
        Col("start", "int", "Offset of the quote in `documents.text`.", minimum=0),
        Col("end", "int", "Offset just past the quote.", minimum=0),
        Col("sentence_no", "int", "Sentence the quote starts in.", minimum=0),
        Col(
            "actor_mention",
            "str",
            "Words that named the actor (the alias, pronoun or list lead).",
            required=False,
        ),
        Col("demand_term", "str", "Words that signalled the demand.", required=False),
        Col("cue", "str", "Words that signalled the stance.", required=False),
        Col(
            "confidence",
            "float",
            "1.0 for codings; the extractor's estimate otherwise.",
            minimum=0.0,
            maximum=1.0,
        ),
        Col("attribution_kind", "str", "Who is speaking and how we know.", enum=ATTRIBUTION_KINDS),
        Col(
            "attribution",
            "str",
            "Words that attribute the statement, or the coder's attribution.",
            required=False,
        ),
        Col(
            "condition", "str", 'Condition attached to the stance ("only if ...").', required=False
        ),
        Col("coder", "str", "Analyst who coded it.", required=False),
        Col(
            "note",
            "str",
            "Analyst's note, or how the extractor reached the stance.",
            required=False,
        ),
        Col(
            "rule",
            "str",
            "Extraction rule that found the speaker (a function of the same name in "
            "`pipeline/nlp/`); empty for codings.",
            required=False,
            enum=EXTRACTION_RULES,
        ),
        Col("source_file", "str", "Raw file the claim came from (codings CSV or article)."),
        Col("source_line", "int", "Line of that file.", minimum=1),
    ),
    ("claim_id",),
    (
        _fk("doc_id", "documents"),
        _fk("actor_id", "actors"),
        _fk("demand_id", "demands"),
        _fk("top_actor_id", "actors", "actor_id"),
    ),
)

CLAIMS_OVERRIDDEN = replace(
    CLAIMS,
    name="claims_overridden",
    description="Extracted claims set aside because an analyst coded the same document, top-level "
    "actor and demand, or (rule `raiser`) because the cell has stated evidence (kept for audit; "
    "not evidence in use). Same columns as `claims`.",
)

STANCE_HISTORY = Table(
    "stance_history",
    "marts",
    "Each top-level actor's stance on a demand as of each date it spoke.",
    (
        Col("actor_id", "str", "Top-level actor."),
        Col("demand_id", "str", "Demand."),
        Col("published", "date", "Date of the documents."),
        Col("stance", "str", "Stance shown by that date's evidence.", enum=EVIDENCE_STANCES),
        Col("n_claims", "int", "Claims of that date in use.", minimum=1),
        Col("doc_ids", "str", "Comma-separated documents of that date."),
    ),
    ("actor_id", "demand_id", "published"),
    (_fk("actor_id", "actors"), _fk("demand_id", "demands")),
)

STANCES_TABLE = Table(
    "stances",
    "marts",
    "The matrix: one row for every top-level actor and every demand.",
    (
        Col("actor_id", "str", "Top-level actor (no `part_of`)."),
        Col("demand_id", "str", "Demand."),
        Col("stance", "str", "Resolved stance.", enum=STANCES),
        Col("n_claims", "int", "Claims in use for this cell, all dates.", minimum=0),
        Col("n_documents", "int", "Documents those claims come from.", minimum=0),
        Col("as_of", "date", "Date of the evidence that decides the stance.", required=False),
        Col("extracted_only", "bool", "True when no claim of the cell is an analyst coding."),
        Col("conflicted", "bool", "True when the deciding date's evidence disagrees."),
        Col("changed", "bool", "True when the stance differed on an earlier date."),
    ),
    ("actor_id", "demand_id"),
    (_fk("actor_id", "actors"), _fk("demand_id", "demands")),
)

AGREEMENT = Table(
    "agreement",
    "marts",
    "Pairwise agreement of top-level actors, as voting-advice tools show "
    "parties: of the demands on which both take a position, the share on which they agree. Only "
    "pairs that share at least one such demand.",
    (
        Col("actor_a", "str", "First actor (codebook order)."),
        Col("actor_b", "str", "Second actor."),
        Col("n_shared", "int", "Demands on which both take a position.", minimum=1),
        Col("n_agree", "int", "Of those, demands with the same stance.", minimum=0),
        Col("share", "float", "n_agree / n_shared.", minimum=0.0, maximum=1.0),
        Col(
            "extracted_only",
            "bool",
            "True when every position compared rests on extraction alone (no analyst coding).",
        ),
    ),
    ("actor_a", "actor_b"),
    (_fk("actor_a", "actors", "actor_id"), _fk("actor_b", "actors", "actor_id")),
)

STANCE_CHANGES = Table(
    "stance_changes",
    "marts",
    "What changed since the last build: one row per cell whose stance differs from the one in the "
    "database this build replaced (no rows on a first build or when nothing changed; "
    "`build_info` has `previous_build` only when there was a database to compare). Cells of "
    "actors or demands no longer in the codebook are not listed.",
    (
        Col("actor_id", "str", "Top-level actor."),
        Col("demand_id", "str", "Demand."),
        Col(
            "before",
            "str",
            "Stance in the previous database (`no_position` for a cell it did not have).",
            enum=STANCES,
        ),
        Col("after", "str", "Stance now, as in `stances`.", enum=STANCES),
        Col(
            "before_as_of",
            "date",
            "Date of the evidence that decided the previous stance.",
            required=False,
        ),
        Col("as_of", "date", "Date of the evidence that decides the stance now.", required=False),
        Col(
            "new_claims",
            "int",
            "Claims in use for the cell that the previous database did not have (by `claim_id`).",
            minimum=0,
        ),
        Col(
            "dropped_claims",
            "int",
            "Claims in use for the cell in the previous database that are no longer in use.",
            minimum=0,
        ),
        Col(
            "evidence",
            "str",
            "Quote of the newest claim in use for the cell (latest date; a new claim first); "
            "empty when none is left.",
            required=False,
        ),
        Col("evidence_doc_id", "str", "Document of that quote.", required=False),
        Col(
            "previous_build",
            "str",
            "The database compared with: its number of documents and newest evidence date.",
        ),
    ),
    ("actor_id", "demand_id"),
    (_fk("actor_id", "actors"), _fk("demand_id", "demands")),
)

CHANGE_KINDS = ("change", "first_build")

CHANGE_LOG = Table(
    "change_log",
    "marts",
    "Every stance change recorded by successive builds, the newest build first: the log of the "
    "database a build replaces, carried over, with this build's `stance_changes` added on top "
    "(a first build adds one summary row instead of one row per new position). Names and quotes "
    "are kept as they were, so a row outlives an actor or demand later removed from the "
    "codebook. The Atom feed `changes.atom` and `changes.json` publish its newest rows. Deleting "
    "the database starts the log again.",
    (
        Col(
            "change_id",
            "str",
            "Stable id: `b<build>/<actor_id>/<demand_id>`, or `b<build>/first-build`.",
            unique=True,
        ),
        Col(
            "build",
            "int",
            "Number of the build that recorded it (1, 2, ... per database).",
            minimum=1,
        ),
        Col(
            "kind",
            "str",
            "`change` (one cell) or `first_build` (the summary row).",
            enum=CHANGE_KINDS,
        ),
        Col("actor_id", "str", "Top-level actor (empty for the summary row).", required=False),
        Col("actor", "str", "The actor's name when recorded.", required=False),
        Col("demand_id", "str", "Demand (empty for the summary row).", required=False),
        Col("demand", "str", "The demand's label when recorded.", required=False),
        Col("before", "str", "Stance before.", enum=STANCES, required=False),
        Col("after", "str", "Stance after.", enum=STANCES, required=False),
        Col(
            "dated",
            "date",
            "Date of the evidence that decides the new stance; for the summary row and a cell "
            "left without evidence, the newest evidence date of the recording build.",
            required=False,
        ),
        Col("title", "str", "One line: `Actor on Demand: before → after`, or the summary."),
        Col("evidence", "str", "Quote of the newest claim in use for the cell.", required=False),
        Col("evidence_doc_id", "str", "Document of that quote.", required=False),
        Col("evidence_title", "str", "Headline of that document.", required=False),
        Col("evidence_outlet", "str", "Publisher of that document.", required=False),
        Col("evidence_url", "str", "Link to the original of that document.", required=False),
        Col(
            "compared_with",
            "str",
            "The database the recording build replaced (its documents and newest evidence "
            "date), or `nothing (first build)`.",
        ),
    ),
    ("change_id",),
)

RELIABILITY = Table(
    "reliability",
    "marts",
    "Inter-coder reliability of the codings (`coder` column): Krippendorff's alpha (nominal) "
    "among coders of the same documents, overall and per demand, and each coder's agreement with "
    "extraction. Units are the (document, top-level actor, demand) cells that a coder coded on a "
    "document two or more coders coded; a coder who coded the document but not the cell counts "
    "as `no_position`. Codings without a coder are left out.",
    (
        Col(
            "scope",
            "str",
            "`overall`, a demand id, or `coder:<name> vs extraction`.",
            unique=True,
        ),
        Col(
            "kind",
            "str",
            "`overall` and `demand`: coders against each other; `coder`: one coder against "
            "extraction.",
            enum=RELIABILITY_KINDS,
        ),
        Col("n_documents", "int", "Documents the units come from.", minimum=1),
        Col(
            "n_units",
            "int",
            "Units compared: cells on double-coded documents, or the coder's coded cells "
            "(all documents).",
            minimum=1,
        ),
        Col("n_coders", "int", "Coders with a value (1 against extraction).", minimum=1),
        Col(
            "alpha",
            "float",
            "Krippendorff's alpha, nominal; empty against extraction, and when undefined (every "
            "value the same).",
            required=False,
            maximum=1.0,
        ),
        Col(
            "n_agree",
            "int",
            "Units on which all values agree (every coder, or the coder and extraction).",
            minimum=0,
        ),
        Col("agreement", "float", "n_agree / n_units.", minimum=0.0, maximum=1.0),
    ),
    ("scope",),
)

BUILD_INFO = Table(
    "build_info",
    "core",
    "What the last build was made from (for incremental rebuilds).",
    (
        Col(
            "key",
            "str",
            "`extraction_context`: hash of the codebook, lexicon and extractor code "
            "that extracted claims depend on; `documents`, `extracted`, `reused`: counts; "
            "`undecided`: worksheet rows left out because their decision was empty (each "
            "reported as a warning); `case_name`, `case_description`: from the raw folder's "
            "`case.yaml`, absent without one; `previous_build`: the database the stances were "
            "compared with (`stance_changes`), absent when there was none; "
            "`recorded_changes`: rows this build added to `change_log`; `case_url`: where the "
            "report is published (`case.yaml`).",
        ),
        Col("value", "str", "The value."),
    ),
    ("key",),
)


def _pair_edges(name: str, network: str, what: str) -> Table:
    return Table(
        name,
        "export",
        f"Edge list of the {network} network between top-level actors (also as GraphML and GEXF): "
        "one row per pair of actors with at least one such demand; not a database table.",
        (
            Col("actor_a", "str", "First actor (codebook order)."),
            Col("actor_b", "str", "Second actor."),
            Col("weight", "int", f"Demands on which the two hold {what}.", minimum=1),
            Col("demands", "str", "Comma-separated ids of those demands (codebook order)."),
        ),
        ("actor_a", "actor_b"),
        (_fk("actor_a", "actors", "actor_id"), _fk("actor_b", "actors", "actor_id")),
    )


# The networks' CSV edge lists, published beside the tables (pipeline/report/networks.py). Their
# GraphML and GEXF twins carry the same edges and the node attributes.
NETWORK_EDGE_LISTS: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "actor_demand_network",
            "export",
            "Edge list of the two-mode network (also as GraphML and GEXF): one row per top-level "
            "actor and demand with a position (supports, rejects or ambiguous); not a database "
            "table.",
            (
                Col("actor_id", "str", "Top-level actor."),
                Col("demand_id", "str", "Demand."),
                Col("stance", "str", "The actor's stance on the demand.", enum=EVIDENCE_STANCES),
                Col("n_claims", "int", "Claims in use for this cell up to the date.", minimum=1),
                Col("first_date", "date", "Date of the cell's first evidence."),
                Col("last_date", "date", "Date of the evidence that decides the stance."),
            ),
            ("actor_id", "demand_id"),
            (_fk("actor_id", "actors"), _fk("demand_id", "demands")),
        ),
        _pair_edges(
            "congruence_network",
            "congruence",
            "the same clear stance (both support or both reject)",
        ),
        _pair_edges(
            "conflict_network", "conflict", "opposite clear stances (one supports, one rejects)"
        ),
    )
}

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        DOCUMENTS,
        SENTENCES,
        ACTORS,
        MEMBERSHIPS,
        ACTOR_ALIASES,
        DEMANDS,
        DEMAND_TERMS,
        CODINGS,
        CLAIMS,
        CLAIMS_OVERRIDDEN,
        STANCE_HISTORY,
        STANCES_TABLE,
        AGREEMENT,
        STANCE_CHANGES,
        CHANGE_LOG,
        RELIABILITY,
        BUILD_INFO,
    )
}
