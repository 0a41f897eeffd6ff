"""A data file as a script the page runs: ``window.<name>=JSON.parse("…");`` (issue 22).

A page's precomputed first view (finder/first.py, finder/selfcheck_first.py), fetched, arrived
only after the theme's deferred scripts and the load event; as a deferred script listed before
the page's own script it is there when that script runs, so the first view is built at once.
Pure, no Sphinx.
"""

from __future__ import annotations

import json


def data_script(text: str, name: str) -> str:
    """The script that sets ``window[name]`` to the document whose JSON text is ``text``.

    The JSON text is given to ``JSON.parse`` as a string literal (a JSON string is one), so no
    key of the data can act as JavaScript (``__proto__``) and V8 parses it as fast as a fetch's
    ``json()``; raw U+2028/U+2029 are escaped for engines before ES2019. ``</script>`` needs no
    escape: the file is loaded by ``src``, never inlined (strict CSP).
    """
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"not a plain JavaScript name: {name!r}")
    literal = json.dumps(text.rstrip("\n"), ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{name}=JSON.parse({literal});\n"
