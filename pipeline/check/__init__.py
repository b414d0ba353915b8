"""`codebook check`: advice on a codebook that would defeat the matcher (see codebook.py)."""
