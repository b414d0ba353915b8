"""Report: static HTML from the marts (and the dimension tables that name things)."""
