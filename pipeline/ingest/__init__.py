"""Import news into a raw folder: saved pages, URLs and feeds, corpus exports -> articles/*.md.

Sources become contract-format article files (front matter, then the body); nothing downstream
imports this package. `run.py` is the entry point the command line calls; `pages.py` extracts an
article from HTML (trafilatura), `fetch.py` and `feeds.py` read URLs and RSS/Atom feeds,
`tables.py` reads CSV, JSON lines and Parquet with DuckDB, and `article.py` holds the article
record, its doc-id and its file format; `store.py` decides duplicates and writes atomically.
"""
