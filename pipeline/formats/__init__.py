"""Facts of file formats other tools write, shared by the importers and the exporters.

Nothing here reads or writes stancemap's own tables: `ingest/` and `export/` both import these
modules, and nothing in them imports either side.
"""
