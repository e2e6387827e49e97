"""Work-arounds for bugs of the Qt binding that would otherwise crash the app; each says when it can go.

PySide6 6.12.0 on Python 3.11: a call of a C++ method that returns ``void`` gives back ``None`` without taking a new
reference, so ``None``'s reference count falls by one per call (``setObjectName``, ``processEvents``, ``setText``…).
After some tens of thousands of calls — an afternoon of typing, or scrolling a long list — CPython aborts with
"Fatal Python error: none_dealloc: deallocating None" (reproduced here: 10,000 ``setObjectName`` calls). Python 3.12
made ``None`` immortal, so only 3.11 is hit. Giving ``None`` 2**32 extra references makes it as good as immortal
on 3.11 too. Remove when ssdesk requires Python ≥ 3.12 or a PySide6 release fixes it.
"""

from __future__ import annotations

import ctypes
import sys

EXTRA_REFERENCES = 1 << 32
_done = False


def keep_none_alive() -> bool:
    """Apply the work-around once per process (only on Python < 3.12); True when it was applied now."""
    global _done
    if _done or sys.version_info >= (3, 12):
        return False
    # ob_refcnt is the first field of every CPython object, and id() is the object's address
    ctypes.c_ssize_t.from_address(id(None)).value += EXTRA_REFERENCES
    _done = True
    return True
