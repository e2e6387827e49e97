"""Feature lists fail loudly on a typo; only a missing third-party extra is skipped, with a warning."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ssdesk import cli
from ssdesk.extensions import MissingFeatureModule, import_present


def test_every_listed_feature_module_exists() -> None:
    modules = import_present(cli.EXTENSIONS)
    assert [m.__name__ for m in modules] == list(cli.EXTENSIONS)


def test_a_typo_in_a_project_module_name_raises_naming_it() -> None:
    with pytest.raises(MissingFeatureModule, match="ssdesk.documents.comands"):
        import_present(["ssdesk.search.commands", "ssdesk.documents.comands"])


def test_a_missing_project_package_raises_too() -> None:
    with pytest.raises(MissingFeatureModule, match="ui.featurez.catalog"):
        import_present(["ui.featurez.catalog"])


def test_a_feature_whose_third_party_extra_is_absent_is_skipped_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "h12_optional_feature.py").write_text("import surely_not_installed_pkg_h12\n", encoding="utf-8")
    (tmp_path / "h12_plain_feature.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="ssdesk.extensions"):
        modules = import_present(["h12_optional_feature", "h12_plain_feature"])
    assert [m.__name__ for m in modules] == ["h12_plain_feature"]
    assert "surely_not_installed_pkg_h12" in caplog.text and "h12_optional_feature" in caplog.text


def test_an_error_inside_a_present_module_propagates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "h12_broken_feature.py").write_text("raise RuntimeError('broken on import')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RuntimeError, match="broken on import"):
        import_present(["h12_broken_feature"])
