"""Compiled templates are kept between builds (``template_cache``) and change nothing rendered.

(Strings rendered with ``from_string`` have no name and are compiled as before.)
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

from policybook.template_cache import CACHE_DIR, bytecode_cache


def _environment(templates: Path, cache: Path, **options) -> tuple[SandboxedEnvironment, list[str]]:
    environment = SandboxedEnvironment(loader=FileSystemLoader(str(templates)), **options)
    environment.bytecode_cache = bytecode_cache(cache, environment)
    compiled = []
    original = environment.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(source, name, filename, raw, defer_init)

    environment.compile = counting
    return environment, compiled


def test_a_kept_template_is_used_only_while_its_source_and_settings_are_the_same(tmp_path):
    templates, cache = tmp_path / "t", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title }}</p>", "utf-8")
    first, compiled = _environment(templates, cache)
    assert first.get_template("page.html").render(title="甲") == "<p>甲</p>" and compiled == ["page.html"]
    assert len(list(cache.iterdir())) == 1

    again, compiled = _environment(templates, cache)  # a later build: nothing compiled
    assert again.get_template("page.html").render(title="甲") == "<p>甲</p>" and compiled == []

    (templates / "page.html").write_text("<h1>{{ title }}</h1>", "utf-8")  # the template was edited
    edited, compiled = _environment(templates, cache)
    assert edited.get_template("page.html").render(title="乙") == "<h1>乙</h1>" and compiled == ["page.html"]

    other, compiled = _environment(templates, cache, extensions=["jinja2.ext.i18n"])  # other settings
    other.install_null_translations()
    assert other.get_template("page.html").render(title="丙") == "<h1>丙</h1>" and compiled == ["page.html"]


def test_a_build_from_kept_templates_writes_the_same_pages(tmp_path):
    from sphinx_helpers import Site

    site = Site(tmp_path)
    site.build()
    out = site.src / "_build" / "html"
    cache = site.src / "_build" / "doctrees" / CACHE_DIR
    kept = sorted(cache.iterdir())
    assert kept  # the first build compiled and kept the templates
    pages = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    stamps = {p: p.stat().st_mtime_ns for p in kept}
    compiled = []

    def watch(app):
        environment = app.builder.templates.environment
        original = environment.compile
        environment.compile = lambda *a, **k: compiled.append(a[1] if len(a) > 1 else k.get("name")) or original(*a, **k)

    site.build(fresh=True, on_app=watch)  # every page read and written again
    assert [name for name in compiled if name] == []  # every template file came from the cache
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")} == pages
    assert sorted(cache.iterdir()) == kept and {p: p.stat().st_mtime_ns for p in kept} == stamps
