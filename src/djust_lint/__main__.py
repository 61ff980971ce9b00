"""``python -m djust_lint``."""

import sys

from .cli.main import main

sys.exit(main())
