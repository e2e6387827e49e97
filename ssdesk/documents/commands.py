"""CLI hook: documents are made through ``ssdesk export`` (see ``ssdesk.cli``), so no subcommand of their own."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> dict[str, Any]:
    return {}
