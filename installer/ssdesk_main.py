"""Entry point of the frozen app (PyInstaller): exactly the ``ssdesk`` command of an installed ssdesk."""

import sys

from ssdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
