"""A lenient UTF-8 codec for Sphinx's reader (to be replaced by decoding in the parser)."""

from __future__ import annotations

import codecs


def _lenient_utf8(name: str):
    """A codec that never raises while Sphinx reads a file, so a GBK file becomes a located
    policybook warning (raised by our loaders, which read the bytes) instead of a traceback."""
    if name != "policybook_utf8":
        return None
    base = codecs.lookup("utf-8-sig")

    def decode(data, errors="strict"):
        return base.decode(data, "replace")

    class LenientDecoder(base.incrementaldecoder):  # type: ignore[name-defined, misc]
        def __init__(self, errors: str = "strict") -> None:
            super().__init__("replace")

    return codecs.CodecInfo(base.encode, decode, name="policybook-utf8",
                            incrementalencoder=base.incrementalencoder,
                            incrementaldecoder=LenientDecoder,
                            streamreader=base.streamreader, streamwriter=base.streamwriter)


codecs.register(_lenient_utf8)


def config_inited(app, config) -> None:
    config.source_encoding = "policybook_utf8"
