"""Widgets that own their look."""
