"""What one committed transaction changed, as the store announces it to its listeners (the GUI's notifier, search).

A module of its own so that the audit hook, which fills it during a flush, and the store, which hands it out after
the commit, both import it at the top without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """What one committed transaction changed: entity (table) name → ids."""

    inserted: dict[str, set[str]] = field(default_factory=dict)
    updated: dict[str, set[str]] = field(default_factory=dict)
    deleted: dict[str, set[str]] = field(default_factory=dict)

    @property
    def entities(self) -> set[str]:
        return set(self.inserted) | set(self.updated) | set(self.deleted)


#: A function the store calls after each commit that changed something (:meth:`ssdesk.store.Store.subscribe`).
Listener = Callable[[Change], None]
