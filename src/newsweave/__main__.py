"""`python -m newsweave`: the same as the `newsweave` command."""

import sys

from newsweave.cli import main

sys.exit(main())
