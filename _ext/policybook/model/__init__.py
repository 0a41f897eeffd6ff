"""The content model: YAML and front matter in, validated plain data and located problems out.

Pure Python (a test fails if anything here imports Sphinx or docutils), so the build, the
``policybook`` command and the tests all read a file the same way. The flow inside:
``strictyaml`` (bytes → located node tree) → ``schema`` (built from ``fields``, ``shapes``
and ``rules``) → ``loading`` (one file → data + problems). ``vocab``, ``refs``, ``status``,
``selection``, ``matching`` and ``formatting`` are the rules that data obeys.
"""
