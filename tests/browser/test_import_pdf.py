"""``policybook import-policy FILE.pdf``: a policy from a PDF's text layer.

The PDF is made the way documents reach the bureau: a typeset page printed to PDF (here by
Chromium, with the CJK font the machine has), lines wrapped by the page width, a page number
at the foot. A scan has no text layer and is refused with what to do instead.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BASIC = Path(__file__).parent.parent / "roots" / "test-basic"
LONG = ("对在本县注册登记并纳税、上年度研发投入不低于销售收入百分之三、拥有自主知识产权并实施转化的企业，"
        "按照本办法给予资助，资助资金从县科技发展专项资金中列支，实行专款专用，不得挪作他用。")
HTML = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
body {{ font-family: "Noto Sans CJK SC", "Noto Sans CJK", sans-serif; font-size: 16pt; width: 14cm; }}
p {{ margin: 0 0 .6em; }} .c {{ text-align: center; }} footer {{ text-align: center; margin-top: 2em; }}
</style></head><body>
<p class="c">测试县科学技术局文件</p>
<p class="c">测科发〔2027〕2号</p>
<p class="c">测试县知识产权资助办法（2027年修订）</p>
<p>各乡镇人民政府，县直各单位：</p>
<p>第一章 总则</p>
<p>第一条 适用范围 {LONG}</p>
<p>第二条 为鼓励发明创造，对新授权的发明专利每件资助 5000 元。</p>
<p>第二章 附则</p>
<p>第三条 本办法自2027年3月1日起施行。</p>
<p>测试县科学技术局</p>
<p>二〇二七年二月十日</p>
<footer>- 1 -</footer>
</body></html>"""


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policybook.cli", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    return root


def print_pdf(browser, html: str, path: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.set_content(html)
    page.pdf(path=str(path), format="A4")
    context.close()


def test_a_typeset_pdf_becomes_a_policy_file(browser, project, tmp_path):
    source = tmp_path / "测科发〔2027〕2号.pdf"
    print_pdf(browser, HTML, source)
    done = run(project, "import-policy", str(source), "--id", "ip-measures-2027")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "已导入 source/policies/ip-measures-2027.md: 3 条"
    text = (project / "source/policies/ip-measures-2027.md").read_text("utf-8")
    front = text.split("---")[1]
    for line in ("title: 测试县知识产权资助办法（2027年修订）", "doc_number: 测科发〔2027〕2号",
                 "issuer: 测试县科学技术局", "published: 2027-02-10", "effective: 2027-03-01"):
        assert line in front, front
    # the article that wrapped over several lines is one paragraph again, without stray spaces
    assert "### 第一条 适用范围\n\n" + LONG + "\n" in text, text
    assert "- 1 -" not in text  # the page number is not policy text
    assert run(project, "check").returncode == 0


def test_a_scan_or_a_broken_file_is_refused_in_chinese(browser, project, tmp_path):
    scan = tmp_path / "scan.pdf"
    print_pdf(browser, "<!doctype html><html><body><svg width='400' height='300'><rect width='300' height='200' "
                       "fill='gray'/></svg></body></html>", scan)
    done = run(project, "import-policy", str(scan), "--id", "scanned")
    assert done.returncode == 2 and "扫描件" in done.stderr and "Word 版" in done.stderr
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really\n")
    done = run(project, "import-policy", str(broken), "--id", "broken")
    assert done.returncode == 2 and "无法作为 PDF 打开" in done.stderr
    assert not (project / "source/policies/scanned.md").exists() and not (project / "source/policies/broken.md").exists()
