extensions = ["policybook"]
language = "zh_CN"
include_patterns = ["index.md", "docs/**"]
policybook_reference_date = "2026-11-21"
# The sample site's theme and its CSP-clean options: every script on a page is the site's own.
html_theme = "sphinx_book_theme"
html_theme_options = {"use_download_button": False, "use_fullscreen_button": False}
