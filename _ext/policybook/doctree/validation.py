"""The validator inside the build: the same checks as ``policybook check``, reported every build.

* Before Sphinx reads a document, its bytes are decoded the way ``check`` decodes them; a file
  that is not UTF-8 (or is far too large) is a located problem and is left out of this build,
  instead of a crash (``env-before-read-docs``).
* Each Markdown document's text is scanned as Sphinx hands it over (``source-read``); program
  YAML is checked by the parser. Each document's report is kept in the domain.
* Once every document is read (``env-updated``, every build, in the main process), the
  cross-file checks run over all reports and *every* problem of the project is reported, not
  only those of the documents read this time: a build never passes over a known problem.
* Sphinx and MyST report some of the same mistakes themselves (an unknown role, a missing
  download, a page in no toctree); where the validator already reported the mistake at that
  place, their English duplicate is dropped (:class:`DuplicateFilter`).
"""

from __future__ import annotations

import logging as std_logging
from pathlib import Path

from docutils.parsers.rst import directives, roles
from sphinx.project import EXCLUDE_PATHS
from sphinx.util.logging import get_node_location
from sphinx.util.matching import Matcher

from ..config import checked
from ..model.loading import decode
from ..model.problems import Problem
from ..report import source_of, warn
from ..state import state
from ..validate.files import limit_of, report_for, unreadable
from ..validate.project import Names, Project, all_problems
from ..validate.strays import content_files
from .translate import TranslateFilter, replay


def myst_extensions(config) -> tuple[str, ...]:
    return tuple(sorted(getattr(config, "myst_enable_extensions", ()) or ()))


# -- reading ------------------------------------------------------------------------------------

def check_readable(app, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: leave out (and report) documents that are not UTF-8 text.

    Content arrives by pull request: list the content files before anything is read, the only
    files a document may include or show (:mod:`policybook.doctree.files`); never raw HTML."""
    env.settings["file_insertion_enabled"] = False  # a checked directive turns it on (doctree.files)
    env.settings["raw_enabled"] = False
    build = state(app)
    documents = [env.doc2path(docname, base=False).as_posix() for docname in env.found_docs]
    build.content = content_files(Path(env.srcdir), documents, excluded(app))
    settings = checked(app.config)
    for docname in list(docnames):
        path = env.doc2path(docname)
        source = source_of(env, docname)
        try:
            data = Path(path).read_bytes()
        except OSError as error:  # removed or unreadable while the build started
            problems = [Problem(source, 1, 0, "", f"文件无法读取: {error.strerror}", "file cannot be read",
                                "确认文件存在并且可以读取, 然后重新构建", "encoding")]
            text = None
        else:
            text, problems = decode(data, source, limit_of(source, docname, settings))
        if text is not None:
            continue
        build.unreadable[docname] = unreadable(source, docname, settings, problems)
        docnames.remove(docname)
        if docname in env.all_docs:  # an earlier version was read: forget it
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)
        env.found_docs.discard(docname)


def scan_source(app, docname: str, content: list[str]) -> None:
    """``source-read``: the report of a Markdown document (program YAML: see the parser)."""
    env = app.env
    source = source_of(env, docname)
    if source.endswith((".yaml", ".yml")):
        return
    report = report_for(content[0], source, docname, checked(app.config), myst_extensions(app.config))
    env.domains["policybook"].note_report(docname, report)
    if any(problem.code == "too-deep" for problem in report.problems):
        # MyST would recurse once per level until Python gives up: the page says why instead
        content[0] = (f"---\norphan: true\n---\n\n# {docname.rsplit('/', 1)[-1]} (内容有误)\n\n"
                      "本页的指令嵌套过深, 暂不能显示; 改正后重新生成。\n")


# -- once everything is read --------------------------------------------------------------------

def known_names(app) -> Names:
    """Every role and directive a page may use, as MyST looks them up: docutils' (also in the
    document's language), Sphinx's and the extensions', the domains' with their prefix, and the
    standard and primary domains' without it."""
    from docutils.parsers.rst.languages import get_language

    role_names = set(roles._roles) | set(roles._role_registry)
    directive_names = set(directives._directives) | set(directives._directive_registry) | {"eval-rst"}
    language = get_language((app.config.language or "en").replace("-", "_").lower())
    role_names |= set(getattr(language, "roles", {}))
    directive_names |= set(getattr(language, "directives", {}))
    default = {"std", app.config.primary_domain or ""}
    for domain in app.env.domains.sorted():
        for name in domain.roles:
            role_names.add(f"{domain.name}:{name}")
            if domain.name in default:
                role_names.add(name)
        for name in domain.directives:
            directive_names.add(f"{domain.name}:{name}")
            if domain.name in default:
                directive_names.add(name)
    return Names(frozenset(role_names), frozenset(directive_names))


def documents_of(app) -> dict[str, str]:
    """docname → project-relative path of every document the build reads."""
    env = app.env
    return {docname: env.doc2path(docname, base=False).as_posix() for docname in env.found_docs}


def excluded(app) -> Matcher:
    """The paths the build does not look at for documents (as Sphinx's own discovery)."""
    config = app.config
    return Matcher([*config.exclude_patterns, *config.templates_path, *getattr(config, "html_static_path", ()),
                    *getattr(config, "html_extra_path", ()), *EXCLUDE_PATHS])


def project_of(app) -> Project:
    """The validator's view of the project this build reads."""
    env = app.env
    domain = env.domains["policybook"]
    srcdir = Path(env.srcdir)
    build = state(app)
    docnames = frozenset(env.found_docs) | frozenset(build.unreadable)
    documents = documents_of(app) | {docname: report.path for docname, report in build.unreadable.items()}
    return Project(reports=domain.reports() + list(build.unreadable.values()), settings=checked(app.config),
                   docnames=docnames, exists=lambda rel: (srcdir / rel).is_file(), names=known_names(app),
                   root_doc=app.config.root_doc, suffixes=tuple(app.config.source_suffix), today=build.today,
                   files=build.content.files, outside_links=build.content.outside, documents=documents)


def report_all(app, env) -> None:
    """``env-updated``: index the entries, run the cross-file checks, report every problem."""
    build = state(app)
    domain = env.domains["policybook"]
    found = domain.reindex(list(build.unreadable.values()))
    project = project_of(app)
    build.problems = all_problems(project, found)
    for problem in build.problems:
        warn(problem)
    replay(app, build.read)


# -- Sphinx's own words for the same mistakes ------------------------------------------------------

#: Sphinx and MyST warnings for mistakes the validator reports itself (type, subtype).
DUPLICATED = {("myst", "role_unknown"), ("myst", "directive_unknown"), ("myst", "xref_missing"),
              ("download", "not_readable"), ("image", "not_readable"), ("toc", "not_included"),
              ("toc", "not_readable"), ("myst", "topmatter")}


class DuplicateFilter(std_logging.Filter):
    """Drops a Sphinx, MyST or docutils warning at the place (file and line) of a problem the
    validator reported (the same mistake, or its cascade), and Sphinx's or MyST's version of a
    mistake the validator reports about a document it left out because it could not be read."""

    def __init__(self, app) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: std_logging.LogRecord) -> bool:
        kind = getattr(record, "type", None)
        if kind == "policybook":
            return True
        build = state(self.app)
        location = _location(self.app, getattr(record, "location", None))
        if location is not None and location in {(p.file, max(p.line, 1)) for p in build.problems}:
            return False  # the same place as a problem the validator reported: its cascade
        if (kind, getattr(record, "subtype", None)) not in DUPLICATED:
            return True
        message = str(record.msg) % record.args if record.args else str(record.msg)
        return not any(f"'{docname}'" in message or docname in message.split() for docname in build.unreadable)


def _location(app, location) -> tuple[str, int] | None:
    """(project-relative file, line) of a warning's location, as Sphinx would print it."""
    env = app.env
    if isinstance(location, tuple):
        docname, line = location
        return (source_of(env, docname), line or 1) if docname else None
    if isinstance(location, str) and location and ":" not in location:  # a docname: the whole file
        return (source_of(env, location), 1) if location in env.found_docs else None
    if location is not None and not isinstance(location, str):
        location = get_node_location(location)
    if not location or ":" not in location:
        return None
    path, _, line = location.rpartition(":")
    try:
        relative = Path(path).resolve().relative_to(Path(env.srcdir).resolve()).as_posix()
    except ValueError:
        relative = path
    return relative, int(line) if line.isdigit() else 1


def install_filter(app) -> None:
    """``builder-inited``: on Sphinx's warning handler, first drop duplicates of the validator's
    problems (:class:`DuplicateFilter`), then put the rest in Chinese (:class:`TranslateFilter`)."""
    for handler in std_logging.getLogger("sphinx").handlers:
        if type(handler).__name__ == "WarningStreamHandler":
            handler.filters = [f for f in handler.filters if not isinstance(f, (DuplicateFilter, TranslateFilter))]
            handler.filters[:0] = [DuplicateFilter(app), TranslateFilter(app)]


def error_pages(app):
    """``html-collect-pages``: a page saying what is wrong, where an unreadable file's page would
    be, so that staff previewing see it (a publishing build fails on the problem anyway)."""
    from .parser import error_page

    if app.builder.format != "html":
        return
    for docname, report in sorted(state(app).unreadable.items()):
        if docname in app.env.all_docs:
            continue  # read as a placeholder (doctree.vanished): its page is written already
        body = error_page(docname.rsplit("/", 1)[-1], report.problems)
        yield docname, {"title": body[0].astext(), "body": app.builder.render_partial(body)["fragment"]}, "page.html"
