"""``python -m console`` = ``python main.py`` = the ``supervision-console`` command."""

import sys

from console.cli import main

sys.exit(main())
