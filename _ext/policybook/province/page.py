"""Write the province's 政策查找: one static page over the gathered counties' programs.

The page is the county sites' finder (``pb-finder.js`` and its helpers, copied from the
extension's static folder) on the merged data (``data/finder-core.json``, ``finder-text.json``
and ``finder.json``, cut by :mod:`policybook.finder`): no Sphinx build, no county page rebuilt.
Its keyword box ranks by the province's search (:mod:`.search`: names and full text).
Results link to the county pages (absolute URLs). Strict CSP: no inline script or style; every
text is escaped.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from ..finder.index import finder_document
from ..finder.split import core_document, text_document
from .search import write_search

STATIC = Path(__file__).resolve().parent.parent / "static"
# pb-query and pb-search: the keyword box ranks by the province's own search (.search)
ASSETS = ("pb-window.js", "pb-query.js", "pb-search.js", "pb-finder-core.js", "pb-finder.js", "pb-finder.css",
          "policybook.css")
AMOUNTS = "10000 100000 500000 1000000"


def _dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_site(out: Path, settings: dict, export: dict, counties: list[tuple[str, str, int]]) -> None:
    """``out``: index.html, the finder data and the scripts. ``counties``: (name, base_url, programs)."""
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "_static").mkdir(exist_ok=True)
    finder = finder_document(export)
    (out / "data/finder.json").write_text(_dumps(finder), "utf-8")
    (out / "data/finder-core.json").write_text(_dumps(core_document(finder)), "utf-8")
    (out / "data/finder-text.json").write_text(_dumps(text_document(finder)), "utf-8")
    for name in ASSETS:
        shutil.copyfile(STATIC / name, out / "_static" / name)
    write_search(out, export)
    (out / "index.html").write_text(page(settings["title"], export, counties), "utf-8")


def page(title: str, export: dict, counties: list[tuple[str, str, int]]) -> str:
    items = "\n".join(f'<li><a href="{html.escape(base, quote=True)}">{html.escape(name)}</a>'
                      f"（{count}项）</li>" for name, base, count in counties)
    scripts = "\n".join(f'<script defer src="_static/{name}"></script>' for name in ASSETS if name.endswith(".js"))
    styles = "\n".join(f'<link rel="stylesheet" href="_static/{name}">' for name in ASSETS if name.endswith(".css"))
    return f"""<!DOCTYPE html>
<html lang="zh-CN" data-content_root="./">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
{styles}
<link rel="preload" href="data/finder-core.json" as="fetch" type="application/json" crossorigin="anonymous">
{scripts}
</head>
<body class="pb-province">
<main class="bd-article">
<h1>{html.escape(title)}</h1>
<p>汇总以下县区网站发布的开放数据（data/programs.json）；点击事项名称，打开该县区网站上的事项页面。</p>
<ul class="pb-province-counties">
{items}
</ul>
<div class="pb-finder-root pb-finder" data-pb-finder="finder" data-pb-amounts="{AMOUNTS}">
<div class="pb-finder-fallback"><p>筛选功能需要浏览器启用 JavaScript。也可以直接访问上面各县区的网站：</p></div>
</div>
</main>
</body>
</html>
"""
