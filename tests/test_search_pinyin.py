"""New names read from the kept pinyin dictionaries (search/pinyin_store.py) as pypinyin reads them.

Each check runs in a new Python process: the kept dictionaries are used only where pypinyin is
not loaded yet, which in the test process it usually is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx_helpers import ROOTS

EXT = Path(__file__).resolve().parent.parent / "_ext"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(EXT), os.environ.get("PYTHONPATH", "")])}

# Heteronyms in context (银行, 重庆, 长江, 行长, 了解了, 音乐), phrases running into each other,
# Latin letters and digits, punctuation, a character outside the CJK range read, and a rare one.
NAMES = ["银行贷款贴息", "重庆长江重大行长", "中国银行行长说了", "ABC科技2026年度", "乐乐音乐了解了",
         "一丁点儿不识", "《专利法》第二十三条（修订）", "高新技术企业认定", "科技创薪券", "𠀀字", "朝阳朝霞",
         "还款还是还书", "单于单位", "",  "长长长长"]


def run(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


WHOLE = """
import json, sys
from pathlib import Path
from pypinyin.constants import PHRASES_DICT
from policybook.search.pinyin import reading
from policybook.search.pinyin_store import save
names = json.loads(sys.argv[2])
phrases = sorted(PHRASES_DICT)
names += [phrases[n] + phrases[n * 7 % len(phrases)] for n in range(0, len(phrases), 97)]  # boundaries
save(Path(sys.argv[1]))
print(json.dumps({name: reading(name) for name in names}, ensure_ascii=False))
"""

CUT = """
import json, sys
from pathlib import Path
from policybook.search.entries import Readings
readings = Readings(Path(sys.argv[1]))
names = json.loads(sys.argv[2])
readings.prepare(names)
assert "pypinyin.phrases_dict" not in sys.modules and "pypinyin" not in sys.modules, "the whole pypinyin was loaded"
print(json.dumps({name: readings.of(name) for name in names}, ensure_ascii=False))
"""


def test_names_read_from_the_kept_dictionaries_as_pypinyin_reads_them(tmp_path):
    whole = json.loads(run(WHOLE, str(tmp_path), json.dumps(NAMES)))
    assert (tmp_path / "policybook-pinyin-store.sqlite").is_file()
    assert whole["银行贷款贴息"] == "yin hang dai kuan tie xi"  # a reading in context is there to compare
    cut = json.loads(run(CUT, str(tmp_path), json.dumps(list(whole))))
    assert cut == whole


def test_without_a_store_of_this_version_pypinyin_reads_them(tmp_path):
    (tmp_path / "policybook-pinyin-store.sqlite").write_bytes(b"not a database")
    code = CUT.replace('assert "pypinyin.phrases_dict" not in sys.modules and "pypinyin" not in sys.modules',
                       'assert "pypinyin.phrases_dict" in sys.modules')
    assert json.loads(run(code, str(tmp_path), json.dumps(["银行贷款"]))) == {"银行贷款": "yin hang dai kuan"}


def sphinx(src: Path, doctrees: Path, out: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(doctrees), str(src), str(out)],
                          capture_output=True, text=True, env=ENV, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_renamed_program_is_searchable_as_a_fresh_build_makes_it(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    sphinx(src, tmp_path / "doctrees", tmp_path / "html")
    assert (tmp_path / "doctrees" / "policybook-pinyin-store.sqlite").is_file()
    path = src / "source/programs/patent-grant.yaml"
    path.write_text(path.read_text("utf-8").replace("title: 发明专利授权资助", "title: 银行行长发明专利授权资助"), "utf-8")
    sphinx(src, tmp_path / "doctrees", tmp_path / "html")  # reads the new name from the kept dictionaries
    sphinx(src, tmp_path / "fresh-doctrees", tmp_path / "fresh")
    for name in ("search/index.json", "search/pinyin.json"):
        assert (tmp_path / "html" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    readings = json.loads((tmp_path / "html/search/pinyin.json").read_text("utf-8"))["readings"]
    assert any(spoken[0].startswith("yin hang hang zhang") for spoken in readings.values())
