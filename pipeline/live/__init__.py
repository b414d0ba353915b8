"""Live tracking: sources polled on a schedule, and the feed of what changed."""
