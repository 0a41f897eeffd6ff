extensions = ["policybook"]
language = "zh_CN"
include_patterns = ["index.md", "source/**", "docs/**"]
policybook_reference_date = "2026-11-21"
html_theme = "basic"
