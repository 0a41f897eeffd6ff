"""Keep the theme's compiled Jinja templates between builds (beside the doctrees).

Sphinx compiles every HTML template it uses again in each build: about 30 templates (the
theme's layout and sidebars, ours), which costs a publishing build after a one-file edit about
as much CPU as writing several pages. Jinja can keep compiled templates in a bytecode cache;
Sphinx does not set one. A cached template is used only when its source is unchanged (Jinja
compares a hash of the source), for the same template file, Jinja and Python version, and (our
part of the key) the same environment settings that change compiled code (extensions, the
sandbox, autoescaping). So what is rendered is exactly what a fresh compile renders; a build
that compiles nothing new writes nothing here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CACHE_DIR = "policybook-templates"  # under the doctrees folder, which the atomic publish keeps


def _settings(environment) -> str:
    """What besides the source decides the compiled code (extensions, sandbox, autoescape...)."""
    return "|".join((type(environment).__module__, type(environment).__qualname__,
                     ",".join(sorted(environment.extensions)), repr(environment.autoescape),
                     repr(environment.optimized), environment.block_start_string, environment.variable_start_string,
                     environment.comment_start_string, repr(environment.line_statement_prefix),
                     repr(environment.trim_blocks), repr(environment.lstrip_blocks),
                     repr(environment.keep_trailing_newline), environment.newline_sequence))


def bytecode_cache(directory: Path, environment):
    from jinja2 import FileSystemBytecodeCache

    settings = _settings(environment)

    class Cache(FileSystemBytecodeCache):
        def get_cache_key(self, name, filename=None):
            key = hashlib.sha1(f"{settings}|{name}|{filename}".encode())
            return key.hexdigest()

    directory.mkdir(parents=True, exist_ok=True)
    return Cache(str(directory))


def install(app) -> None:
    """At ``builder-inited`` (the builder's template environment exists then)."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None or environment.bytecode_cache is not None or not app.doctreedir:
        return
    environment.bytecode_cache = bytecode_cache(Path(app.doctreedir) / CACHE_DIR, environment)


def setup(app) -> None:
    app.connect("builder-inited", install)
