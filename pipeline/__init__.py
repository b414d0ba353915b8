"""stancemap: turn news articles about a negotiation into an evidence-backed stance matrix."""
