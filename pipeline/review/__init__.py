"""The analyst's loop: a worksheet of what extraction proposes, for review."""
