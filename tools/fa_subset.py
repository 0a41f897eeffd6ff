"""Make the small icon font the pages use instead of the theme's Font Awesome (issue 16, page weight).

pydata-sphinx-theme loads ``fontawesome.js`` (1.5 MB, 530 KB gzipped) on every page to turn
``<i class="fa-solid fa-bars">`` into SVG, and its CSS declares the 112 KB ``fa-solid-900.woff2``
for the icons drawn with CSS (admonition titles, breadcrumbs, external links, downloads). The
site drops the script (``templates/pydata/layout.html``) and draws every icon from the font
through the theme's own CSS; this script cuts that font down to the glyphs the pages can show:

* every ``fa-<name>`` class in the themes' templates, scripts and Python code, and in ours,
* every ``--pst-icon-*`` / ``--pst-breadcrumb-divider`` code point of the theme's CSS.

It writes ``_ext/policybook/static/pb-icons.woff2`` (a few KB) and ``pb-icons.css``: an
``@font-face`` for the same family and weight ("Font Awesome 7 Free", 900) with a
``unicode-range`` of just those code points, declared after the theme's. The browser then
takes these glyphs from the small font, and only a glyph outside the range (an icon added
later and not yet in the subset) would fetch the theme's full font: it still shows.
``tests/test_page_weight.py`` fails when a page uses an icon outside the range; then run

    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools brotli
    /tmp/ft/bin/python tools/fa_subset.py

(Reads the theme packages' files, from the running Python or else ``.venv``; fontTools and
brotli are not project dependencies.) Font Awesome Free: font under SIL OFL 1.1, icons CC BY 4.0.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _package(name: str) -> Path:
    """A theme package's folder, found without importing it (this runs outside the project's venv)."""
    spec = importlib.util.find_spec(name)
    if spec is not None and spec.origin:
        return Path(spec.origin).parent
    return next((ROOT / ".venv" / "lib").glob(f"python3*/site-packages/{name}"))


PYDATA = _package("pydata_sphinx_theme") / "theme" / "pydata_sphinx_theme"
BOOK = _package("sphinx_book_theme") / "theme" / "sphinx_book_theme"
THEME_CSS = PYDATA / "static" / "styles" / "pydata-sphinx-theme.css"
SOLID = PYDATA / "static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
OURS = ROOT / "_ext" / "policybook"
STATIC = OURS / "static"
FAMILY = "Font Awesome 7 Free"

_RULE = re.compile(r'([^{}]+)\{--fa:"\\([0-9a-f]+)"\}')
_NAME = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
_PST = re.compile(r'--pst-(?:icon-[a-z-]+|breadcrumb-divider):"(.)"')


def icon_codepoints(css: str) -> dict[str, int]:
    """``fa-<name>`` -> code point, from the theme's Font Awesome CSS (``.fa-bars{--fa:"\\f0c9"}``)."""
    found = {}
    for selectors, hexa in _RULE.findall(css):
        for selector in selectors.split(","):
            selector = selector.strip()
            if selector.startswith(".fa-"):
                found[selector[4:]] = int(hexa, 16)
    return found


def used_names(*roots: Path) -> set[str]:
    names = set()
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in (".html", ".js", ".py") and not path.name.endswith(".map") and path.name != "fontawesome.js":
                names.update(_NAME.findall(path.read_text("utf-8", "replace")))
    return names


def wanted(css: str, names: set[str]) -> dict[str, int]:
    icons = icon_codepoints(css)
    chosen = {name: icons[name] for name in sorted(names) if name in icons}
    for char in _PST.findall(css):
        chosen.setdefault(f"U+{ord(char):04X}", ord(char))
    return chosen


def unicode_range(codepoints) -> str:
    return ", ".join(f"U+{cp:04X}" for cp in sorted(set(codepoints)))


def main() -> int:
    from fontTools import subset

    css = THEME_CSS.read_text("utf-8")
    chosen = wanted(css, used_names(PYDATA.parent.parent, BOOK.parent.parent, OURS))
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 13, 14]  # copyright, family, style, licence, licence URL
    font = subset.load_font(str(SOLID), options)
    present = set(font.getBestCmap())
    chosen = {name: cp for name, cp in chosen.items() if cp in present}  # brand icons live in another font
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(set(chosen.values())))
    subsetter.subset(font)
    out = STATIC / "pb-icons.woff2"
    subset.save_font(font, str(out), options)
    names = ", ".join(name for name in chosen if not name.startswith("U+"))
    (STATIC / "pb-icons.css").write_text(
        "/* The icons the pages show, cut from the theme's Font Awesome Free solid font (SIL OFL 1.1;\n"
        "   icons CC BY 4.0) by tools/fa_subset.py: do not edit, re-run it. Declared after the theme's\n"
        "   @font-face for the same family and weight, so these code points come from this small file;\n"
        "   anything else still falls back to the theme's full font.\n"
        f"   Icons: {names}; and the theme's CSS icons (admonitions, breadcrumbs, links, downloads). */\n"
        "@font-face {\n"
        f'  font-family: "{FAMILY}";\n'
        "  font-style: normal;\n"
        "  font-weight: 900;\n"
        "  font-display: block;\n"
        '  src: url("pb-icons.woff2") format("woff2");\n'
        f"  unicode-range: {unicode_range(chosen.values())};\n"
        "}\n", "utf-8")
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size} bytes, {len(set(chosen.values()))} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
