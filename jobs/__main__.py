"""python -m jobs: run the scheduled jobs alone, exactly as `actionbot scheduler` does."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main(["scheduler", *sys.argv[1:]]))
