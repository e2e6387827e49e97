"""Writing a small file so that a reader sees either the old or the new content, never half of it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a private temporary file beside ``path`` (0600), fsync it, then rename it over ``path``: a crash at
    any moment leaves the old file or the new one (lock files and the backup index rely on this)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
