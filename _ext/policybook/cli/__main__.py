"""``python -m policybook.cli``: the same as the ``policybook`` command."""

import sys

from . import main

sys.exit(main())
