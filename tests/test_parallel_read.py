"""Under -j, each reading process sends back only the documents it read (issue 22).

Sphinx pickles a reader's whole environment back to the main process. Before, a reader forked
after other chunks were merged carried their documents too, so at 10,000 programs each of some
45 chunks carried up to 125 MB and the read phase grew as N^1.5.
"""

from __future__ import annotations

import os
import pickle

import sphinx.builders
from sphinx_helpers import Site
from test_incremental import ALL_DOCS

from policybook.doctree.reader_local import ReaderLocal


class _Recorder:
    """Stands in for ``pickle`` in ``sphinx.builders``: notes what each merged reader sent."""

    def __init__(self) -> None:
        self.chunks: list[dict] = []

    def __getattr__(self, name):
        return getattr(pickle, name)

    def loads(self, data):
        env = pickle.loads(data)
        self.chunks.append({"bytes": len(data), "read": sorted(env.all_docs),
                            "tocs": sorted(env.tocs),
                            "files": sorted(env.domaindata["policybook"]["files"])})
        return env


def test_each_reader_sends_back_only_its_own_documents(tmp_path, monkeypatch):
    recorder = _Recorder()
    monkeypatch.setattr(sphinx.builders, "pickle", recorder)
    site = Site(tmp_path)
    built = site.build(parallel=2)
    assert built.warnings == ""
    chunks = recorder.chunks
    assert len(chunks) >= 3  # 11 documents in chunks of 5: the third reader forks after a merge
    seen: list[str] = []
    for chunk in chunks:
        mine = chunk["tocs"]
        assert chunk["files"] == mine, chunk
        assert not set(mine) & set(seen), f"a reader sent back documents read by another: {chunk}"
        seen += mine
    assert sorted(seen) == ALL_DOCS
    # and the main process has them all, in plain pickles
    env = built.app.env
    assert sorted(env.tocs) == ALL_DOCS
    assert sorted(env.domaindata["policybook"]["files"]) == ALL_DOCS
    assert type(pickle.loads(pickle.dumps(env.tocs))) is dict


def test_parallel_rebuild_after_an_edit_keeps_every_document(tmp_path, monkeypatch):
    """Re-reading four programs: the readers fork from an environment holding the whole site."""
    site = Site(tmp_path)
    site.build(parallel=2)
    recorder = _Recorder()
    monkeypatch.setattr(sphinx.builders, "pickle", recorder)
    for name in ("ip-pledge", "patent-grant", "hightech-reward", "national-hightech"):
        path = f"source/programs/{name}.yaml"
        text = (site.src / path).read_text("utf-8")
        site.write(path, text.replace("title: ", "title: 新", 1))
    again = site.build(parallel=2)
    assert again.warnings == ""
    assert len(again.read) == 4
    assert len(recorder.chunks) == 2
    assert sorted(doc for chunk in recorder.chunks for doc in chunk["tocs"]) == again.read
    assert sorted(doc for chunk in recorder.chunks for doc in chunk["files"]) == again.read
    env = again.app.env
    assert sorted(env.tocs) == ALL_DOCS
    assert sorted(env.domaindata["policybook"]["files"]) == ALL_DOCS
    titles = {entry["title"] for entry in env.domaindata["policybook"]["programs"].values()}
    assert all(title.startswith("新") for title in titles), titles


def test_a_reader_local_table_pickles_whole_where_it_was_made_and_only_new_keys_in_a_fork():
    table = ReaderLocal({"a": 1, "b": 2})
    assert pickle.loads(pickle.dumps(table)) == {"a": 1, "b": 2}
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the forked reader
        try:
            table["c"] = 3
            table.setdefault("d", []).append(4)
            table.update(b=20)
            os.write(write, pickle.dumps(table))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        sent = pickle.loads(pipe.read())
    os.waitpid(pid, 0)
    assert sent == {"c": 3, "d": [4], "b": 20} and type(sent) is dict
    assert table == {"a": 1, "b": 2}  # the fork's writes stay in the fork
