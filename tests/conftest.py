"""Shared fixtures. Tests run headless and in English unless a test asks for Vietnamese."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from pg_cluster import pg_cluster, pg_url  # noqa: E402, F401 - fixtures for tests/server and tests/test_bundle.py

from ssdesk import i18n  # noqa: E402
from ssdesk.store import Store  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow (or set SSDESK_SLOW=1)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``@pytest.mark.slow`` tests (building the standalone app…) run only when asked for."""
    if config.getoption("--run-slow") or os.environ.get("SSDESK_SLOW", "") not in ("", "0"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow or SSDESK_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    monkeypatch.setenv("SSDESK_LANG", "en")  # the CLI reads it on every call
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(tmp_path_factory.mktemp("backups")))  # never the user's folder
    i18n.set_language("en")
    yield
    i18n.set_language("en")
    if "PySide6.QtCore" in sys.modules:  # a background job of this test ends here, not during the next one
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone()


@pytest.fixture(scope="session")
def empty_case_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, empty case file made once per test session: making one runs every migration (about a second);
    :func:`fresh_case_file` copies it."""
    path = tmp_path_factory.mktemp("empty-template") / "case.ssdesk"
    Store.open(path, user="tester@test").close()
    return path


def fresh_case_file(template: Path, target: Path) -> Path:
    """``target`` as a new case file: a copy of ``template`` with its own file id (merges and backups tell files
    apart by it) and the case file's permissions."""
    import shutil
    import sqlite3

    from ssdesk.models import new_id

    shutil.copyfile(template, target)
    os.chmod(target, 0o600)
    con = sqlite3.connect(target)
    try:
        with con:
            con.execute("UPDATE ssdesk_meta SET value = ? WHERE key = 'file_id'", (new_id(),))
    finally:
        con.close()
    return target


@pytest.fixture
def store(tmp_path: Path, empty_case_template: Path) -> Iterator[Store]:
    s = Store.open(fresh_case_file(empty_case_template, tmp_path / "case.ssdesk"), user="tester@test")
    yield s
    s.close()


@pytest.fixture(scope="module")
def demo_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    """The sample session in a case file shared by one test module (read by its tests, never changed)."""
    from ssdesk.demo import build_demo

    s = Store.open(tmp_path_factory.mktemp("demo") / "case.ssdesk", user="tester@test")
    visit_id = build_demo(s)
    yield s, visit_id
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample case file built once per test session (``build_demo`` costs a second or more): copy it with
    :func:`demo_copy`, never change it."""
    from ssdesk.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.ssdesk"
    with Store.open(path, user="tester@test") as s:
        visit_id = build_demo(s)
    return path, visit_id


@pytest.fixture
def demo_copy(demo_template: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    """A fresh copy of the sample case file for one test to change freely: (path, the sample visit's ID)."""
    import shutil

    target = tmp_path / "demo.ssdesk"
    shutil.copyfile(demo_template[0], target)
    return target, demo_template[1]


@pytest.fixture
def basics(store: Store) -> dict[str, str]:
    """A programme, a delegation and a unit valid until the district level ended."""
    prog = store.catalog.add_programme("08-CTr/TU", "Phát triển hệ thống an sinh xã hội")
    deleg = store.catalog.add_delegation("Đoàn giám sát số 1", "Ban Thường vụ Thành ủy Hà Nội")
    unit = store.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee", valid_to="2025-07-01")
    return {"programme": prog.id, "delegation": deleg.id, "unit": unit.id}
