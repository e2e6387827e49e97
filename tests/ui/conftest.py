"""GUI tests run headless: the offscreen platform must be chosen before Qt is first imported."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from helpers import private_settings as use_private_settings  # noqa: E402

from ssdesk.i18n import language, set_language  # noqa: E402
from ssdesk.store import Store  # noqa: E402


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own QSettings folder and backup folder: nothing leaks into the user's real settings
    (recent files, language, last-seen dates) or between tests."""
    use_private_settings(tmp_path_factory.mktemp("settings"), monkeypatch)
    yield


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Assert on the English source strings, whatever catalogue the lead adds later."""
    before = language()
    set_language("en")
    yield
    set_language(before)


class Seeder:
    """Builds a case file's catalogue once and adds visits to it through the services, as the GUI would."""

    def __init__(self, store: Store) -> None:
        self.store = store
        programme = store.catalog.add_programme("CT-01/2024", "Chương trình giám sát năm 2024")
        delegation = store.catalog.add_delegation("Đoàn giám sát số 3", "Ban Thường vụ Thành ủy")
        self.units = [store.catalog.add_unit(name, "district_committee").id
                      for name in ("Quận ủy Hoàn Kiếm", "Quận ủy Đống Đa", "Quận ủy Cầu Giấy")]
        self.delegation_id = delegation.id
        self.programme_id = programme.id

    def visit(self, starts_at: str, *, unit: int = 0, **values: object) -> str:
        visit = self.store.visits.create(delegation_id=self.delegation_id, unit_id=self.units[unit % len(self.units)],
                                         programme_id=self.programme_id, starts_at=starts_at, **values)
        return visit.id

    def many(self, n: int) -> None:
        """``n`` visits in one transaction (one commit, not ``n`` fsyncs)."""
        with self.store.write():
            for i in range(n):
                self.visit(f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} {8 + i % 9:02d}:00", unit=i)


@pytest.fixture
def seeder() -> type[Seeder]:
    """The :class:`Seeder` class, as a fixture so tests need not import this conftest by module name."""
    return Seeder


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "doan-giam-sat.ssdesk"


@pytest.fixture
def seeded(case_path: Path) -> Callable[[int], Store]:
    """Open a fresh case file with ``n`` visits; the test (or the window owning it) closes the store."""

    def make(n: int = 3) -> Store:
        store = Store.open(case_path, user="test@host")
        add = Seeder(store)
        for i in range(min(n, 3)):
            add.visit(f"2024-02-{27 + i:02d} 08:00", unit=i, place=f"Hội trường tầng {i + 2}")
        if n > 3:
            add.many(n - 3)
        return store

    return make
