"""gridnet."""
