"""pb-window.js works out "today" in Asia/Shanghai by arithmetic (UTC+8), not Intl: the first
Intl.DateTimeFormat with a time zone costs a page 40–100 ms. Same dates as Intl, checked in Node
around every midnight of several years (leap days, year ends)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

PB_WINDOW = Path(__file__).parent.parent / "_ext" / "policybook" / "static" / "pb-window.js"

SCRIPT = r"""
var vm = require("vm"), fs = require("fs");
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf-8"));
var W = globalThis.policybookWindow, out = [], zone = "Asia/Shanghai";
globalThis.document = { querySelector: function () {
  return { getAttribute: function () { return zone; } }; } };
var f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
for (var t = Date.UTC(1992, 0, 1); t < Date.UTC(2041, 0, 1); t += 86400000 * 7 + 3600000 * 5 + 60000 * 7) {
  for (var d = -2; d <= 2; d++) {  // a minute either side of midnight in China (16:00 UTC)
    var at = new Date(Math.floor(t / 86400000) * 86400000 + 16 * 3600000 + d * 60000);
    out.push([at.toISOString(), W.today(at), f.format(at)]);
  }
}
process.stdout.write(JSON.stringify(out));
"""


def test_fixed_offset_today_equals_intl():
    node = shutil.which("node")
    if not node:
        pytest.skip("node not found")
    run = subprocess.run([node, "-e", SCRIPT, str(PB_WINDOW)], capture_output=True, text=True, timeout=60,
                         check=True, env={"TZ": "America/Los_Angeles", "PATH": "/usr/bin:/bin"})
    rows = json.loads(run.stdout)
    assert len(rows) > 10_000
    wrong = [row for row in rows if row[1] != row[2]]
    assert not wrong, wrong[:5]
