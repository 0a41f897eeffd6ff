"""``policybook serve``: live preview that rebuilds on save and reloads open pages.

``site`` keeps Sphinx warm between builds, ``server`` serves the output and the build state,
``watch`` decides which saved files matter; ``run`` below ties them together.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from .server import BuildState, make_server
from .site import BuildReport, WarmSite, default_jobs
from .watch import changes, needs_restart

__all__ = ["run"]


def run(root: Path, host: str, port: int, jobs: int | None = None, build_dir: Path | None = None) -> int:
    """Serve ``root``'s site on host:port until interrupted; returns the exit code."""
    os.environ["POLICYBOOK_PREVIEW"] = "1"  # conf.py and the extension read it
    root = root.resolve()
    # Never the folder make html publishes from: a preview (made while staff are still editing,
    # perhaps with mistakes) must not become the base of a publishing build.
    build_dir = (build_dir or root / "_build" / "preview").resolve()
    site = WarmSite(root, build_dir / "html", build_dir / "doctrees", jobs or default_jobs(),
                    status=None, warning=sys.stderr, error_log=build_dir / "preview-error.log")
    site.outdir.mkdir(parents=True, exist_ok=True)
    state = BuildState()
    try:
        server = make_server(host, port, site.outdir, state)
    except OSError as exc:
        print(f"无法在 {host}:{port} 上启动预览 ({exc.strerror})。端口可能已被占用: "
              f"换一个端口, 如 make serve PORT={port + 1}", file=sys.stderr)
        return 2
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://{host}:{server.server_address[1]}/"
    print(f"正在生成网站 (building the site)… 预览地址: {url}", flush=True)
    try:
        _build(site, state, first=True)
        print(f"预览地址 (serving on): {url}  保存文件后自动更新, 按 Ctrl+C 停止", flush=True)
        for changed in changes(root, ignore=[build_dir]):
            if needs_restart(root, changed):
                print("配置或扩展代码已更改, 正在重新启动预览 (restarting)…", flush=True)
                server.server_close()
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
            print(f"检测到改动 (changed): {describe_changes(root, changed)}", flush=True)
            _build(site, state)
    except KeyboardInterrupt:
        print("预览已停止 (stopped)", flush=True)
    finally:
        server.shutdown()
        site.close()
    return 0


def describe_changes(root: Path, changed: set[Path]) -> str:
    """The saved files (an editor's scratch files, already gone, are left out)."""
    present = sorted(str(p.relative_to(root)) for p in changed if p.exists())
    gone = sorted(f"{p.relative_to(root)} (已删除)" for p in changed if not p.exists()
                  and p.suffix in (".md", ".yaml", ".yml", ".rst"))
    names = present + gone
    return ", ".join(names[:3]) + (f" 等 {len(names)} 个文件" if len(names) > 3 else "")


def _build(site: WarmSite, state: BuildState, first: bool = False) -> BuildReport:
    state.started()
    report = site.build()
    state.finished(report.ok, report.problems)
    print(describe(report, first, site.error_log), flush=True)
    return report


def describe(report: BuildReport, first: bool = False, error_log: Path | None = None) -> str:
    """The line printed after each build (two after a failed one)."""
    if not report.ok:
        where = f"详细信息见 {error_log}" if error_log else ""
        return (f"生成失败 (build failed): {report.error}\n"
                f"浏览器中仍是上一次的内容; 修改后保存即可重试。{where}")
    warned = f", {report.warnings} 个警告 (见上方)" if report.warnings else ""
    if first:
        return f"网站已生成, 用时 {report.seconds:.1f} 秒{warned}"
    return (f"已更新 (rebuilt in {report.seconds:.1f} s): 重新读取 {report.read} 个文件, "
            f"写出 {report.written} 个页面{warned}")
