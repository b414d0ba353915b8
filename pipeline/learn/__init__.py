"""The trained stance model: labelled pairs in, a linear classifier out, heard where rules are
silent."""
