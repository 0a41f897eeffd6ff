"""Sphinx configuration for the Policybook sample site (明湖县科学技术局, sample data)."""

import contextlib
import io
import os
import sys
from urllib.parse import urlsplit

with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401  (silences its import-time "matplotlib is not installed")

sys.path.insert(0, os.path.abspath("_ext"))

project = "明湖县科技政策服务平台"
author = "明湖县科学技术局"
copyright = "明湖县科学技术局（示例数据）"
language = "zh_CN"

extensions = [
    "policybook",
    "sphinx_last_updated_by_git",  # last updated date from Git, per page
    "notfound.extension",  # 404.html whose links work from any depth and sub-path
    "sphinxext.opengraph",  # OpenGraph and description meta on every page
]

# Where the site is published. Absolute URLs (sitemap, feeds, OpenGraph, robots.txt) use it;
# every link inside the pages stays relative, so the site also works from a sub-path or file://.
html_baseurl = os.environ.get("POLICYBOOK_BASE_URL", "https://kjj.minghu.example.gov.cn/")
if not html_baseurl.endswith("/"):
    html_baseurl += "/"

root_doc = "index"
# Who the build is for. The public site (make html) carries enterprise content only: index.md
# and source/ (programs, policies, 办事指南). The staff build (make staff: POLICYBOOK_AUDIENCE=staff,
# into _build/staff) adds the staff & maintainer documentation in docs/, a 工作人员文档 section in
# the navigation and the 编辑此页 / 查看源文件 links; the public site links to no code host.
STAFF_BUILD = os.environ.get("POLICYBOOK_AUDIENCE", "public") == "staff"
# Only these folders are the site; everything else in the repository is tooling.
include_patterns = ["index.md", "source/**", *(["docs/**"] if STAFF_BUILD else [])]
exclude_patterns = ["_build", ".venv", "**/README.md"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
# Phone numbers in guides and the institution page are tappable on a phone: [0123-6872100](tel:0123-6872100)
myst_url_schemes = {"http": None, "https": None, "mailto": None, "tel": None}

# Statuses (申报中 / 已截止 …) are computed for this date; empty means the build day
# (or SOURCE_DATE_EPOCH). Pin it for reproducible builds: POLICYBOOK_DATE=2026-11-21 make html
policybook_reference_date = os.environ.get("POLICYBOOK_DATE", "")
policybook_area = "江南省江州市明湖县"

# Government-site footer (政府网站发展指引) on every page, 我为政府网站找错 and 网站地图.
# Sample values: every name and number below is fictional (示例). An empty value hides its item.
policybook_sponsor = "明湖县科学技术局（示例）"
policybook_organizer = "明湖县科技创新服务中心（示例）"
policybook_site_code = "0000000000（示例）"
policybook_icp_record = "江南ICP备00000000号-1（示例）"
policybook_police_record = "江南公网安备33000000000000号（示例）"
policybook_about_page = "source/about"
policybook_contact_page = "source/contact"
policybook_privacy_page = "source/privacy"
policybook_sitemap_page = "source/sitemap"
policybook_correction_url = "mailto:jiucuo@kjj.minghu.example.gov.cn"

# Staff build only: the staff documentation in the navigation, and where staff edit content
# (the 编辑此页 / 查看源文件 links on every page). Empty in the public build: no section, no links.
policybook_staff_docs = "docs/index" if STAFF_BUILD else ""
policybook_repository_url = (os.environ.get("POLICYBOOK_REPOSITORY_URL", "https://github.com/minghu-kjj/policybook")
                             if STAFF_BUILD else "")
policybook_repository_branch = os.environ.get("POLICYBOOK_REPOSITORY_BRANCH", "main")

html_theme = "sphinx_book_theme"
html_last_updated_fmt = "%Y-%m-%d"  # from Git (sphinx-last-updated-by-git) where available
html_title = "明湖县科技政策服务平台"
html_theme_options = {
    "show_navbar_depth": 1,
    "collapse_navbar": True,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "use_download_button": False,
    "use_fullscreen_button": False,  # its button uses an inline onclick handler
    "article_footer_items": ["policybook-page-meta.html", "policybook-correction.html"],
    "article_header_end": ["policybook-elder-toggle.html", "article-header-buttons.html"],
    "footer_content_items": ["policybook-site-footer.html", "copyright"],
    "search_bar_text": "搜索事项、政策、指南",
}
html_favicon = "source/_static/favicon.svg"
html_use_index = False
html_copy_source = False
html_show_sourcelink = False

# 404 page: absolute links under the site's path, so it works at any missing URL
notfound_urls_prefix = urlsplit(html_baseurl).path
notfound_context = {
    "title": "页面不存在",
    # links relative to the site's root: policybook makes them absolute under notfound_urls_prefix
    "body": "<h1>页面不存在</h1><p>访问的页面不存在或已移动。请从<a href=\"index.html\">首页</a>"
            "查找申报事项，或使用<a href=\"source/finder.html\">政策查找</a>、"
            "<a href=\"source/calendar.html\">申报日历</a>和页面顶部的搜索。</p>",
}

# OpenGraph / description meta
ogp_site_url = html_baseurl
ogp_site_name = html_title
ogp_social_cards = {"enable": False}
ogp_type = "website"
