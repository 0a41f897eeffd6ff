"""Site-wide work a preview build skips, owed to the next publishing build.

``make serve`` (``policybook_preview``) leaves the Pagefind index, the .ics files, the data
exports and the feeds as they were, to answer an edit in a couple of seconds. A later
``make html`` over the same output may have no page left to write, and would then think those
files current. A marker file in the output says they are not; the next build that is not a
preview redoes them and removes it.
"""

from __future__ import annotations

from pathlib import Path

from ..config import checked

MARKER = ".policybook-deferred"


def defer(app) -> None:
    """Record that this (preview) build skipped site-wide work."""
    Path(app.outdir, MARKER).touch()


def skip_in_preview(app, *outputs: Path) -> bool:
    """True (and the work recorded as owed) when this is a preview and ``outputs`` exist.

    A preview answers an edit with the edited pages; site-wide files (data exports, feeds,
    search index, calendars) are written on its first build only, then by ``make html``.
    """
    if checked(app.config).preview and all(path.exists() for path in outputs):
        defer(app)
        return True
    return False


def owed(app) -> bool:
    return Path(app.outdir, MARKER).exists()


def settle(app, exception) -> None:
    """After a successful publishing build, nothing is owed any more (runs last)."""
    if exception is None and not checked(app.config).preview:
        Path(app.outdir, MARKER).unlink(missing_ok=True)
