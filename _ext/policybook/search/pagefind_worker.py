"""Run Pagefind for one build, started early so it is warm when the pages are ready.

The build starts this script (a process of its own: a thread would not survive Sphinx forking
its ``-j`` workers) while Sphinx reads. It launches Pagefind's service through Pagefind's
Python API and indexes one small Chinese page, which loads the word segmenter (about 0.2 s).
Then it waits for one JSON line on stdin:
``{"site": …, "output": …, "root_selector": …, "exclude_selectors": [...]}`` indexes
``site`` into ``output`` and prints ``{"ok": true, "pages": n}``; an empty line ends it with
nothing done. Errors print ``{"ok": false, "error": "…"}``.
"""

from __future__ import annotations

import asyncio
import json
import sys

WARM_UP = ('<html lang="zh-CN"><body><h1>科技创新券申报指南</h1>'
           '<p>企业研发投入补助、知识产权质押融资贴息</p></body></html>')


async def index_site() -> dict:
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    try:
        warm = await service.create_index(IndexConfig())
        await warm.add_html_file(content=WARM_UP, url="/warm-up.html")
        line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        if not line.strip():
            return {"ok": True, "pages": 0}
        job = json.loads(line)
        config = IndexConfig(root_selector=job["root_selector"], exclude_selectors=job["exclude_selectors"],
                             keep_index_url=True)
        index = await service.create_index(config)
        added = await index.add_directory(job["site"])
        await index.write_files(output_path=job["output"])
        return {"ok": True, "pages": added.get("page_count", 0)}
    finally:
        await service.close()


def main() -> int:
    try:
        result = asyncio.run(index_site())
    except Exception as error:  # noqa: BLE001 - reported to the build, which warns
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
