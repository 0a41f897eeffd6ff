"""Chinese full-text search, application calendar and in-browser status (sub-extension)."""

from __future__ import annotations


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
