"""Each case file keeps its own backup history (issue 19 §3): a plain copy gets its own identity on first open as a
copy, and listing and rotation in any folder go by the file's own identity."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ssdesk.cli import main
from ssdesk.safety.backups import backup_now, list_backups
from ssdesk.store import Store


def run(*args: str) -> int:
    return main(["--lang", "en", *args])


def file_id(path: Path) -> str | None:
    with Store.open(path, readonly=True) as s:
        return s.meta("file_id")


@pytest.fixture
def original(tmp_path: Path) -> Path:
    path = tmp_path / "office.ssdesk"
    with Store.open(path) as s:
        s.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee")
    return path


def test_backups_of_a_copy_never_rotate_away_the_originals(original: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "laptop.ssdesk"
    shutil.copyfile(original, copy)  # a plain copy: same file id inside
    folder = tmp_path / "shared-backups"
    assert run("backup", str(original), "--to", str(folder)) == 0
    for _ in range(12):
        assert run("backup", str(copy), "--to", str(folder)) == 0
    capsys.readouterr()
    assert run("backups", str(original), "--in", str(folder), "--json") == 0
    mine = json.loads(capsys.readouterr().out)
    assert len(mine) == 1 and Path(mine[0]["path"]).exists()  # the original's only backup survived
    assert run("backups", str(copy), "--in", str(folder), "--json") == 0
    theirs = json.loads(capsys.readouterr().out)
    assert 1 <= len(theirs) <= 12 and mine[0]["path"] not in {b["path"] for b in theirs}
    assert file_id(copy) != file_id(original)
    with Store.open(copy) as s:
        assert s.meta("copied_from") == file_id(original)


def test_default_folders_part_once_the_copy_is_opened(original: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.ssdesk"
    shutil.copyfile(original, copy)
    with Store.open(copy) as s:
        theirs = backup_now(s)
    with Store.open(original) as s:
        mine = backup_now(s)
    assert theirs.parent != mine.parent
    assert [b.path for b in list_backups(original)] == [mine]
    assert [b.path for b in list_backups(copy)] == [theirs]


def test_a_moved_file_keeps_its_identity_and_its_backups(original: Path, tmp_path: Path) -> None:
    with Store.open(original) as s:
        before = backup_now(s)
        ident = s.meta("file_id")
    moved = tmp_path / "moved" / "office.ssdesk"
    moved.parent.mkdir()
    original.rename(moved)
    with Store.open(moved) as s:
        assert s.meta("file_id") == ident
    assert [b.path for b in list_backups(moved)] == [before]
