"""``python -m policybook.editor [DIR]``: write the editor JSON Schemas (default: this package)."""

import argparse
from pathlib import Path

from . import SCHEMA_DIR, write

parser = argparse.ArgumentParser(prog="python -m policybook.editor",
                                 description="生成编辑器用的 JSON Schema (事项和政策文件的自动补全与检查)")
parser.add_argument("dir", nargs="?", type=Path, default=SCHEMA_DIR, help="输出目录 (默认: 扩展自带的 editor/ 目录)")
for path in write(parser.parse_args().dir):
    print(path)
