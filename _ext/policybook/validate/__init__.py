"""The one validation engine: every content problem, found the same way by check and build.

Pure Python, no Sphinx. ``policybook check`` runs it over the files on disk; the build runs the
same functions over what it reads and reports their problems as Sphinx warnings.
"""
