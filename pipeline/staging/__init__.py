"""Staging: parse each raw source (articles, codebook, codings), rename and cast; no joins."""
