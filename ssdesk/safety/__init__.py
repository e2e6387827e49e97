"""Nothing is ever lost: backups, one writer at a time, crash safety checks, and merging laptops' files.

Core only (no Qt). See ``backups``, ``lock``, ``merge``, ``package``; ``commands`` adds the CLI subcommands.
"""

from ssdesk.safety.backups import (
    BackupInfo,
    Rotation,
    backup_due,
    backup_now,
    list_backups,
    newest_good_backup,
    restore,
    rotate,
    verify_case_file,
)
from ssdesk.safety.lock import FileLock, LockInfo, read_lock

__all__ = [
    "BackupInfo",
    "FileLock",
    "LockInfo",
    "Rotation",
    "backup_due",
    "backup_now",
    "list_backups",
    "newest_good_backup",
    "read_lock",
    "restore",
    "rotate",
    "verify_case_file",
]
