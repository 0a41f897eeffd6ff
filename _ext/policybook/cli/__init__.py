"""The ``policybook`` command for staff: ``check`` the content, ``new`` entries, ``serve`` a preview,
``build`` and publish the site (what ``make html`` runs).

    policybook check [--format text|json] [--root DIR]
    policybook build [--build-dir DIR] [-- SPHINX-OPTIONS...]
    policybook new program|policy|guide|notice <id> [--root DIR]
    policybook serve [--host HOST] [--port PORT] [-j N] [--build-dir DIR] [--root DIR]
    policybook where-cited <policy-id>
    policybook replace-policy <old-id> <new-id> --map 3:2,8:7 [--dry-run]
    policybook rename-program <old-id> <new-id>
    policybook import-policy FILE.docx|FILE.pdf [--id ID]
    policybook export-sheet FILE.xlsx
    policybook import-sheet FILE.xlsx [--dry-run]
    policybook rollover YEAR [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..model.problems import NOTICE
from .chinese_argparse import ChineseArgumentParser
from .new import KINDS


def find_root(start: Path) -> Path:
    """The nearest folder holding conf.py (the project root), else ``start``."""
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file():
            return folder
    return start


def settings_of(root: Path):
    """The checked settings in ``root``'s conf.py (read as Sphinx reads it)."""
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    from ..config import PREFIX, from_values

    raw = Config.read(root, overrides={}, tags=Tags())._raw_config if (root / "conf.py").is_file() else {}
    return from_values({k: v for k, v in raw.items() if k.startswith(PREFIX)})[0]


def run_check(root: Path, fmt: str) -> int:
    from .check import check

    report = check(root)
    errors = [p for p in report.problems if not p.notice]
    notices = [p for p in report.problems if p.notice]
    if fmt == "json":
        print(json.dumps({"ok": not errors, "programs": report.programs,
                          "policies": report.policies, "notices": report.notices, "markdown": report.markdown,
                          "problems": [p.as_dict() for p in report.problems]},
                         ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(f"{problem.location()}: {NOTICE}{problem.text()}" if problem.notice else problem)
        summary = (f"检查了 {report.programs} 个事项、{report.policies} 个政策文件、"
                   + (f"{report.notices} 条通知公告、" if report.notices else "")
                   + f"{report.markdown} 个 Markdown 文件: ")
        summary += (f"发现 {len(errors)} 个问题 (found {len(errors)} problems)" if errors
                    else "没有发现问题 (no problems found)")
        if notices:
            summary += f"; 另有 {len(notices)} 条提示, 不影响发布"
        print(summary, file=sys.stderr)
    return 1 if errors else 0


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="policybook", description="Policybook 内容工具: 检查、预览、生成网站, 编辑事项和政策",
                                   epilog="每个命令的详细用法: policybook <命令> --help, 如 policybook check --help")
    parser.add_argument("--root", type=Path, default=None, help="项目根目录 (默认: 包含 conf.py 的目录)")
    commands = parser.add_subparsers(dest="command", required=True, title="命令", metavar="<命令>")
    check_cmd = commands.add_parser("check", help="检查全部事项、政策和指南 (不需要构建网站)")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text",
                           help="输出格式: text (默认, 每个问题一行) 或 json (给其他程序读)")
    new_cmd = commands.add_parser("new", help="从模板新建事项、政策、指南、通知公告、公示或政策解读")
    new_cmd.add_argument("kind", choices=tuple(KINDS),
                         help="新建什么: program (事项)、policy (政策)、guide (指南)、notice (通知公告)、"
                              "publicity (公示) 或 interpretation (政策解读)")
    new_cmd.add_argument("id", help="编号 (即文件名), 如 patent-subsidy")
    new_cmd.add_argument("--policy", help="新建政策解读 (interpretation) 时必填: 所解读政策的编号")
    serve_cmd = commands.add_parser("serve", help="预览网站: 保存文件后自动更新浏览器中的页面")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="监听地址 (默认: 127.0.0.1, 只有本机能打开)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="端口 (默认: 8000)")
    serve_cmd.add_argument("-j", "--jobs", type=int, default=None,
                           help="第一次生成用几个进程 (默认: CPU 核数)")
    serve_cmd.add_argument("--build-dir", type=Path, default=None,
                           help="输出目录, 其中 html/ 是预览网站, doctrees/ 是缓存 (默认: _build/preview; "
                                "不会用 make html 发布的 _build/html)")
    build_cmd = commands.add_parser("build", help="生成网站并在成功后发布到 _build/html (make html 运行的就是它)")
    build_cmd.add_argument("--build-dir", type=Path, default=Path("_build"), help="构建目录 (默认: _build)")
    build_cmd.add_argument("sphinx_args", nargs=argparse.REMAINDER,
                           help="-- 之后的参数原样交给 Sphinx (默认: -W --keep-going)")
    _content_tools(commands)
    return parser


def _content_tools(commands) -> None:
    """The commands that edit content for staff (policies replaced, programs renamed, Word in)."""
    cited_cmd = commands.add_parser("where-cited", help="列出引用某个政策的每一处 (文件:行:列)")
    cited_cmd.add_argument("policy", help="政策编号, 如 county-ip-measures")
    replace_cmd = commands.add_parser("replace-policy", help="把对旧政策的引用全部改为新政策的对应条款")
    replace_cmd.add_argument("old", help="旧政策编号")
    replace_cmd.add_argument("new", help="新政策编号")
    replace_cmd.add_argument("--map", default="", help="条款对应: 旧条号:新条号, 逗号分开, 如 3:2,8:7,9:7")
    replace_cmd.add_argument("--dry-run", action="store_true", help="只列出将修改的地方, 不写入文件")
    rename_cmd = commands.add_parser("rename-program", help="修改事项编号, 并改好所有引用它的地方")
    rename_cmd.add_argument("old", help="现在的编号")
    rename_cmd.add_argument("new", help="新编号")
    import_cmd = commands.add_parser("import-policy", help="从 Word 文档 (.docx) 或带文字层的 PDF 导入政策文件")
    import_cmd.add_argument("file", type=Path, help="Word 文档或 PDF, 如 明科发〔2026〕5号.docx (扫描件 PDF 没有文字, 不能导入)")
    import_cmd.add_argument("--id", default=None, help="政策编号 (即文件名), 如 county-ip-measures-2027")
    export_sheet = commands.add_parser("export-sheet", help="把全部事项导出为 Excel 表格 (.xlsx), 每行一个事项")
    export_sheet.add_argument("file", type=Path, help="要写入的表格, 如 事项.xlsx")
    import_sheet = commands.add_parser("import-sheet", help="把表格中改过的单元格写回事项 YAML 文件")
    import_sheet.add_argument("file", type=Path, help="export-sheet 导出并改过的表格")
    import_sheet.add_argument("--dry-run", action="store_true", help="只显示将修改的内容 (diff), 不写入文件")
    gather_cmd = commands.add_parser("gather", help="省级汇总: 把各县区网站的开放数据汇成一个政策查找页面")
    gather_cmd.add_argument("list", type=Path, help="县区列表 (YAML: counties: [{name, base_url, programs_json}])")
    gather_cmd.add_argument("--out", type=Path, required=True, help="生成页面的目录")
    rollover_cmd = commands.add_parser("rollover", help="把已截止的定期申报事项滚动到下一年的预计申报期 (写入文件供核对)")
    rollover_cmd.add_argument("year", type=int, help="滚动到哪一年, 如 2027")
    rollover_cmd.add_argument("--dry-run", action="store_true", help="只显示将修改的内容 (diff), 不写入文件")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = (args.root or find_root(Path.cwd())).resolve()
    if args.command == "build":
        from .build import run_build

        return run_build(root, args.build_dir, args.sphinx_args)
    if args.command == "check":
        return run_check(root, args.format)
    if args.command == "import-policy":
        from .import_policy import run_import_policy

        return run_import_policy(root, args.file.resolve(), args.id, settings_of(root))
    if args.command in ("export-sheet", "import-sheet"):
        from .sheet import run_export_sheet, run_import_sheet

        if args.command == "export-sheet":
            return run_export_sheet(root, args.file.resolve())
        return run_import_sheet(root, args.file.resolve(), args.dry_run)
    if args.command == "gather":
        from .gather import run_gather

        return run_gather(args.list.resolve(), args.out.resolve())
    if args.command == "rollover":
        from .rollover import run_rollover

        return run_rollover(root, args.year, args.dry_run, settings_of(root))
    if args.command == "rename-program":
        from .rename import run_rename_program

        return run_rename_program(root, args.old, args.new)
    if args.command in ("where-cited", "replace-policy"):
        from .citations import run_replace_policy, run_where_cited

        if args.command == "where-cited":
            return run_where_cited(root, args.policy)
        return run_replace_policy(root, args.old, args.new, args.map, args.dry_run)
    if args.command == "serve":
        from ..preview import run

        return run(root, args.host, args.port, args.jobs, args.build_dir)
    from .new import run_new

    return run_new(root, args.kind, args.id, settings_of(root), args.policy)


if __name__ == "__main__":
    sys.exit(main())
