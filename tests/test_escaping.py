"""Injected text is inert everywhere it is published: pages, search index, JSON exports,
JSON-LD, Atom feeds and calendar files; links keep to http, https, mailto and tel.

Regression tests for the text-field renderer are at the end of this file.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from sphinx_helpers import Site


def warning_lines(result) -> list[str]:
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.warnings)
    return [line.split("WARNING: ", 1)[0].rsplit("/src/", 1)[-1] + line.split("WARNING: ", 1)[1]
            for line in plain.splitlines() if "WARNING: " in line]


# --- regressions -------------------------------------------------------------------------------

SMUGGLED = """summary: |
  [ftp](ftp://files.example/x) <custom:foo> [电话](tel:0123-5550103)

  ```{eval-rst}
  `rst <javascript:alert(1)>`_

  .. meta::
     :http-equiv=refresh: 0;url=https://evil.example/
  ```

  ```{button-link} JaVa\tScRiPt:alert(2)
  按钮
  ```

  {download}`密码 <../../../../../../../../../../etc/passwd>`
"""


def test_text_fields_cannot_smuggle_links_meta_tags_or_files(tmp_path):
    """Only Markdown's own link syntax was filtered (by markdown-it): ``{eval-rst}`` links,
    directive options and autolinks published javascript:, ftp: and made-up schemes, ``.. meta::``
    planted a redirect in the page head, and ``{download}`` copied any readable file on the
    build machine into the site. tel: links, which MyST does not know, were broken."""
    site = Site(tmp_path)
    site.edit("source/programs/ip-pledge.yaml", "summary: 按利息的一半给予贴息。\n", SMUGGLED)
    result = site.build()
    found = [line for line in warning_lines(result) if "[policybook." in line]
    assert found == [
        "source/programs/ip-pledge.yaml:9: 不安全的链接 'ftp://files.example/x' (unsafe link scheme) 提示: 只允许 http、https、mailto 和 tel 链接 [policybook.url]",
        "source/programs/ip-pledge.yaml:9: 不安全的链接 'custom:foo' (unsafe link scheme) 提示: 只允许 http、https、mailto 和 tel 链接 [policybook.url]",
        "source/programs/ip-pledge.yaml:12: 不安全的链接 'javascript:alert(1)' (unsafe link scheme) 提示: 只允许 http、https、mailto 和 tel 链接 [policybook.url]",
        "source/programs/ip-pledge.yaml:18: 不安全的链接 'JaVaScRiPt:alert(2)' (unsafe link scheme) 提示: 只允许 http、https、mailto 和 tel 链接 [policybook.url]",
        "source/programs/ip-pledge.yaml:9: 文字中不能设置页面的 meta 信息 (meta tags are not allowed in text fields) 提示: 删除 meta 指令 [policybook.meta]",
        "source/programs/ip-pledge.yaml:22: 不能引用网站源文件目录以外的文件: '../../../../../../../../../../etc/passwd' (file outside the source folder) 提示: 把文件放进源文件目录 (如 source/forms/), 并用相对路径引用 [policybook.file]",
    ]
    html = (result.app.outdir / "source/programs/ip-pledge.html").read_text("utf-8")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert not [h for h in hrefs if re.match(r"(?i)\s*(javascript|ftp|custom|data)", h)], hrefs
    assert "tel:0123-5550103" in hrefs
    assert BeautifulSoup(html, "html.parser").find_all("meta", attrs={"http-equiv": True}) == []
    assert not list((result.app.outdir / "_downloads").rglob("passwd"))
