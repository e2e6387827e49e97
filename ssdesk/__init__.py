"""ssdesk core: the case file of a supervision office, usable without any GUI.

Nothing in this package may import Qt (tests/core/test_layout.py enforces it): the GUI in ``ui/``, the CLI and the
tests are all clients of :class:`ssdesk.store.Store`.
"""

__version__ = "0.1.0"
