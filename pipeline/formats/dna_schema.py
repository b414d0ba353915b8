"""The Discourse Network Analyzer's database (DNA 3.0, SQLite): its tables, columns and defaults.

Written down once from what DNA 3.0 itself creates (its `Sql.createTables`), so that the importer
checks a file against the same facts the exporter writes. `check` says what is wrong with a file
as (table, message) pairs; the offset helpers convert between DNA's Java (UTF-16) character
offsets and Python's code-point offsets, which differ only after characters outside the BMP.
"""

from __future__ import annotations

import base64
import hashlib
import sqlite3

VERSION = "3.0.7"  # what the exporter writes in SETTINGS
SUPPORTED_MAJOR = "3."  # the importer reads DNA 3.x files only
DEFAULT_TYPE = "DNA Statement"
PERSON, ORGANIZATION, CONCEPT, AGREEMENT = "person", "organization", "concept", "agreement"
# The variables a statement type needs for a stance (name -> DataType).
STANCE_VARIABLES = {
    PERSON: "short text",
    ORGANIZATION: "short text",
    CONCEPT: "short text",
    AGREEMENT: "boolean",
}
ATTRIBUTES = ("Type", "Alias", "Notes")  # attribute variables of every default short-text variable
MAX_TEXT = 190  # DNA's CHECK (LENGTH(x) < 191) on titles, names, entity values


def _rgb(nullable: bool = False) -> str:
    null = "" if nullable else "NOT NULL DEFAULT 0 "
    return ", ".join(
        f"{c} INTEGER {null}CHECK ({c} BETWEEN 0 AND 255)" for c in ("Red", "Green", "Blue")
    )


def _flags(*names_defaults: tuple[str, int]) -> str:
    return ", ".join(
        f"{n} INTEGER NOT NULL CHECK ({n} BETWEEN 0 AND 1) DEFAULT {d}" for n, d in names_defaults
    )


_PERMISSIONS = [
    (f"Permission{p}", 1)
    for p in (
        "AddDocuments EditDocuments DeleteDocuments ImportDocuments AddStatements EditStatements "
        "DeleteStatements EditAttributes EditRegex EditStatementTypes EditCoders "
        "EditCoderRelations ViewOthersDocuments EditOthersDocuments ViewOthersStatements "
        "EditOthersStatements"
    ).split()
]

# Table -> CREATE statement, in the order DNA 3.0 creates them (foreign keys point backwards).
DDL: dict[str, str] = {
    "SETTINGS": "CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL)",
    "CODERS": "CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, "
    "Name TEXT NOT NULL CHECK (LENGTH(Name) < 191), "
    f"{_rgb()}, "
    "Refresh INTEGER NOT NULL CHECK (Refresh BETWEEN 0 AND 9999) DEFAULT 0, "
    "FontSize INTEGER NOT NULL CHECK (FontSize BETWEEN 1 AND 99) DEFAULT 14, "
    "Password TEXT NOT NULL CHECK (LENGTH(Password) < 191), "
    "PopupWidth INTEGER CHECK (PopupWidth BETWEEN 100 AND 9999) DEFAULT 300, "
    + _flags(("ColorByCoder", 0), ("PopupDecoration", 0), ("PopupAutoComplete", 1), *_PERMISSIONS)
    + ")",
    "DOCUMENTS": "CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, "
    "Title TEXT NOT NULL CHECK (LENGTH(Title) < 191), Text TEXT NOT NULL, Coder INTEGER, "
    "Author TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Author) < 191), "
    "Source TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Source) < 191), "
    "Section TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Section) < 191), "
    "Notes TEXT NOT NULL DEFAULT '', "
    "Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191), Date INTEGER NOT NULL, "
    "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE)",
    "STATEMENTTYPES": "CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, "
    f"Label TEXT NOT NULL CHECK (LENGTH(Label) < 191), {_rgb()})",
    "VARIABLES": "CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, "
    "Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191), "
    "DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR "
    "DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text', "
    "StatementTypeId INTEGER, "
    "FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, "
    "UNIQUE (Variable, StatementTypeId))",
    "VARIABLELINKS": "CREATE TABLE VARIABLELINKS(ID INTEGER NOT NULL PRIMARY KEY, "
    "SourceVariableId INTEGER, TargetVariableId INTEGER, "
    "CHECK (TargetVariableId != SourceVariableId), "
    "FOREIGN KEY(SourceVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(TargetVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE)",
    "REGEXES": "CREATE TABLE REGEXES(Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191), "
    f"{_rgb()})",
    "CODERRELATIONS": "CREATE TABLE CODERRELATIONS(ID INTEGER NOT NULL PRIMARY KEY, "
    "Coder INTEGER CHECK(Coder > 0), OtherCoder INTEGER CHECK(OtherCoder > 0), "
    + ", ".join(
        f"{n} INTEGER NOT NULL DEFAULT 1 CHECK({n} BETWEEN 0 AND 1)"
        for n in ("viewStatements", "editStatements", "viewDocuments", "editDocuments")
    )
    + ", CHECK (Coder != OtherCoder), "
    "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(OtherCoder) REFERENCES CODERS(ID) ON DELETE CASCADE)",
    "STATEMENTS": "CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, "
    "StatementTypeId INTEGER, DocumentId INTEGER, "
    "Start INTEGER NOT NULL CHECK(Start >= 0), Stop INTEGER NOT NULL CHECK(Stop >= 0), "
    "Coder INTEGER, CHECK (Start < Stop), "
    "FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE)",
    **{
        f"DATA{kind}": f"CREATE TABLE DATA{kind}(ID INTEGER PRIMARY KEY NOT NULL, "
        f"StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, {value}, "
        "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
        "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
        "UNIQUE (StatementId, VariableId))"
        for kind, value in (
            ("BOOLEAN", "Value INTEGER NOT NULL DEFAULT 1"),
            ("INTEGER", "Value INTEGER NOT NULL DEFAULT 0"),
        )
    },
    "ENTITIES": "CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, "
    "VariableId INTEGER NOT NULL, "
    "Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), "
    f"{_rgb(nullable=True)}, ChildOf INTEGER CHECK(ChildOf > 0), "
    "UNIQUE (VariableId, Value), "
    "FOREIGN KEY(ChildOf) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE)",
    "DATASHORTTEXT": "CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, "
    "StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL, "
    "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "UNIQUE (StatementId, VariableId))",
    "DATALONGTEXT": "CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, "
    "StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, Value TEXT DEFAULT '', "
    "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "UNIQUE (StatementId, VariableId))",
    "ATTRIBUTEVARIABLES": "CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, "
    "VariableId INTEGER NOT NULL, "
    "AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191), "
    "UNIQUE(VariableId, AttributeVariable), "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE)",
    "ATTRIBUTEVALUES": "CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, "
    "EntityId INTEGER NOT NULL, AttributeVariableId INTEGER NOT NULL, "
    "AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191), "
    "UNIQUE (EntityId, AttributeVariableId), "
    "FOREIGN KEY(EntityId) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(AttributeVariableId) REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE)",
}

# The columns the importer reads, per table: a file lacking one is not a DNA 3 file it can trust.
READ_COLUMNS: dict[str, tuple[str, ...]] = {
    "SETTINGS": ("Property", "Value"),
    "CODERS": ("ID", "Name"),
    "DOCUMENTS": ("ID", "Title", "Text", "Author", "Source", "Date"),
    "STATEMENTTYPES": ("ID", "Label"),
    "VARIABLES": ("ID", "Variable", "DataType", "StatementTypeId"),
    "STATEMENTS": ("ID", "StatementTypeId", "DocumentId", "Start", "Stop", "Coder"),
    "ENTITIES": ("ID", "VariableId", "Value"),
    "DATASHORTTEXT": ("StatementId", "VariableId", "Entity"),
    "DATABOOLEAN": ("StatementId", "VariableId", "Value"),
    "ATTRIBUTEVARIABLES": ("ID", "VariableId", "AttributeVariable"),
    "ATTRIBUTEVALUES": ("EntityId", "AttributeVariableId", "AttributeValue"),
}

# DNA 3.0's initial contents: the default statement type (yellow) and its variables.
DEFAULT_TYPE_RGB = (239, 208, 51)
DEFAULT_VARIABLES = ((1, PERSON), (2, ORGANIZATION), (3, CONCEPT), (4, AGREEMENT))


def create(con: sqlite3.Connection) -> None:
    """Create every DNA 3.0 table and the default statement type with its variables."""
    for ddl in DDL.values():
        con.execute(ddl)
    con.execute(
        "INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (1, ?, ?, ?, ?)",
        (DEFAULT_TYPE, *DEFAULT_TYPE_RGB),
    )
    for vid, name in DEFAULT_VARIABLES:
        con.execute(
            "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (?, ?, ?, 1)",
            (vid, name, STANCE_VARIABLES[name]),
        )
    for attribute in ATTRIBUTES:
        for vid, _name in DEFAULT_VARIABLES[:3]:
            con.execute(
                "INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) VALUES (?, ?)",
                (vid, attribute),
            )


def check(con: sqlite3.Connection) -> list[tuple[str, str]]:
    """What makes the file no DNA 3 database to read: (table, message) pairs, empty if none."""
    tables = {
        r[0].upper() for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if "SETTINGS" not in tables:
        found = ", ".join(sorted(tables)) or "none"
        return [("SETTINGS", f"missing: this is no DNA database (its tables: {found})")]
    rows = con.execute("SELECT Value FROM SETTINGS WHERE Property = 'version'").fetchall()
    if not rows:
        return [("SETTINGS", "has no 'version' row: this is no DNA database")]
    version = str(rows[0][0])
    if not version.startswith(SUPPORTED_MAJOR):
        return [
            (
                "SETTINGS",
                f"version {version!r} is not supported: stancemap reads DNA 3.x databases "
                "(open the file in DNA 3 to convert it)",
            )
        ]
    problems = []
    for table, columns in READ_COLUMNS.items():
        if table not in tables:
            problems.append((table, f"missing from this DNA {version} database"))
            continue
        have = {r[1].lower() for r in con.execute(f"PRAGMA table_info({table})")}
        lacking = [c for c in columns if c.lower() not in have]
        if lacking:
            problems.append((table, f"lacks column(s) {', '.join(lacking)}"))
    return problems


def to_index(text: str, utf16_offset: int) -> int:
    """Python index of a DNA (Java, UTF-16) offset into `text`."""
    if text.isascii():
        return utf16_offset
    units = 0
    for i, ch in enumerate(text):
        if units >= utf16_offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def to_utf16(text: str, index: int) -> int:
    """DNA (Java, UTF-16) offset of Python index `index` into `text`."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def password_hash(password: str, salt: bytes) -> str:
    """A coder password as DNA stores it (jasypt StrongPasswordEncryptor: SHA-256, 16-byte salt
    first, 100,000 iterations, base64 of salt + digest)."""
    digest = hashlib.sha256(salt + password.encode("utf-8")).digest()
    for _ in range(99_999):
        digest = hashlib.sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")
