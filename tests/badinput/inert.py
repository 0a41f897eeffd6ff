"""Is a generated HTML page inert? What injected text must never turn into.

A page passes when every script is one the site itself ships (a file, JSON-LD that parses, or an
inline snippet that a clean page of the same build also has), no element carries an event
handler, no active or page-redirecting element (iframe, object, embed, svg, base, form, meta
refresh …) appears beyond those the clean page has (the theme's search form and icons), every
URL uses http, https, mailto or tel (or is relative), and every link to another site has
rel="noopener noreferrer".
"""

from __future__ import annotations

import json
import re
from collections import Counter

from bs4 import BeautifulSoup

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "cite")
FORBIDDEN_TAGS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "svg", "math",
                  "portal", "dialog")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_NOISE = re.compile(r"[\x00-\x20\x7f]")


def scheme_of(url: str) -> str | None:
    match = _SCHEME.match(_NOISE.sub("", url))
    return match.group(1).lower() if match else None


def _inline_scripts(soup) -> set[str]:
    return {script.string or "" for script in soup.find_all("script")
            if not script.get("src") and script.get("type") != "application/ld+json"}


def _active_tags(soup) -> Counter:
    return Counter(tag.name for tag in soup.find_all(FORBIDDEN_TAGS))


def problems(html: str, baseline: str = "") -> list[str]:
    """What is not inert about ``html`` compared with ``baseline``, a clean page of the same
    build; [] when it is inert."""
    found: list[str] = []
    soup = BeautifulSoup(html, "html.parser")
    clean = BeautifulSoup(baseline, "html.parser")
    allowed_inline = _inline_scripts(clean)
    for script in soup.find_all("script"):
        if script.get("src"):
            if scheme_of(script["src"]) is not None or script["src"].startswith("//"):
                found.append(f"script from another site: {script['src']}")
        elif script.get("type") == "application/ld+json":
            try:
                json.loads(script.string or "")
            except ValueError:
                found.append(f"JSON-LD that does not parse: {str(script.string)[:80]!r}")
        elif (script.string or "") not in allowed_inline:
            found.append(f"inline script: {str(script)[:80]!r}")
    for raw in re.findall(r"<script type=\"application/ld\+json\">(.*?)</script", html, re.DOTALL | re.IGNORECASE):
        if "<!--" in raw or re.search(r"</?script", raw, re.IGNORECASE):
            found.append(f"JSON-LD carries markup: {raw[:80]!r}")
    extra = _active_tags(soup) - _active_tags(clean)
    found += [f"<{name}> element (x{count})" for name, count in sorted(extra.items())]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"event handler <{tag.name} {name}>")
            if name.lower() in URL_ATTRIBUTES:
                scheme = scheme_of(str(value))
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    found.append(f"<{tag.name} {name}={value!r}>")
        if tag.name == "meta" and tag.get("http-equiv"):
            found.append(f"<meta http-equiv={tag['http-equiv']!r}>")
        if tag.name == "img" and tag.get("src") in ("x", ""):
            found.append("injected <img>")
    return found


def external_links_without_rel(html: str) -> list[str]:
    """Links in the page body to other sites that lack rel="noopener noreferrer"."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.find(attrs={"role": "main"}) or soup.find("main") or soup.find("article") or soup.body or soup
    return [tag.get("href") for tag in body.find_all("a")
            if scheme_of(tag.get("href", "")) in ("http", "https")
            and not {"noopener", "noreferrer"} <= set(tag.get("rel") or [])]
