import sys

from ssdesk.cli import main

sys.exit(main())
