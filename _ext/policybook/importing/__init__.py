"""Bringing content in from what the bureau already has (Word documents)."""
