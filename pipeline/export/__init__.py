"""Write the built database out in other tools' formats (`stancemap export`).

Reads the published DuckDB read-only and writes a new file atomically; imports nothing from
`ingest/`. `dna.py` writes a Discourse Network Analyzer 3.0 database.
"""
