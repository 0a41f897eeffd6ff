"""Site-wide work a preview build skips, owed to the next publishing build.

``make serve`` (``policybook_preview``) leaves the Pagefind index and the .ics files as they
were, to answer an edit in a second or two. A later ``make html`` over the same output may have
no page left to write, and would then think those files current. A marker file in the output
says they are not; the next build that is not a preview redoes them and removes it.
"""

from __future__ import annotations

from pathlib import Path

MARKER = ".policybook-deferred"


def defer(app) -> None:
    """Record that this (preview) build skipped site-wide work."""
    Path(app.outdir, MARKER).touch()


def owed(app) -> bool:
    return Path(app.outdir, MARKER).exists()


def settle(app, exception) -> None:
    """After a successful publishing build, nothing is owed any more (runs last)."""
    if exception is None and not app.config.policybook_preview:
        Path(app.outdir, MARKER).unlink(missing_ok=True)
