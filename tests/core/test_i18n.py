"""Every visible string has a Vietnamese translation, and the compiled catalogue matches its source."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from ssdesk import i18n
from ssdesk.enums import RecStatus

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> Any:
    if importlib.util.find_spec("babel") is None:
        pytest.skip("Babel (the test extra) is not installed")
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_catalogue_is_complete_and_compiled() -> None:
    assert _tool().problems() == []


def test_a_mo_is_stale_when_a_translation_differs_not_when_only_the_header_does(tmp_path: Path) -> None:
    """A fresh clone gets whatever Babel is newest; its version is written in the header and must not matter."""
    tool = _tool()
    catalog = tool.load("vi")
    catalog.version = "99.0"  # another header, same translations
    mo = tmp_path / "ssdesk.mo"
    mo.write_bytes(tool.mo_bytes(catalog))
    assert mo.read_bytes() != tool.mo_bytes(tool.load("vi"))
    assert tool.mo_is_current(mo, tool.load("vi"))
    changed = tool.load("vi")
    message = next(m for m in changed if m.id == "supervised unit")
    message.string = "đơn vị khác"
    assert not tool.mo_is_current(mo, changed)
    assert not tool.mo_is_current(tmp_path / "missing.mo", changed)


def test_switching_language_needs_no_restart() -> None:
    assert RecStatus.DONE.label == "Done (verified)"
    i18n.set_language("vi")
    assert RecStatus.DONE.label == "Đã hoàn thành"
    assert RecStatus.REPORTED_DONE.label == "Đơn vị báo cáo đã hoàn thành"
    i18n.set_language("en")
    assert RecStatus.IN_PROGRESS.label == "In progress"


def test_unknown_language_falls_back_to_vietnamese() -> None:
    assert i18n.set_language("fr") == "vi"
    assert RecStatus.NEW.label == "Chưa thực hiện"
