"""What one command of the ``ssdesk`` command line may do to files: read commands never create, convert or write a
case file, and a command that fails leaves no new case file behind (issue 19 §8).

Why a guard around the command rather than a flag on each call: ``list`` or ``search`` on a zero-byte file once
turned it into a case file, and a failed ``import`` into a missing FILE left an empty case file — each command
opened its file its own way. :func:`ssdesk.cli.open_store` asks :func:`current` how to open: read-only for a read
command, and it reports a file it creates so that the guard removes it again when the command fails.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Commands that only read their case file: opened read-only (no lock, no migration, no initialisation).
READ_COMMANDS = frozenset({"list", "export", "search", "remind", "report-upward", "package"})
#: What SQLite and ssdesk put beside a case file; removed with a case file the failed command created.
BESIDE = ("-wal", "-shm", "-journal", ".lock")


@dataclass
class CommandGuard:
    name: str
    created: list[Path] = field(default_factory=list)
    code: int | None = None

    @property
    def readonly(self) -> bool:
        return self.name in READ_COMMANDS

    def creating(self, path: str | os.PathLike[str]) -> None:
        """``path`` does not exist yet and the command is about to create it."""
        p = Path(path).expanduser().resolve()
        if not p.exists():
            self.created.append(p)

    def result(self, code: int) -> int:
        self.code = code
        return code

    def undo(self) -> None:
        for p in self.created:
            for extra in ("", *BESIDE):
                with contextlib.suppress(OSError):
                    Path(str(p) + extra).unlink(missing_ok=True)


_current: list[CommandGuard] = []


def current() -> CommandGuard | None:
    """The guard of the command running now (None outside the command line: the GUI, tests calling Store)."""
    return _current[-1] if _current else None


@contextlib.contextmanager
def command_guard(name: str) -> Iterator[CommandGuard]:
    """Run one command under a guard: when it raises or returns non-zero, the case files it created are removed."""
    guard = CommandGuard(name)
    _current.append(guard)
    try:
        yield guard
    except BaseException:
        guard.undo()
        raise
    else:
        if guard.code:
            guard.undo()
    finally:
        _current.remove(guard)
