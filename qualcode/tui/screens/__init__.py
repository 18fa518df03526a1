"""The screens of the coding and reconciliation apps; each is given its session."""
