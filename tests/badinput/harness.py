"""The bad-input corpus: its manifest, the files generated at run time, and the runners.

``manifest.toml`` lists every file under this folder (the folders mirror a project's layout)
and the outcome it must have. Files too big to commit (10 MB, a megabyte of keys, nesting
200,000 deep) are generated here at run time. Three runners feed the tests:

* :func:`run_loaders` loads every file in one child process, each under a time limit, and
  measures its peak memory (``tracemalloc``) under a hard address-space limit;
* :func:`corpus_project` installs the whole corpus into a copy of ``tests/roots/test-basic``;
* :func:`corpus_build` builds that copy once per test session with Sphinx.

Run ``python tests/badinput/harness.py worker`` only through :func:`run_loaders`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent
TESTS = CORPUS.parent
REPO = TESTS.parent
BASIC = TESTS / "roots" / "test-basic"
MANIFEST = CORPUS / "manifest.toml"

#: What the issue asks the corpus to cover; test_badinput checks each topic has cases.
REQUIRED_TOPICS = {
    "malformed-yaml", "wrong-type", "unknown-enum", "missing-field", "duplicate", "id-filename",
    "dangling-reference", "cycle", "impossible-date", "amount", "yaml-1.1", "tabs", "line-endings",
    "bom", "encoding", "zero-width", "full-width", "size", "deep-nesting", "alias-bomb", "injection",
    "file-access", "network", "bounds", "stray-file", "reserved-name",
}
LAYERS = ("file", "project", "build")

#: Limits for one file in the loader run: generous, but finite. The time is CPU time (a busy
#: machine made wall time 33 s for a file that takes 2 s alone); a hang is caught by the
#: child's wall-clock timeout in ``run_loaders``.
SECONDS_PER_FILE = 20.0
PEAK_MB_PER_FILE = 320
ADDRESS_SPACE_GB = 4  # hard limit of the child process: a runaway allocation fails there


@dataclass(frozen=True)
class Case:
    file: str  # path inside a project, e.g. source/programs/enum-level.yaml
    topic: str
    about: str
    expect: str  # "error" or "safe-render"
    code: str = ""
    field: str = ""
    line: int | None = None
    layer: str = "file"
    generate: str = ""
    build_code: str = ""
    published: bool = True  # False: a file that is never a page (x.YAML); its error is what shows
    gaps: dict[str, str] = dataclasses.field(default_factory=dict, hash=False, compare=False)

    @property
    def kind(self) -> str:
        if self.file.startswith("source/programs/"):
            return "program"
        if self.file.startswith("source/policies/"):
            return "policy"
        if self.file.startswith("source/notices/"):
            return "notice"
        return "guide"

    @property
    def id(self) -> str:
        return self.file.split("/", 1)[1] if self.file.startswith("source/") else self.file

    def data(self) -> bytes:
        if self.generate:
            return GENERATORS[self.generate]()
        return (CORPUS / self.file).read_bytes()

    def error_in(self, layer: str) -> bool:
        """Whether ``layer`` ("file", "project" or "build") must report this case's error."""
        if self.expect != "error":
            return False
        return LAYERS.index(layer) >= LAYERS.index(self.layer)


def load_manifest() -> list[Case]:
    raw = tomllib.loads(MANIFEST.read_text("utf-8"))
    return [Case(**entry) for entry in raw["case"]]


def committed_files() -> set[str]:
    """Corpus files on disk (under ``source/`` and ``docs/``), as project paths."""
    return {p.relative_to(CORPUS).as_posix() for folder in ("source", "docs")
            for p in (CORPUS / folder).rglob("*") if p.is_file()}


# --- files generated at run time -------------------------------------------------------------

VALID_PROGRAM = (BASIC / "source/programs/patent-grant.yaml").read_text("utf-8")


def _program(stem: str) -> str:
    return VALID_PROGRAM.replace("id: patent-grant", f"id: {stem}")


def _ten_megabytes() -> bytes:
    summary = next(line for line in VALID_PROGRAM.splitlines() if line.startswith("summary:"))
    text = _program("ten-megabytes").replace(summary, "summary: " + "十兆字节的简介。" * 440_000)
    return text.encode()


def _ten_megabytes_policy() -> bytes:
    head = ("---\nid: ten-megabytes-policy\ntitle: 十兆字节的政策\nissuer: 测试县科学技术局\nlevel: county\n"
            "published: 2025-01-10\neffective: 2025-02-01\nvalidity: in-force\n---\n\n# 十兆字节的政策\n\n")
    body = "".join(f"## 第{n}条 条款\n\n" + "政策正文。" * 200 + "\n\n" for n in range(1, 3400))
    return (head + body).encode()


def _fifty_megabytes_guide() -> bytes:
    """A guide of 50 MB (published after 39 s and 900 MB of memory before it had a limit)."""
    paragraph = ("很长的段落, 像是粘贴了整本汇编。" * 60 + "\n\n").encode()
    head = "---\norphan: true\n---\n\n# 五十兆字节的指南\n\n".encode()
    return head + paragraph * (50_000_000 // len(paragraph))


def _near_limit_keys() -> bytes:
    return ("# just under 1 MB of unknown keys\n" + "".join(f"k{i:06d}: v\n" for i in range(90_000))).encode()


def _long_summary() -> bytes:
    summary = next(line for line in VALID_PROGRAM.splitlines() if line.startswith("summary:"))
    return _program("long-summary").replace(summary, "summary: " + "很长" * 150_000).encode()


def _long_comments() -> bytes:
    return (_program("long-comments") + "# 注释\n" * 100_000).encode()


def _deep_flow() -> bytes:
    return ("tags: " + "[" * 200_000 + "]" * 200_000 + "\n").encode()


def _deep_dashes() -> bytes:
    return ("- " * 100_000 + "x\n").encode()


def _alias_bomb() -> bytes:
    lines = ["a0: &a0 lol"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 31)]
    return ("\n".join(lines) + "\n").encode()


GENERATORS: dict[str, Callable[[], bytes]] = {
    "ten-megabytes": _ten_megabytes,
    "ten-megabytes-policy": _ten_megabytes_policy,
    "fifty-megabytes-guide": _fifty_megabytes_guide,
    "near-limit-keys": _near_limit_keys,
    "long-summary": _long_summary,
    "long-comments": _long_comments,
    "deep-flow": _deep_flow,
    "deep-dashes": _deep_dashes,
    "alias-bomb": _alias_bomb,
}


# --- installing the corpus into a project ------------------------------------------------------

# Pages the corpus build adds so that hostile entries reach every page type (finder, self-check,
# calendar): copies of the sample site's pages, kept out of the toctree.
EXTRA_PAGES = ("source/finder.md", "source/self-check.md", "source/calendar.md", "source/calendar-year.md")


def install(root: Path, cases: list[Case], *, extra_pages: bool = False) -> None:
    for case in cases:
        target = root / case.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.data())
    if extra_pages:
        for page in EXTRA_PAGES:
            text = (REPO / page).read_text("utf-8")
            if not text.startswith("---\n"):  # test-basic's toctree does not list them
                text = "---\norphan: true\n---\n\n" + text
            (root / page).write_text(_without_missing_links(root, page, text), "utf-8")


def _without_missing_links(root: Path, page: str, text: str) -> str:
    """{doc} links to sample pages test-basic lacks (guides) become their words: the extra pages
    are there for their directives, and a missing link is not what the corpus is about."""
    def keep(match: re.Match) -> str:
        label, target = match[1].strip(), match[2].strip()
        base = root if target.startswith("/") else (root / page).parent
        found = any((base / (target.lstrip("/") + suffix)).is_file() for suffix in (".md", ".yaml", ".rst"))
        return match[0] if found else label
    return re.sub(r"\{doc\}`([^`<]*)<([^`>]+)>`", keep, text)


def corpus_project(tmp: Path, cases: list[Case]) -> Path:
    """test-basic with every corpus file in place (for ``policybook check``)."""
    root = tmp / "project"
    shutil.copytree(BASIC, root)
    install(root, cases)
    return root


# --- loading every file in a child process -----------------------------------------------------

@dataclass
class LoadResult:
    file: str
    problems: list[dict]
    loaded: bool  # the loader returned data
    error: str | None  # a traceback: never acceptable
    seconds: float
    peak_mb: float


def run_loaders(cases: list[Case], timeout: float = 300) -> dict[str, LoadResult]:
    """Load every case in one child process; a hang or crash names the file that caused it."""
    wanted = [c.file for c in cases if c.kind != "guide"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "_ext"), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen([sys.executable, str(Path(__file__)), "worker"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = child.communicate(json.dumps(wanted), timeout=timeout)
        failure = f"worker exited with {child.returncode}: {err[-2000:]}" if child.returncode else ""
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        failure = f"worker still running after {timeout:.0f} s"
    results = {}
    for line in out.splitlines():
        record = json.loads(line)
        results[record["file"]] = LoadResult(**record)
    if failure:
        stuck = next((f for f in wanted if f not in results), None)
        if stuck is not None:
            results[stuck] = LoadResult(stuck, [], False, failure, float("nan"), float("nan"))
    return results


def _worker() -> None:
    import resource
    import traceback
    import tracemalloc

    limit = ADDRESS_SPACE_GB * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from policybook.model.loading import load_notice_front_matter, load_policy_front_matter, load_program

    by_file = {case.file: case for case in load_manifest()}
    for name in json.loads(sys.stdin.read()):
        case = by_file[name]
        data = case.data()
        loader = {"program": load_program, "notice": load_notice_front_matter}.get(case.kind, load_policy_front_matter)
        tracemalloc.start()
        started = time.process_time()  # CPU time: another load on the machine does not count
        problems, loaded, error = [], False, None
        try:
            result = loader(data, case.file)
            problems = [p.as_dict() for p in result.problems]
            loaded = result.data is not None
        except BaseException:  # noqa: BLE001 (any exception at all is what we look for)
            error = traceback.format_exc(limit=-8)
        seconds = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
        tracemalloc.stop()
        del data
        print(json.dumps({"file": name, "problems": problems, "loaded": loaded, "error": error,
                          "seconds": round(seconds, 3), "peak_mb": round(peak, 1)}, ensure_ascii=False),
              flush=True)


# --- the corpus build ---------------------------------------------------------------------------

_BUILD: dict[str, object] = {}


def corpus_build(tmp_path_factory):
    """test-basic with every corpus file, built once per session (shared by the corpus, escaping
    and browser tests). Returns ``(site, result)`` from :class:`sphinx_helpers.Site`."""
    if "result" not in _BUILD:
        from sphinx_helpers import Site

        site = Site(tmp_path_factory.mktemp("corpus-build"))
        install(site.src, load_manifest(), extra_pages=True)
        started = time.perf_counter()
        result = site.build()
        _BUILD.update(site=site, result=result, seconds=time.perf_counter() - started)
    return _BUILD["site"], _BUILD["result"]


if __name__ == "__main__" and sys.argv[1:] == ["worker"]:
    _worker()
