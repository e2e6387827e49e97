"""Who is working: the person's own name and title, and the computer login they work under.

The login alone ("root@vm") says nothing to a reader of a follow-up history or of the audit log, so the app asks the
user once for their name and title and hands them to the core as a plain value (:class:`Identity`); the core never
asks anyone. A follow-up step records the person; the audit log records the person with the login beside it, so an
administrator can still tell which computer account made a change.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Column widths of ``follow_up.recorded_by`` and ``audit_log.user``: longer names are shortened, never refused.
MAX_RECORDED = 128


def _short(text: str, limit: int = MAX_RECORDED) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Identity:
    """The person at the keyboard. ``name`` and ``title`` are what they typed (may be empty: not asked yet);
    ``login`` is the computer account (``user@host``)."""

    login: str
    name: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", " ".join(self.name.split()))
        object.__setattr__(self, "title", " ".join(self.title.split()))

    @property
    def known(self) -> bool:
        """True once the user gave a name: until then the login stands in for them."""
        return bool(self.name)

    @property
    def person(self) -> str:
        """How a person is recorded where people read it ("Nguyễn Văn An, Chuyên viên"): name and title, or the
        login when no name was given."""
        if not self.name:
            return _short(self.login)
        return _short(f"{self.name}, {self.title}" if self.title else self.name)

    @property
    def audit_user(self) -> str:
        """The audit log's "who": the person with the login beside it ("Nguyễn Văn An, Chuyên viên [root@vm]")."""
        if not self.name:
            return _short(self.login)
        login = f" [{self.login}]"
        return _short(self.person, MAX_RECORDED - len(login)) + login
