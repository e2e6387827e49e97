"""No text cut off in the office server's Users dialog (issue 14.12), in Vietnamese and English, as it opens and
on a 1024×768 screen: the dialog needs a server, so it is walked here rather than with the other dialogs
(tests/ui/test_text_fits.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from helpers import private_settings  # noqa: E402
from text_fits import cut_texts, shot  # noqa: E402

from ssdesk.demo import build_demo  # noqa: E402
from ssdesk.i18n import language, set_language  # noqa: E402
from ssdesk.store import Store  # noqa: E402


@pytest.fixture
def settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    private_settings(tmp_path_factory.mktemp("settings"), monkeypatch)
    before = language()
    yield
    set_language(before)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_users_dialog_shows_every_text_whole(qtbot: Any, settings: None, pg_url: str, lang: str) -> None:
    from ui.features.access.dialog import UsersDialog
    from ui.main_window import MainWindow

    set_language(lang)
    with Store.open(pg_url) as store:
        build_demo(store)
    window = MainWindow(Store.open(pg_url))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dialog = UsersDialog(window.store, window.access.permissions, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    found = cut_texts(dialog)
    shot(dialog, f"{lang}-users")
    dialog.resize(min(dialog.width(), 1024), min(dialog.height(), 768))
    qtbot.wait(20)
    found += [f"[1024×768] {p}" for p in cut_texts(dialog)]
    dialog.close()
    window.close()
    assert found == [], "\n".join(found)
