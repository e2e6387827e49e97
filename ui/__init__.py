"""The Qt layer of ssdesk: windows, dialogs, table models and background jobs over the core in ``ssdesk``."""

from ui.compat import keep_none_alive

keep_none_alive()  # before any Qt call: see ui.compat
