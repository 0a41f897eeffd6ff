"""The build environment stays small and cheap to load, and means exactly the same.

Per-file reports are pickled in a packed form (``validate.compact``) and decoded on first use;
the cyclic collector is paused while Sphinx unpickles the environment (``gcpause``).
"""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

from policybook.validate import compact
from policybook.validate.files import FileReport, Ref, program_file

ROOT = Path(__file__).parent.parent
PROGRAM = "source/programs/academician-workstation.yaml"


def _report() -> FileReport:
    text = (ROOT / PROGRAM).read_text("utf-8")
    return program_file(text, PROGRAM, PROGRAM.removesuffix(".yaml"))


def test_a_report_round_trips_equal_and_smaller():
    report = _report()
    assert report.lines and report.refs  # the parts that are packed
    plain = pickle.dumps(dict(report.__dict__), pickle.HIGHEST_PROTOCOL)
    packed = pickle.dumps(report, pickle.HIGHEST_PROTOCOL)
    assert len(packed) < len(plain)
    back = pickle.loads(packed)
    assert back == report
    assert back.lines == report.lines and back.columns == report.columns
    assert back.refs == report.refs and all(type(ref) is Ref for ref in back.refs)
    assert list(back.lines) == list(report.lines)  # order kept


def test_packed_parts_are_decoded_only_when_read():
    back = pickle.loads(pickle.dumps(_report(), pickle.HIGHEST_PROTOCOL))
    assert "lines" not in back.__dict__ and "refs" not in back.__dict__
    assert back.entry["id"] == "academician-workstation"  # other fields as they were
    assert "lines" not in back.__dict__
    assert back.columns  # decodes lines and columns together
    assert "lines" in back.__dict__ and "refs" not in back.__dict__
    back.lines["extra"] = 7  # a decoded table is an ordinary dict: changes are pickled
    again = pickle.loads(pickle.dumps(back, pickle.HIGHEST_PROTOCOL))
    assert again.lines["extra"] == 7 and again.refs == back.refs


def test_read_references_are_pickled_packed_as_read_unless_they_changed():
    back = pickle.loads(pickle.dumps(_report(), pickle.HIGHEST_PROTOCOL))
    assert back.refs  # decoded, as the cross-file check reads them every build
    packed = back.__reduce__()[1][1]
    assert "refs" not in packed and packed[compact.REFS] == tuple(tuple(r.__dict__.values()) for r in back.refs)
    assert pickle.loads(pickle.dumps(back)).refs == back.refs
    back.refs[0] = Ref("policy", "other", 1, 1, "basis[0]")  # a changed list is packed from what it holds now
    assert pickle.loads(pickle.dumps(back)).refs[0].target == "other"
    added = Ref("program", "new-program", 9, 1, "related[9]")
    back.refs.append(added)
    assert pickle.loads(pickle.dumps(back)).refs[-1] == added
    back.refs = back.refs[:1]
    assert len(pickle.loads(pickle.dumps(back)).refs) == 1


def test_unusual_tables_are_kept_as_they_are():
    report = FileReport("a.yaml", "a", "program", lines={"x\x00y": 1, "z": 2}, columns={"x\x00y": 3, "z": 4})
    back = pickle.loads(pickle.dumps(report, pickle.HIGHEST_PROTOCOL))
    assert back.lines == {"x\x00y": 1, "z": 2} and back.columns == {"x\x00y": 3, "z": 4}
    uneven = FileReport("b.yaml", "b", "program", lines={"a": 1}, columns={})
    assert pickle.loads(pickle.dumps(uneven)).columns == {}
    empty = FileReport("c.md", "c", "page")
    back = pickle.loads(pickle.dumps(empty))
    assert back == empty and back.lines == {} and back.refs == []


def test_a_missing_attribute_is_still_an_attribute_error():
    back = pickle.loads(pickle.dumps(_report()))
    assert not hasattr(back, "no_such_field")


def test_the_collector_runs_again_after_an_incremental_build(tmp_path):
    """The environment is loaded with the collector paused; the build then runs with it on."""
    from sphinx.testing.util import SphinxTestApp
    from sphinx_helpers import Site

    site = Site(tmp_path)
    site.build()
    site.edit("source/programs/ip-pledge.yaml", "title: 知识产权质押融资贴息", "title: 专利质押贷款贴息")
    seen = []
    app = SphinxTestApp("html", srcdir=site.src, builddir=site.src / "_build", freshenv=False)
    app.connect("env-before-read-docs", lambda _app, _env, docnames: seen.append((gc.isenabled(), list(docnames))))
    try:
        assert gc.isenabled() and not app.fresh_env_used
        app.build()
    finally:
        app.cleanup()
    assert seen == [(True, ["source/programs/ip-pledge"])] and gc.isenabled()



PROBE = """
import gc, os

def record(app, exception):
    with open(os.environ["PB_FREEZE_PROBE"], "w") as out:
        out.write(str(gc.get_freeze_count()))

def setup(app):
    app.connect("build-finished", record, priority=1001)  # after gcpause's (1000)
"""


def test_a_command_line_build_leaves_its_objects_to_the_exit_and_writes_the_same_site(tmp_path):
    """``python -m sphinx`` ends with everything frozen (Python's last collection then has nothing
    to walk) and writes the same site; a build inside a longer process (pytest) unfreezes."""
    import os
    import subprocess
    import sys

    from sphinx_helpers import Site

    from policybook import gcpause

    assert not gcpause.ends_with_the_build()
    site = Site(tmp_path)
    site.build()
    assert gc.get_freeze_count() == 0
    (tmp_path / "probe_ext.py").write_text(PROBE, "utf-8")
    out, flag = tmp_path / "cli", tmp_path / "frozen.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(ROOT / "_ext"), str(tmp_path))),
           "PB_FREEZE_PROBE": str(flag)}
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", "extensions=policybook,probe_ext",
                           str(site.src), str(out)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(flag.read_text()) > 100_000  # the build's objects, frozen for the exit
    inside = site.src / "_build" / "html"
    pages = sorted(p.relative_to(inside) for p in inside.rglob("*.html"))
    assert pages == sorted(p.relative_to(out) for p in out.rglob("*.html"))
    assert all((out / page).read_bytes() == (inside / page).read_bytes() for page in pages)
    assert (out / "data" / "programs.json").read_bytes() == (inside / "data" / "programs.json").read_bytes()


def test_a_slow_full_collection_freezes_what_survived_it_and_only_during_a_build(tmp_path, monkeypatch):
    """A full collection that took long while documents are read walked what the build keeps to its
    end: frozen, so that the next one walks only what came since (at 10,000 programs each full
    collection took 12 s). A quick one, or a younger generation, freezes nothing; the hook is
    gone once reading ends."""
    from sphinx_helpers import Site

    from policybook import gcpause

    clock = iter([10.0, 10.001, 20.0, 20.5, 30.0, 31.0])
    monkeypatch.setattr(gcpause.time, "perf_counter", lambda: next(clock))
    hook = gcpause._SURVIVORS
    frozen = gc.get_freeze_count()
    try:
        hook("start", {"generation": 2})
        hook("stop", {"generation": 2})  # 1 ms: nothing frozen
        assert gc.get_freeze_count() == frozen
        hook("start", {"generation": 2})
        hook("stop", {"generation": 2})  # 0.5 s
        assert gc.get_freeze_count() > frozen
        gc.unfreeze()
        hook("start", {"generation": 1})
        hook("stop", {"generation": 1})
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        monkeypatch.undo()
    seen = []

    def probe(app):
        app.connect("env-updated", lambda _app, _env: seen.append(("reading", hook in gc.callbacks)))
        app.connect("env-check-consistency", lambda _app, _env: seen.append(("writing", hook in gc.callbacks)))

    site = Site(tmp_path)
    site.build(on_app=probe)
    assert seen == [("reading", True), ("writing", True)]  # a serial writer takes each doctree apart
    assert hook not in gc.callbacks and gc.get_freeze_count() == 0
    seen.clear()
    site.build(parallel=2, outdir="_parallel", on_app=probe)
    # parallel writing freezes nothing: the main process resolves every page for the writers
    assert ("writing", False) in seen and ("writing", True) not in seen
    assert hook not in gc.callbacks and gc.get_freeze_count() == 0
