"""Long document jobs report progress while the PDF or DOCX is being laid out, and Cancel stops them there."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssdesk.demo import build_demo
from ssdesk.store import Store
from ui import jobs
from ui.features.documents.followup import make_followup

ALL = {"unit": None, "delegation": None, "status": None}


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "case.ssdesk", user="t@t") as s:
        build_demo(s)
        yield s


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_progress_moves_during_the_layout_and_cancel_stops_it(store: Store, tmp_path: Path, fmt: str) -> None:
    seen: list[tuple[float, str]] = []
    target = tmp_path / f"report.{fmt}"
    assert make_followup(store, fmt, target, ALL, allow_secret=True)(
        lambda f, m: seen.append((f, m)), lambda: False) == target
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    during = [m for f, m in seen if 0.5 < f < 0.95]
    assert during, seen  # the bar moves while the file is being written, not only between steps
    before_layout = len(seen) - len(during) - 1  # the steps up to "Writing the … file"
    asked: list[int] = []

    def cancel_while_writing() -> bool:  # Cancel pressed once the layout has started
        asked.append(1)
        return len(asked) > before_layout

    stopped = tmp_path / f"stopped.{fmt}"
    with pytest.raises(jobs.JobCancelled):
        make_followup(store, fmt, stopped, ALL, allow_secret=True)(lambda _f, _m: None, cancel_while_writing)
    assert not stopped.exists() and len(asked) > before_layout
