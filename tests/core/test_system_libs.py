"""The system libraries of Qt's window, checked before Qt starts (issue 15): a missing one is named with the command
that installs it, instead of Qt's abort that names another library."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ssdesk.cli import main
from ui import system_libs


def test_a_missing_library_is_found_by_the_loader() -> None:
    assert system_libs.missing(["libssdesk-not-here.so.7", "libc.so.6"]) == ["libssdesk-not-here.so.7"]


def test_the_hint_names_the_packages_per_distribution() -> None:
    hint = system_libs.install_hint(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libssdesk-not-here.so.7"])
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in hint
    assert "sudo dnf install xcb-util-keysyms xcb-util-wm" in hint
    assert "libssdesk-not-here.so.7" in hint.splitlines()[-1]


def test_xcb_is_needed_only_where_qt_will_use_it() -> None:
    linux = sys.platform.startswith("linux")
    assert system_libs.needs_xcb({"DISPLAY": ":0"}) is linux
    assert system_libs.needs_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) is False
    assert system_libs.needs_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}) is False
    assert system_libs.needs_xcb({"QT_QPA_PLATFORM": "xcb"}) is linux
    assert system_libs.needs_xcb({}) is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XCB check is Linux's")
def test_ssdesk_says_what_to_install_instead_of_starting_qt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(system_libs.LIBRARIES, "libxcb-ssdesk-test.so.9", ("libxcb-ssdesk-test9", "xcb-ssdesk"))
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    # what this machine itself lacks is named too (a fresh Debian has no libxcb-icccm4): the whole list, in order
    absent = system_libs.missing(list(system_libs.LIBRARIES))
    assert "libxcb-ssdesk-test.so.9" in absent
    assert main(["--lang", "vi", "gui", str(tmp_path / "a.ssdesk")]) == 1
    err = capsys.readouterr().err
    assert "không mở được cửa sổ vì thiếu các thư viện hệ thống: " + ", ".join(absent) in err
    apt = next(line for line in err.splitlines() if "sudo apt-get install" in line)
    assert "libxcb-ssdesk-test9" in apt.split()
    assert not (tmp_path / "a.ssdesk").exists()  # nothing was opened, let alone created
