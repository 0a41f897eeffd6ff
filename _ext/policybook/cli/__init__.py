"""The ``policybook`` command: ``check`` the content and scaffold ``new`` entries.

    policybook check [--format text|json] [--root DIR]
    policybook new program|policy|guide <id> [--root DIR]
    policybook serve [--host HOST] [--port PORT] [-j N] [--build-dir DIR] [--root DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..model.refs import id_problem
from ..validate.project import Layout, check

TEMPLATES = Path(__file__).parent / "templates"
TARGETS = {
    "program": ("program.yaml", "{programs}/{id}.yaml"),
    "policy": ("policy.md", "{policies}/{id}.md"),
    "guide": ("guide.md", "docs/{id}.md"),
}


def find_root(start: Path) -> Path:
    """The nearest folder holding conf.py (the project root), else ``start``."""
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file():
            return folder
    return start


def run_check(root: Path, fmt: str) -> int:
    report = check(root, Layout())
    if fmt == "json":
        print(json.dumps({"ok": not report.problems, "programs": report.programs,
                          "policies": report.policies, "markdown": report.markdown,
                          "problems": [p.as_dict() for p in report.problems]},
                         ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(problem)
        summary = (f"检查了 {report.programs} 个事项、{report.policies} 个政策文件、"
                   f"{report.markdown} 个 Markdown 文件: ")
        if report.problems:
            print(f"{summary}发现 {len(report.problems)} 个问题 (found {len(report.problems)} problems)",
                  file=sys.stderr)
        else:
            print(f"{summary}没有发现问题 (no problems found)", file=sys.stderr)
    return 1 if report.problems else 0


def run_new(root: Path, kind: str, entry_id: str) -> int:
    problem = id_problem(entry_id)
    if problem and kind != "guide":
        print(f"编号 '{entry_id}' 无效: {problem[0]}。{problem[1]}", file=sys.stderr)
        return 2
    template, pattern = TARGETS[kind]
    layout = Layout()
    target = root / pattern.format(programs=layout.programs, policies=layout.policies, id=entry_id)
    if target.exists():
        print(f"{target.relative_to(root)} 已存在, 不会覆盖 (refusing to overwrite)。"
              "请换一个编号, 或直接编辑现有文件。", file=sys.stderr)
        return 1
    text = (TEMPLATES / template).read_text("utf-8").replace("{id}", entry_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    print(f"已创建 {target.relative_to(root)}; 填写后运行 policybook check 检查, make serve 预览。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policybook", description="Policybook 内容工具")
    parser.add_argument("--root", type=Path, default=None, help="项目根目录 (默认: 包含 conf.py 的目录)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="检查全部事项、政策和指南 (不需要构建网站)")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    new_cmd = commands.add_parser("new", help="从模板新建事项、政策或指南")
    new_cmd.add_argument("kind", choices=tuple(TARGETS))
    new_cmd.add_argument("id", help="编号 (即文件名), 如 patent-subsidy")
    serve_cmd = commands.add_parser("serve", help="预览网站: 保存文件后自动更新浏览器中的页面")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("-j", "--jobs", type=int, default=None,
                           help="第一次生成用几个进程 (默认: CPU 核数)")
    serve_cmd.add_argument("--build-dir", type=Path, default=None,
                           help="输出目录, 其中 html/ 是网站, doctrees/ 是缓存 (默认: _build)")
    args = parser.parse_args(argv)
    root = (args.root or find_root(Path.cwd())).resolve()
    if args.command == "check":
        return run_check(root, args.format)
    if args.command == "serve":
        from ..preview import run

        return run(root, args.host, args.port, args.jobs, args.build_dir)
    return run_new(root, args.kind, args.id)


if __name__ == "__main__":
    sys.exit(main())
