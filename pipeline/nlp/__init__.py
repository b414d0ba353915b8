"""The linguistic layer: spaCy's parse of candidate passages, and dependency rules over it."""
