"""Core: evidence-level facts (claims), coded by analysts or extracted from text."""
