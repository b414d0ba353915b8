"""Marts: the stance matrix, its history and the views analysts query."""
