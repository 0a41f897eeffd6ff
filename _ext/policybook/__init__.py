"""Policybook: a Sphinx extension that publishes a science and technology bureau's programs.

The flow, folder by folder::

    model/     YAML and front matter → validated plain data, located problems   (pure)
    validate/  every content problem, the same for `policybook check` and build (pure)
    doctree/   Sphinx read side: parser, domain, directives, roles → doctrees
    pages/     Sphinx write side: placeholders, lists, pagination → HTML pages
    site/      site-wide outputs after the pages: open data, feeds, sitemap
    search/ calendar/ finder/ govsite/ preview/   features; cli/ the `policybook` command

``setup`` only wires the packages together; importing this module does nothing else.
"""

from __future__ import annotations

__version__ = "0.1.0"


def setup(app) -> dict:
    from . import config, doctree, doctree_budget, gcpause, pages, site, state, template_cache, write_backlog

    gcpause.setup(app)  # before anything else: the environment is loaded after config-inited
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    config.setup(app)
    state.setup(app)
    doctree.setup(app)
    doctree_budget.setup(app)
    template_cache.setup(app)  # compiled templates kept between builds
    write_backlog.setup(app)  # -j: the main process resolves no further ahead than the writers
    pages.setup(app)
    site.setup(app)
    for feature in ("search", "calendar", "finder", "govsite", "notices", "publicity", "interpretations"):
        app.setup_extension(f"policybook.{feature}")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 4}  # 4: policy pages hold the 相关解读 placeholder (政策解读)
