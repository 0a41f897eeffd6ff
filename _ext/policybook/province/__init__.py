"""A province site: the counties' open data gathered into one finder, without their pages.

Each county publishes its own site and ``data/programs.json``. ``policybook gather`` (``cli``)
reads a list of counties (:mod:`.gather`), validates each export against the published JSON
Schema, and writes one 政策查找 page over all of them (:mod:`.page`) whose results link to the
county pages (absolute URLs). See docs/province.md.
"""
