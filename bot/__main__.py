"""python -m bot runs the actionbot command."""

import sys

from bot.cli import main

sys.exit(main())
