"""Draft a codebook from the corpus: actor and demand candidates for the analyst to edit."""
