"""``policybook build`` (what ``make html`` runs): build aside, publish with one atomic rename.

Layout of the build folder (``_build``)::

    .lock                 held (flock) by the running build, and by its Sphinx process
    sites/<stamp>/        one complete site: html/ and doctrees/ (a stage until it is published)
    current -> sites/<stamp>
    html -> current/html          fixed links: what readers and hosts use
    doctrees -> current/doctrees

A build takes the lock (a second build in the same folder is refused and touches nothing),
copies the published site and its doctrees into a new stage (so Sphinx's incremental build
starts from the state that produced the published pages), runs Sphinx there and, on success,
replaces the ``current`` link in one ``rename``. At every moment ``_build/html`` is either the
whole old site or the whole new one. A failed or interrupted build deletes its stage; a stage
left by a killed build (the kernel drops a killed process's flock) is deleted by the next build.

Copies, not hard links: Sphinx rewrites output files in place (``open(..., "w")``), which would
change the published site's files through a shared inode while the build runs.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_SPHINXOPTS = ["-W", "--keep-going"]
PARTS = ("html", "doctrees")

BUSY = "另一个构建正在进行 ({pid}another build is running in this folder); 等它结束后再运行 make html"
KEPT = "构建失败, {dir}/html 仍是上一次成功构建的网站 (build failed; last good site kept)"
NONE_YET = "构建失败, 还没有成功构建过的网站 (build failed; no site has been built yet)"
DONE = "网站已生成: {dir}/html"


class Interrupted(Exception):
    """SIGTERM during a build: stop like Ctrl-C, cleaning up the stage."""


def _raise_interrupted(signum, frame):
    raise Interrupted


def sphinx_options(args: list[str]) -> list[str]:
    """Options after ``--`` go to Sphinx unchanged (``make html SPHINXOPTS=...``); none: the default."""
    if args[:1] == ["--"]:
        return args[1:]
    return args or list(DEFAULT_SPHINXOPTS)


def run_build(root: Path, build_dir: Path, sphinx_args: list[str]) -> int:
    shown = os.path.relpath(build_dir, root) if build_dir.is_relative_to(root) else str(build_dir)
    build = build_dir if build_dir.is_absolute() else root / build_dir
    build.mkdir(parents=True, exist_ok=True)
    lock = os.open(build / ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(lock, 32, 0).decode("ascii", "replace").strip()
            print(BUSY.format(pid=f"进程 {holder}; " if holder.isdigit() else ""), file=sys.stderr, flush=True)
            return 1
        os.ftruncate(lock, 0)
        os.pwrite(lock, f"{os.getpid()}\n".encode(), 0)
        return _locked_build(root, build, shown, sphinx_options(sphinx_args), lock)
    finally:
        os.close(lock)  # releases the lock (the kernel does the same for a killed process)


def _locked_build(root: Path, build: Path, shown: str, options: list[str], lock: int) -> int:
    stage = build / "sites" / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        tidy(build)
        stage.mkdir(parents=True)
        for part in PARTS:
            if (build / part).is_dir():  # the published site (through the link), or an older checkout's folder
                shutil.copytree(build / part, stage / part, symlinks=True)
        command = [sys.executable, "-m", "sphinx", "-b", "html", *options,
                   "-d", _arg(stage / "doctrees", root), ".", _arg(stage / "html", root)]
        if subprocess.run(command, cwd=root, pass_fds=(lock,)).returncode != 0:
            return _failed(build, shown)
        publish(build, stage)
    except (KeyboardInterrupt, Interrupted):
        print("构建被中断 (build interrupted)", file=sys.stderr, flush=True)
        if _published(build, stage):  # interrupted after the switch: the new site is complete
            print(DONE.format(dir=shown), flush=True)
            return 130
        return _failed(build, shown, code=130)
    except OSError as exc:
        print(f"构建出错 (build error): {exc}", file=sys.stderr, flush=True)
        return _failed(build, shown)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if not _published(build, stage):
            shutil.rmtree(stage, ignore_errors=True)
    remove_unpublished(build)
    print(DONE.format(dir=shown), flush=True)
    return 0


def _published(build: Path, stage: Path) -> bool:
    current = build / "current"
    return current.is_symlink() and os.path.basename(os.readlink(current)) == stage.name


def _arg(path: Path, root: Path) -> str:
    return os.path.relpath(path, root) if path.is_relative_to(root) else str(path)


def _failed(build: Path, shown: str, code: int = 1) -> int:
    """Say what is published now, checked on disk rather than assumed."""
    has_site = (build / "html" / "index.html").is_file()
    print(KEPT.format(dir=shown) if has_site else NONE_YET, file=sys.stderr, flush=True)
    return code


def _replace_link(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` in one step: a new link renamed over the old one."""
    temporary = link.with_name(f".{link.name}.tmp-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def publish(build: Path, stage: Path) -> None:
    """Make ``stage`` the published site: one rename of ``current``, then the fixed links."""
    _replace_link(build / "current", f"sites/{stage.name}")
    _fixed_links(build, stage.name)


def _fixed_links(build: Path, stamp: str) -> None:
    """``html`` and ``doctrees`` as links into ``current``, created once. An older checkout's real
    folders are moved under ``sites/`` (deleted with the unpublished stages); between that move
    and the rename of the link, once, there is no ``_build/html``: :func:`tidy` repairs that."""
    for part in PARTS:
        path = build / part
        if path.is_symlink() and os.readlink(path) == f"current/{part}":
            continue
        temporary = path.with_name(f".{part}.tmp-{os.getpid()}")
        temporary.unlink(missing_ok=True)
        os.symlink(f"current/{part}", temporary)
        if path.is_dir() and not path.is_symlink():
            aside = build / "sites" / f"old-{stamp}"
            aside.mkdir(exist_ok=True)
            os.rename(path, aside / part)
        os.replace(temporary, path)


def remove_unpublished(build: Path) -> None:
    """Delete every stage but the one ``current`` points at (run only while holding the lock)."""
    keep = os.path.basename(os.readlink(build / "current")) if (build / "current").is_symlink() else None
    sites = build / "sites"
    for entry in sites.iterdir() if sites.is_dir() else ():
        if entry.name != keep:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def tidy(build: Path) -> None:
    """Undo what a killed build or an older checkout left behind, before building (holding the lock)."""
    # The old Makefile recipe built into next/ and moved the published site to previous/ before
    # moving the new one in; killed between the two moves, previous/ held the only site.
    for part in PARTS:
        old = build / "previous" / part
        if old.is_dir() and not (build / part).exists() and not (build / part).is_symlink():
            os.rename(old, build / part)
    for leftover in ("next", "previous"):
        shutil.rmtree(build / leftover, ignore_errors=True)
    for temporary in build.glob(".*.tmp-*"):
        temporary.unlink(missing_ok=True)
    remove_unpublished(build)
    current = build / "current"
    if current.is_dir():  # a complete site: restore a fixed link lost between two renames
        for part in PARTS:
            path = build / part
            if not path.exists() and not path.is_symlink():
                os.symlink(f"current/{part}", path)
