"""Compare two py-spy profiles of builds of different sizes: what grew faster than the site.

py-spy samples a process from outside, so it sees pure Python as often as system calls (the
in-process sampler, ``probe/pb_bench_sampler.py``, can only sample when the build lets go of the
GIL). It is not a project dependency; install it in a throw-away venv and record raw stacks::

    python3 -m venv /tmp/spy && /tmp/spy/bin/pip install py-spy
    cd SRC && PB_EXT=… /tmp/spy/bin/py-spy record -r 50 -f raw -o small.txt -- \\
        .venv/bin/python -m sphinx -b html -q -j 1 -d OUT/doctrees SRC OUT/html
    .venv/bin/python bench/spy_compare.py small.txt large.txt --docs 2459 12231 [--self] [--top 40]

Each function's samples (inclusive, or ``--self``) in both, and its excess over a linear growth
from the small build (large − small × documents ratio), largest first. Hundreds of samples on
one line that cannot be slow (``relative_uri``, ``Node.document``) are the cyclic collector's
pauses landing wherever a collection started (issue 22, ``2026-12-05-marginal-gc.md``).
"""

from __future__ import annotations

import argparse
import collections
import re

_FRAME = re.compile(r" \((?:/[^)]*site-packages/|/[^)]*/_ext/|/usr/lib/python3\.\d+/)?([^)]*?):\d+\)$")


def load(path: str) -> tuple[collections.Counter, collections.Counter]:
    """(inclusive, self) samples per function, from py-spy's ``-f raw`` output."""
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    for line in open(path, encoding="utf-8", errors="replace"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_FRAME.sub(r" (\1)", frame) for frame in stack.split(";")]
        for frame in set(frames):
            inclusive[frame] += int(count)
        own[frames[-1]] += int(count)
    return inclusive, own


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("small")
    parser.add_argument("large")
    parser.add_argument("--docs", nargs=2, type=float, required=True, help="documents of each build")
    parser.add_argument("--self", dest="own", action="store_true", help="self samples, not inclusive")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    small, large = load(args.small), load(args.large)
    which = 1 if args.own else 0
    before, after = small[which], large[which]
    ratio = args.docs[1] / args.docs[0]
    total_small, total_large = sum(small[1].values()), sum(large[1].values())
    print(f"samples {total_small} → {total_large}; linear {total_small * ratio:.0f}; "
          f"excess {total_large - total_small * ratio:.0f}")
    rows = sorted(set(before) | set(after), key=lambda f: -(after[f] - before[f] * ratio))
    for frame in rows[:args.top]:
        print(f"{before[frame]:7d} {after[frame]:7d}  excess {after[frame] - before[frame] * ratio:8.0f}  {frame[:150]}")


if __name__ == "__main__":
    main()
