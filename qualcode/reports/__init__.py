"""Frequencies by attribute, quotes and the HTML report (SPEC §9)."""
